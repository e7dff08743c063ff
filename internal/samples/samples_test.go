package samples

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestRequireEnv: with BCDA_REQUIRE_SAMPLES set, a missing sample file fails
// the test instead of skipping it. The check runs in a child process so
// that the failure is observed, not suffered.
func TestRequireEnv(t *testing.T) {
	if os.Getenv("SAMPLES_CHILD") != "" {
		Lines(t, "no-such-sample.ndjson")
		return
	}
	for _, tt := range []struct {
		env      string
		wantFail bool
	}{{"", false}, {"1", true}} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestRequireEnv$", "-test.v")
		cmd.Env = append(os.Environ(), "SAMPLES_CHILD=1", RequireEnv+"="+tt.env)
		out, err := cmd.CombinedOutput()
		failed := err != nil
		if failed != tt.wantFail {
			t.Errorf("%s=%q: failed=%v, want %v\n%s", RequireEnv, tt.env, failed, tt.wantFail, out)
		}
		if !tt.wantFail && !strings.Contains(string(out), "SKIP") {
			t.Errorf("%s unset: the test did not skip\n%s", RequireEnv, out)
		}
	}
}
