package outcome

import (
	"testing"

	"github.com/bcda-go/bcda/internal/samples"
)

// TestUnmarshal reads the real error files (an extra layer when the samples
// are present).
func TestUnmarshal(t *testing.T) {
	for _, name := range []string{"OperationOutcome_error-file.ndjson", "v3_OperationOutcome_warnings-and-info.ndjson"} {
		for _, line := range samples.Lines(t, name) {
			oo, err := Unmarshal(line)
			if err != nil || len(oo.Issue) != 1 {
				t.Fatalf("%s: %v", name, err)
			}
		}
	}
}

// TestUnmarshalLenient: BCDA's generic error mapping sends an empty code.
func TestUnmarshalLenient(t *testing.T) {
	oo, err := Unmarshal([]byte(`{"resourceType":"OperationOutcome","issue":[{"severity":"fatal-ish","code":"","diagnostics":"Request Error","location":["x"]}],"id":"1"}`))
	if err != nil {
		t.Fatal(err)
	}
	is := oo.Issue[0]
	if is.Code.Code() != "processing" || is.Severity.Code() != "error" || *is.Diagnostics != "Request Error" || is.Location[0] != "x" || *oo.Id != "1" {
		t.Errorf("lenient decode = %+v", is)
	}
	for _, bad := range []string{`{"issue":[{"code":""}]`, `{"issue":{"code":"x"}}`, `[]`, `{"issue":[{"code":"","diagnostics":5}]}`} {
		if _, err := Unmarshal([]byte(bad)); err == nil {
			t.Errorf("Unmarshal(%s) succeeded", bad)
		}
	}
}
