package offline_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/bcda-go/bcda/client/offline"
)

func TestStartRejects(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts []offline.Option
		want string
	}{
		{"nil option", []offline.Option{nil}, "option 1 is nil"},
		{"no beneficiaries", []offline.Option{offline.Beneficiaries(0)}, "Beneficiaries(0)"},
		{"negative polls", []offline.Option{offline.Polls(-1, 0)}, "Polls(-1, 0)"},
		{"zero job duration", []offline.Option{offline.JobDuration(0)}, "JobDuration(0s)"},
		{"negative latency", []offline.Option{offline.Latency(-time.Second)}, "Latency(-1s)"},
		{"zero bandwidth", []offline.Option{offline.Bandwidth(0)}, "Bandwidth(0)"},
		{"nil logger", []offline.Option{offline.RequestLog(nil)}, "RequestLog(nil)"},
		{"empty address", []offline.Option{offline.ListenAddr("")}, "ListenAddr"},
		{"bad address", []offline.Option{offline.ListenAddr("127.0.0.1:-1")}, "offline:"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv, err := offline.Start(tt.opts...)
			if err == nil {
				srv.Close()
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Start = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestBeneficiariesAndClose(t *testing.T) {
	srv, err := offline.Start(offline.Beneficiaries(120), offline.Polls(0, 0), offline.Seed(3))
	if err != nil {
		t.Fatal(err)
	}
	c, err := srv.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	job, err := c.Export(context.Background(), nil, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := job.Wait(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	eobFiles := 0
	for _, f := range m.Output {
		if f.Type == "ExplanationOfBenefit" {
			eobFiles++
		}
	}
	if eobFiles != 3 { // one file per 50 beneficiaries, as in BCDA
		t.Errorf("%d ExplanationOfBenefit files for 120 beneficiaries, want 3", eobFiles)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if err := srv.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if err := c.Health(context.Background()); err == nil {
		t.Error("the server still answers after Close")
	}
}

// TestNoTestingLinked checks that neither this package nor the example
// programs, which use it, link package testing or net/http/httptest.
func TestNoTestingLinked(t *testing.T) {
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	out, err := exec.Command(gobin, "list", "-deps", "github.com/bcda-go/bcda/client/offline", "github.com/bcda-go/bcda/examples/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if pkg == "testing" || pkg == "net/http/httptest" {
			t.Errorf("%s is linked into the offline package or an example", pkg)
		}
	}
}
