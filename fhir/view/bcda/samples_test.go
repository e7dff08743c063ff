package bcda

import (
	"bytes"
	"context"
	"testing"

	"github.com/bcda-go/bcda/fhir/view"
	"github.com/bcda-go/bcda/internal/samples"
)

// runSamples runs a view over one of the real BCDA sample files (skipping
// when ../shared/samples is absent) and returns its rows by column name.
func runSamples(t *testing.T, v Version, name, file string, opts ...Option) []map[string]any {
	t.Helper()
	cv, err := Compile(v, name, opts...)
	if err != nil {
		t.Fatal(err)
	}
	lines := samples.Lines(t, file)
	var out []map[string]any
	for row, err := range cv.Rows(context.Background(), bytes.NewReader(bytes.Join(lines, []byte("\n")))) {
		if err != nil {
			t.Fatalf("%s/%s over %s: %v", v, name, file, err)
		}
		out = append(out, byName(cv, row))
	}
	return out
}

func byName(cv *view.View, row view.Row) map[string]any {
	m := map[string]any{}
	for i, c := range cv.Columns() {
		m[c.Name] = row[i]
	}
	return m
}

// Every view runs over every real sample of its version without an error.
func TestSamplesEveryViewRuns(t *testing.T) {
	files := map[string]string{Beneficiaries: "Patient", Enrollment: "Coverage"}
	for _, v := range Versions() {
		for _, n := range Names() {
			f := files[n]
			if f == "" {
				f = "ExplanationOfBenefit"
			}
			runSamples(t, v, n, string(v)+"_"+f+".ndjson")
		}
	}
}

// The current MBI on real lines: v2's marker sits in identifier.type.coding
// (the sample lists a historic MBI first), v3 has none and the current MBI is
// the one whose period is open, v1 marks the identifier itself.
func TestSamplesCurrentMBI(t *testing.T) {
	cases := []struct {
		v        Version
		file, id string
		want     string
	}{
		{V2, "v2_Patient.ndjson", "567834", "3456789"},
		{V3, "v3_Patient.ndjson", "-108727054", "1S00E00AA52"}, // two superseded MBIs with period.end
		{V1, "v1_Patient.ndjson", "-10000000000066", "1S00E00AA66"},
	}
	for _, c := range cases {
		rows := runSamples(t, c.v, Beneficiaries, c.file)
		found := false
		for _, r := range rows {
			if r["mbi"] == nil {
				t.Errorf("%s patient %v: no current MBI", c.v, r["patient_id"])
			}
			if r["patient_id"] == c.id {
				found = true
				if r["mbi"] != c.want {
					t.Errorf("%s patient %s: mbi %v, want %s", c.v, c.id, r["mbi"], c.want)
				}
			}
		}
		if !found {
			t.Errorf("%s: patient %s not in %s", c.v, c.id, c.file)
		}
	}
}

// Claim headers on real lines: every claim has a type, an identifier and a
// patient; the v2 file has one claim of each of the eight types, among
// them a Part D event, and the v3 file a CARRIER and an SNF claim.
func TestSamplesClaims(t *testing.T) {
	want := map[Version][]string{
		V2: {"OUTPATIENT", "DME", "HHA", "INPATIENT", "SNF", "PDE", "CARRIER", "HOSPICE"},
		V3: {"CARRIER", "SNF"},
		V1: {"CARRIER", "CARRIER", "CARRIER"},
	}
	for v, types := range want {
		rows := runSamples(t, v, Claims, string(v)+"_ExplanationOfBenefit.ndjson")
		if len(rows) != len(types) {
			t.Fatalf("%s: %d claims, want %d", v, len(rows), len(types))
		}
		for i, r := range rows {
			if r["claim_type"] != types[i] || r["claim_id"] == nil || r["patient_id"] == nil || r["status"] != "active" {
				t.Errorf("%s claim %d: %v", v, i, r)
			}
		}
	}
	pde := runSamples(t, V2, PartDEvents, "v2_ExplanationOfBenefit.ndjson")
	if len(pde) != 1 || pde[0]["ndc"] == nil || pde[0]["days_supply"] == nil {
		t.Errorf("v2 Part D events: %v", pde)
	}
}
