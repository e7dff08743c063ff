package view

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/bcda-go/bcda/internal/samples"
)

// TestSamples runs views over the real BCDA sample lines (an extra layer:
// skipped when ../shared/samples is absent) and checks the rows against
// encoding/json's reading of the same lines.
func TestSamples(t *testing.T) {
	claimLines := MustCompile([]byte(claimLinesView))
	for _, name := range []string{"v2_ExplanationOfBenefit.ndjson", "v3_ExplanationOfBenefit.ndjson"} {
		t.Run(name, func(t *testing.T) {
			for i, line := range samples.Lines(t, name) {
				var eob struct {
					ID      string `json:"id"`
					Patient struct{ Reference string }
					Item    []struct {
						Sequence int
						Quantity *struct{ Value json.Number }
					}
				}
				if err := json.Unmarshal(line, &eob); err != nil {
					t.Fatal(err)
				}
				rows, err := claimLines.Eval(line)
				if err != nil {
					t.Fatalf("line %d: %v", i+1, err)
				}
				if len(rows) != len(eob.Item) {
					t.Fatalf("line %d: %d rows, want one per item (%d)", i+1, len(rows), len(eob.Item))
				}
				for j, r := range rows {
					if r[0] != eob.ID || "Patient/"+r[1].(string) != eob.Patient.Reference || r[4] != int64(eob.Item[j].Sequence) {
						t.Errorf("line %d row %d: %v", i+1, j, r)
					}
					if q := eob.Item[j].Quantity; q != nil && r[7] != q.Value {
						t.Errorf("line %d row %d: quantity %v, want %v", i+1, j, r[7], q.Value)
					}
				}
			}
		})
	}
	for _, name := range []string{"v2_Patient.ndjson", "v3_Patient.ndjson", "v2_Coverage.ndjson", "v3_Coverage.ndjson", "v2_Claim.ndjson", "v2_ClaimResponse.ndjson"} {
		t.Run(name, func(t *testing.T) {
			rt := strings.TrimSuffix(strings.TrimPrefix(name, name[:3]), ".ndjson")
			v := MustCompile([]byte(`{"resource":"` + rt + `","select":[{"column":[
				{"name":"id","path":"getResourceKey()"},{"name":"updated","path":"meta.lastUpdated","type":"instant"},
				{"name":"ids","path":"identifier.value","collection":true}]}]}`))
			for i, line := range samples.Lines(t, name) {
				var res struct {
					ID         string `json:"id"`
					Meta       struct{ LastUpdated string }
					Identifier []struct{ Value string }
				}
				if err := json.Unmarshal(line, &res); err != nil {
					t.Fatal(err)
				}
				rows, err := v.Eval(line)
				if err != nil || len(rows) != 1 {
					t.Fatalf("line %d: %v rows %d", i+1, err, len(rows))
				}
				r := rows[0]
				if r[0] != res.ID || r[1] != res.Meta.LastUpdated || len(r[2].([]any)) != len(res.Identifier) {
					t.Errorf("line %d: %v", i+1, r)
				}
			}
		})
	}
}
