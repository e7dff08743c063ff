package ndjson_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/fhir/stu3"
	"github.com/bcda-go/bcda/internal/synth"
	"github.com/bcda-go/bcda/ndjson"
)

func generate(t testing.TB, d synth.Dataset, version string, typ fhir.ResourceType) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := d.Write(&buf, synth.Request{Version: version, Type: typ, Count: d.Beneficiaries}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestDifferentialSynth compares the typed iterators with encoding/json on
// the project's generator output: every R4 resource type, and EOBs of every
// claim type.
func TestDifferentialSynth(t *testing.T) {
	d := synth.Dataset{Seed: 7, Beneficiaries: 12}
	for _, v := range []string{"v2", "v3"} {
		eobs := generate(t, d, v, fhir.TypeExplanationOfBenefit)
		got := collect(ndjson.ExplanationOfBenefits(bytes.NewReader(eobs)))
		checkSame(t, eobs, fhir.TypeExplanationOfBenefit, got)
		types := map[fhir.ClaimType]int{}
		for _, r := range got {
			types[fhir.ClaimTypeOf(r.v)]++
			if fhir.PatientID(r.v) == "" {
				t.Errorf("%s EOB %s: no patient", v, *r.v.Id)
			}
		}
		for _, ct := range []fhir.ClaimType{fhir.ClaimCarrier, fhir.ClaimInpatient, fhir.ClaimOutpatient,
			fhir.ClaimPDE, fhir.ClaimSNF, fhir.ClaimHHA, fhir.ClaimHospice, fhir.ClaimDME} {
			if types[ct] == 0 {
				t.Errorf("%s: no %s claim among %v", v, ct, types)
			}
		}
		if types[""] != 0 {
			t.Errorf("%s: %d EOBs of unknown claim type", v, types[""])
		}

		pats := generate(t, d, v, fhir.TypePatient)
		gotP := collect(ndjson.Patients(bytes.NewReader(pats)))
		checkSame(t, pats, fhir.TypePatient, gotP)
		for _, r := range gotP {
			if fhir.MBI(r.v) == "" {
				t.Errorf("%s patient %s: no MBI", v, *r.v.Id)
			}
		}
		covs := generate(t, d, v, fhir.TypeCoverage)
		gotC := collect(ndjson.Coverages(bytes.NewReader(covs)))
		checkSame(t, covs, fhir.TypeCoverage, gotC)
		parts := map[fhir.MedicarePart]int{}
		for _, r := range gotC {
			parts[fhir.Part(r.v)]++
		}
		if parts[fhir.PartA] == 0 || parts[fhir.PartB] == 0 || parts[fhir.PartD] == 0 {
			t.Errorf("%s coverage parts %v", v, parts)
		}
	}
	claims := generate(t, d, "v2", fhir.TypeClaim)
	checkSame(t, claims, fhir.TypeClaim, collect(ndjson.Claims(bytes.NewReader(claims))))
	resps := generate(t, d, "v2", fhir.TypeClaimResponse)
	checkSame(t, resps, fhir.TypeClaimResponse, collect(ndjson.ClaimResponses(bytes.NewReader(resps))))
}

// TestSTU3Synth checks every generated v1 line decodes into the lenient
// STU3 structs with the fields the helpers read.
func TestSTU3Synth(t *testing.T) {
	d := synth.Dataset{Seed: 7, Beneficiaries: 12}
	types := map[fhir.ClaimType]int{}
	for e, err := range stu3.ExplanationOfBenefits(bytes.NewReader(generate(t, d, "v1", fhir.TypeExplanationOfBenefit))) {
		if err != nil {
			t.Fatal(err)
		}
		types[e.ClaimType()]++
		if e.PatientID() == "" {
			t.Errorf("EOB %s: no patient", e.ID)
		}
	}
	if len(types) != 8 || types[""] != 0 {
		t.Errorf("v1 claim types %v", types)
	}
	for p, err := range stu3.Patients(bytes.NewReader(generate(t, d, "v1", fhir.TypePatient))) {
		if err != nil || p.MBI() == "" {
			t.Errorf("v1 patient: %v %v", p, err)
		}
	}
	for c, err := range stu3.Coverages(bytes.NewReader(generate(t, d, "v1", fhir.TypeCoverage))) {
		if err != nil || c.Part() == "" || c.PatientID() == "" {
			t.Errorf("v1 coverage: %+v %v", c, err)
		}
	}
}

// TestOperationOutcomesSynth reads generated error files: retrieval errors,
// v3's warnings-and-info line, and an issue with BCDA's empty code.
func TestOperationOutcomesSynth(t *testing.T) {
	d := synth.Dataset{Seed: 7, Beneficiaries: 12}
	var buf bytes.Buffer
	if _, err := d.WriteRetrievalErrors(&buf, fhir.TypeExplanationOfBenefit, "A9994", 0, 3, 11); err != nil {
		t.Fatal(err)
	}
	buf.WriteString(synth.WarningsAndInfo)
	if err := synth.WriteOperationOutcome(&buf, "error", "", "Request Error"); err != nil {
		t.Fatal(err)
	}
	var codes []string
	for oo, err := range ndjson.OperationOutcomes(&buf) {
		if err != nil {
			t.Fatal(err)
		}
		if len(oo.Issue) != 1 {
			t.Fatalf("issues %+v", oo.Issue)
		}
		codes = append(codes, oo.Issue[0].Code.Code())
	}
	want := "not-found,not-found,not-found,processing,processing"
	if got := strings.Join(codes, ","); got != want {
		t.Errorf("codes %s, want %s", got, want)
	}
}
