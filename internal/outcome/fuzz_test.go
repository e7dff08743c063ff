package outcome

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/bcda-go/bcda/fhir"
)

// FuzzUnmarshal: the lenient decoder returns outcomes that
// the strict R4 model accepts (its fixes make the codes valid), and it
// keeps every issue's diagnostics, which carry BCDA's message.
func FuzzUnmarshal(f *testing.F) {
	for _, s := range []string{
		`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"","diagnostics":"Error retrieving ExplanationOfBenefit"}]}`,
		`{"resourceType":"OperationOutcome","issue":[{"severity":"warning","code":"informational","details":{"text":"x"}}]}`,
		`{"resourceType":"OperationOutcome","issue":[{"severity":"bogus","code":7,"diagnostics":"y"},"z",null]}`,
		`{"resourceType":"OperationOutcome","issue":{}}`, `{"issue":[{"diagnostics":5}]}`, `null`, `[]`, `{`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		oo, err := Unmarshal(b)
		if err != nil {
			if oo != nil {
				t.Fatal("an outcome and an error")
			}
			if json.Valid(b) && bytes.HasPrefix(bytes.TrimSpace(b), []byte("{")) {
				// Refused only for what the fixes do not cover.
				var strict fhir.OperationOutcome
				if json.Unmarshal(b, &strict) == nil {
					t.Fatalf("refused %q, which the strict model accepts", b)
				}
			}
			return
		}
		out, err := json.Marshal(oo)
		if err != nil {
			t.Fatalf("re-encoding: %v", err)
		}
		var strict fhir.OperationOutcome
		if err := json.Unmarshal(out, &strict); err != nil {
			t.Fatalf("the fixed outcome %s is not valid R4: %v", out, err)
		}
		var in struct {
			Issue []struct {
				Diagnostics *string `json:"diagnostics"`
			} `json:"issue"`
		}
		if json.Unmarshal(b, &in) != nil || len(in.Issue) != len(oo.Issue) {
			t.Fatalf("%q: %d issues kept of %d", b, len(oo.Issue), len(in.Issue))
		}
		for i, is := range in.Issue {
			if got := oo.Issue[i].Diagnostics; (is.Diagnostics == nil) != (got == nil) || (got != nil && *got != *is.Diagnostics) {
				t.Fatalf("%q: issue %d diagnostics %v, want %v", b, i, got, is.Diagnostics)
			}
		}
	})
}
