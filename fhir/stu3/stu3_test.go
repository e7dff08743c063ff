package stu3_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/fhir/stu3"
	"github.com/bcda-go/bcda/ndjson"
)

func sampleReader(t *testing.T, name string) *bytes.Reader {
	return bytes.NewReader(bytes.Join(sampleLines(t, name), []byte("\n")))
}

func TestPatients(t *testing.T) {
	n := 0
	for p, err := range ndjson.Decode[stu3.Patient](sampleReader(t, "v1_Patient.ndjson")) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if p.ID == "" || p.Gender == "" || p.BirthDate == "" || len(p.Name) == 0 {
			t.Errorf("patient %+v: fields missing", p)
		}
		mbi := stu3.MBI(p)
		if len(mbi) != 11 || !strings.HasPrefix(mbi, "1S00E00") {
			t.Errorf("patient %s: MBI %q", p.ID, mbi)
		}
		if all := stu3.MBIs(p); len(all) == 0 || !all[0].Current || all[0].Value != mbi {
			t.Errorf("patient %s: MBIs %+v", p.ID, all)
		}
	}
	if n != 20 {
		t.Errorf("%d patients, want 20", n)
	}
}

func TestCoverages(t *testing.T) {
	n := 0
	parts := map[fhir.MedicarePart]int{}
	for c, err := range ndjson.Decode[stu3.Coverage](sampleReader(t, "v1_Coverage.ndjson")) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if c.Status != "active" || c.Grouping == nil || stu3.PatientID(c) == "" || len(c.Extension) == 0 {
			t.Errorf("coverage %s: fields missing: %+v", c.ID, c)
			continue
		}
		p := stu3.Part(c)
		parts[p]++
		// BCDA v1 names the part in grouping.subPlan ("Part A") and in
		// the id ("part-a-…"): both must agree with Part.
		if want := fhir.MedicarePart(strings.TrimPrefix(c.Grouping.SubPlan, "Part ")); p != want {
			t.Errorf("coverage %s: Part %q, subPlan %q", c.ID, p, c.Grouping.SubPlan)
		}
		if want := stu3.Part(&stu3.Coverage{ID: c.ID}); p != want {
			t.Errorf("coverage %s: Part %q, want %q", c.ID, p, want)
		}
		if !strings.HasSuffix(c.ID, "-"+stu3.PatientID(c)) {
			t.Errorf("coverage %s: PatientID %q", c.ID, stu3.PatientID(c))
		}
	}
	if n != 20 || parts[fhir.PartA] != 5 || parts[fhir.PartD] != 5 {
		t.Errorf("%d coverages, parts %v", n, parts)
	}
}

func TestExplanationOfBenefits(t *testing.T) {
	n := 0
	for e, err := range ndjson.Decode[stu3.ExplanationOfBenefit](sampleReader(t, "v1_ExplanationOfBenefit.ndjson")) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if stu3.ClaimTypeOf(e) != fhir.ClaimCarrier {
			t.Errorf("%s: ClaimType %q", e.ID, stu3.ClaimTypeOf(e))
		}
		if stu3.PatientID(e) != "20000000000001" {
			t.Errorf("%s: PatientID %q", e.ID, stu3.PatientID(e))
		}
		if e.Insurance == nil || e.Insurance.Coverage.Reference != "Coverage/part-b-20000000000001" {
			t.Errorf("%s: insurance %+v", e.ID, e.Insurance)
		}
		if _, ok := stu3.Payment(e); !ok {
			t.Errorf("%s: no payment", e.ID)
		}
		start, end, err := stu3.BillablePeriod(e)
		if err != nil || start.IsZero() || end.Before(start) {
			t.Errorf("%s: billable %v %v %v", e.ID, start, end, err)
		}
		if len(e.Item) == 0 || len(e.Item[0].Adjudication) == 0 || len(e.Diagnosis) == 0 {
			t.Errorf("%s: items/diagnoses missing", e.ID)
		}
	}
	if n != 3 {
		t.Errorf("%d EOBs, want 3", n)
	}
	// Each sample line, checked value by value.
	wants := map[string]struct {
		payment json.Number
		day     time.Time // billablePeriod start and end
	}{
		"carrier-10300336722": {"250", time.Date(2000, 10, 1, 0, 0, 0, 0, time.UTC)},
		"carrier-10302277613": {"0", time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)},
		"carrier-10310629871": {"40", time.Date(2000, 10, 1, 0, 0, 0, 0, time.UTC)},
	}
	for e, err := range ndjson.Decode[stu3.ExplanationOfBenefit](sampleReader(t, "v1_ExplanationOfBenefit.ndjson")) {
		w, ok := wants[e.ID]
		if err != nil || !ok {
			t.Fatalf("unexpected sample EOB %v, %v", e, err)
		}
		if v, ok := stu3.Payment(e); !ok || v.String() != string(w.payment) {
			t.Errorf("%s: payment %q, want %s", e.ID, v, w.payment)
		}
		if e.Payment.Amount.Code != "USD" {
			t.Errorf("%s: currency %q", e.ID, e.Payment.Amount.Code)
		}
		start, end, err := stu3.BillablePeriod(e)
		if err != nil || !start.Equal(w.day) || !end.Equal(w.day) {
			t.Errorf("%s: billable %v – %v, %v; want %v", e.ID, start, end, err, w.day)
		}
	}
}

// TestWrongType checks that an R4 iterator's type check applies to STU3
// types too.
func TestWrongType(t *testing.T) {
	// A hand-written v1 Coverage line (testdata/shapes), so that the check
	// runs on a fresh clone too.
	for p, err := range ndjson.Decode[stu3.Patient](fixture(t, "v1_Coverage.ndjson")) {
		if err == nil || p != nil {
			t.Fatalf("a Coverage line decoded as a Patient: %+v", p)
		}
		break
	}
}
