package phiscan

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bcda-go/bcda/export"
	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/samples"
)

// Hand-written lines in BCDA's shapes: what each resource type contributes.
func TestCollect(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	files := []export.SavedFile{
		{Kind: export.KindOutput, Type: fhir.TypePatient, Name: "Patient-001.ndjson", Path: write("p", `{"resourceType":"Patient","id":"-101021696","identifier":[{"system":"http://hl7.org/fhir/sid/us-mbi","value":"1S00E00AA71"}],"name":[{"family":"Erdapfel","given":["Kartoffel","Al"]}]}
{"resourceType":"Patient","id":"-20","name":[{"family":"Doe","given":["John"]}]}
`)},
		{Kind: export.KindOutput, Type: fhir.TypeExplanationOfBenefit, Name: "ExplanationOfBenefit-001.ndjson", Path: write("e", `{"resourceType":"ExplanationOfBenefit","id":"-7","patient":{"reference":"Patient/-555000111"}}`+"\n")},
		{Kind: export.KindOutput, Type: fhir.TypeCoverage, Name: "Coverage-001.ndjson", Path: write("c", `{"resourceType":"Coverage","id":"part-a--1","beneficiary":{"reference":"Patient/-444000111"}}`+"\n")},
		{Kind: export.KindError, Type: fhir.TypeOperationOutcome, Name: "OperationOutcome-error-001.ndjson", Path: write("o", `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","diagnostics":"Error retrieving ExplanationOfBenefit for beneficiary MBI a1000089833 in ACO 0c527d2e"}]}`+"\n")},
	}
	got, err := Collect(files)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"-101021696", "-444000111", "-555000111", "1S00E00AA71", "Al Erdapfel", "Erdapfel", "John", "John Doe", "Kartoffel", "Kartoffel Erdapfel", "a1000089833"}
	if !slices.Equal(got, want) {
		t.Errorf("Collect = %q\nwant      %q", got, want)
	}
	if mbis, err := FromErrorFiles(files, got); err != nil || !slices.Equal(mbis, []string{"a1000089833"}) {
		t.Errorf("FromErrorFiles = %q, %v", mbis, err)
	}
	if leaks := Leaks("saved Patient-001.ndjson: 2 lines; MBI 1S00E00AA71", got); !slices.Equal(leaks, []string{"1S00E00AA71"}) {
		t.Errorf("Leaks = %q", leaks)
	}
	if _, err := Collect([]export.SavedFile{{Type: fhir.TypePatient, Name: "bad", Path: write("bad", "{\n")}}); err == nil || !strings.Contains(err.Error(), "bad line 1") {
		t.Errorf("a bad line: %v", err)
	}
}

// On BCDA's real lines, every version's shapes: each Patient's id, MBIs and
// names, the patient of each EOB and the beneficiary of each Coverage, and
// the MBIs of the error file are collected.
func TestCollectRealSamples(t *testing.T) {
	dir := samples.Dir(t)
	var files []export.SavedFile
	var want []string
	for _, v := range []string{"v1", "v2", "v3"} {
		for _, typ := range []fhir.ResourceType{fhir.TypePatient, fhir.TypeExplanationOfBenefit, fhir.TypeCoverage} {
			name := v + "_" + string(typ) + ".ndjson"
			files = append(files, export.SavedFile{Kind: export.KindOutput, Type: typ, Name: name, Path: filepath.Join(dir, name)})
			for _, line := range samples.Lines(t, name) {
				var r struct {
					ID         string `json:"id"`
					Identifier []struct{ System, Value string }
					Name       []struct{ Family string }
					Patient    struct{ Reference string }
				}
				if err := json.Unmarshal(line, &r); err != nil {
					t.Fatal(err)
				}
				if typ == fhir.TypePatient {
					want = append(want, r.ID)
					for _, id := range r.Identifier {
						if strings.HasSuffix(id.System, "us-mbi") {
							want = append(want, id.Value)
						}
					}
					for _, n := range r.Name {
						if len(n.Family) >= minLen {
							want = append(want, n.Family)
						}
					}
				}
				if typ == fhir.TypeExplanationOfBenefit {
					want = append(want, strings.TrimPrefix(r.Patient.Reference, "Patient/"))
				}
			}
		}
	}
	files = append(files, export.SavedFile{Kind: export.KindError, Type: fhir.TypeOperationOutcome, Name: "error", Path: filepath.Join(dir, "OperationOutcome_error-file.ndjson")})
	want = append(want, "a1000089833", "a1000065301", "a1000012463")
	got, err := Collect(files)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("%q not collected", w)
		}
	}
	if len(want) < 20 {
		t.Errorf("only %d values expected from the samples; the test proves little", len(want))
	}
}
