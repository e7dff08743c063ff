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
		got := collect(ndjson.Decode[fhir.ExplanationOfBenefit](bytes.NewReader(eobs)))
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

		bad := corrupt(eobs)
		gotBad := collect(ndjson.Decode[fhir.ExplanationOfBenefit](bytes.NewReader(bad), ndjson.Workers(3)))
		checkSame(t, bad, fhir.TypeExplanationOfBenefit, gotBad)
		checkErrorsOnEveryClaimType(t, got, gotBad, fhir.ClaimTypeOf)

		pats := generate(t, d, v, fhir.TypePatient)
		gotP := collect(ndjson.Decode[fhir.Patient](bytes.NewReader(pats)))
		checkSame(t, pats, fhir.TypePatient, gotP)
		for _, r := range gotP {
			if fhir.MBI(r.v) == "" {
				t.Errorf("%s patient %s: no MBI", v, *r.v.Id)
			}
		}
		covs := generate(t, d, v, fhir.TypeCoverage)
		gotC := collect(ndjson.Decode[fhir.Coverage](bytes.NewReader(covs)))
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
	checkSame(t, claims, fhir.TypeClaim, collect(ndjson.Decode[fhir.Claim](bytes.NewReader(claims))))
	resps := generate(t, d, "v2", fhir.TypeClaimResponse)
	checkSame(t, resps, fhir.TypeClaimResponse, collect(ndjson.Decode[fhir.ClaimResponse](bytes.NewReader(resps))))
}

// corrupt damages most lines of data in one of several ways, so that the
// differential test sees errors on every claim type: a truncated line, an
// unknown code, a string where a number belongs, another resourceType, an
// invalid UTF-8 byte in a string. Every seventh line is left intact.
func corrupt(data []byte) []byte {
	mutations := []func([]byte) []byte{
		func(l []byte) []byte { return l[:len(l)/2] },
		func(l []byte) []byte {
			return bytes.Replace(l, []byte(`"status":"active"`), []byte(`"status":"bogus"`), 1)
		},
		func(l []byte) []byte { return bytes.Replace(l, []byte(`"sequence":1`), []byte(`"sequence":"1"`), 1) },
		func(l []byte) []byte {
			return bytes.Replace(l, []byte(`"resourceType":"ExplanationOfBenefit"`), []byte(`"resourceType":"Claim"`), 1)
		},
		func(l []byte) []byte { return bytes.Replace(l, []byte(`"id":"`), []byte("\"id\":\"\xff"), 1) },
		func(l []byte) []byte { return bytes.Replace(l, []byte(`"value":`), []byte(`"value":"`), 1) },
		func(l []byte) []byte { return l },
	}
	var out [][]byte
	for i, l := range bytes.Split(data, []byte("\n")) {
		out = append(out, mutations[i%len(mutations)](bytes.Clone(l)))
	}
	return bytes.Join(out, []byte("\n"))
}

// checkErrorsOnEveryClaimType checks that the corrupted run (bad, line for
// line the same file as good) failed on lines of all eight claim types.
func checkErrorsOnEveryClaimType[T any](t *testing.T, good, bad []result[T], claimType func(*T) fhir.ClaimType) {
	t.Helper()
	if len(good) != len(bad) {
		t.Fatalf("%d results for the corrupted file, %d for the original", len(bad), len(good))
	}
	failed := map[fhir.ClaimType]int{}
	for i := range bad {
		if bad[i].err != nil && good[i].v != nil {
			failed[claimType(good[i].v)]++
		}
	}
	if len(failed) != 8 {
		t.Errorf("errors by claim type %v, want all eight", failed)
	}
}

// TestSTU3Synth checks every generated v1 line decodes into the lenient
// STU3 structs with the fields the helpers read.
func TestSTU3Synth(t *testing.T) {
	d := synth.Dataset{Seed: 7, Beneficiaries: 12}
	v1EOBs := generate(t, d, "v1", fhir.TypeExplanationOfBenefit)
	checkSame(t, v1EOBs, fhir.TypeExplanationOfBenefit, collect(ndjson.Decode[stu3.ExplanationOfBenefit](bytes.NewReader(v1EOBs))))
	bad := corrupt(v1EOBs)
	gotBad := collect(ndjson.Decode[stu3.ExplanationOfBenefit](bytes.NewReader(bad)))
	checkSame(t, bad, fhir.TypeExplanationOfBenefit, gotBad)
	checkErrorsOnEveryClaimType(t, collect(ndjson.Decode[stu3.ExplanationOfBenefit](bytes.NewReader(v1EOBs))), gotBad, stu3.ClaimTypeOf)
	v1Pats := generate(t, d, "v1", fhir.TypePatient)
	checkSame(t, v1Pats, fhir.TypePatient, collect(ndjson.Decode[stu3.Patient](bytes.NewReader(v1Pats))))
	v1Covs := generate(t, d, "v1", fhir.TypeCoverage)
	checkSame(t, v1Covs, fhir.TypeCoverage, collect(ndjson.Decode[stu3.Coverage](bytes.NewReader(v1Covs))))

	types := map[fhir.ClaimType]int{}
	for e, err := range ndjson.Decode[stu3.ExplanationOfBenefit](bytes.NewReader(v1EOBs)) {
		if err != nil {
			t.Fatal(err)
		}
		types[stu3.ClaimTypeOf(e)]++
		if stu3.PatientID(e) == "" {
			t.Errorf("EOB %s: no patient", e.ID)
		}
	}
	if len(types) != 8 || types[""] != 0 {
		t.Errorf("v1 claim types %v", types)
	}
	for p, err := range ndjson.Decode[stu3.Patient](bytes.NewReader(v1Pats)) {
		if err != nil || stu3.MBI(p) == "" {
			t.Errorf("v1 patient: %v %v", p, err)
		}
	}
	for c, err := range ndjson.Decode[stu3.Coverage](bytes.NewReader(v1Covs)) {
		if err != nil || stu3.Part(c) == "" || stu3.PatientID(c) == "" {
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
	for oo, err := range ndjson.Decode[fhir.OperationOutcome](&buf) {
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
