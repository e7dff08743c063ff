package stu3_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/fhir/stu3"
)

func sampleReader(t *testing.T, name string) *bytes.Reader {
	return bytes.NewReader(bytes.Join(sampleLines(t, name), []byte("\n")))
}

func TestPatients(t *testing.T) {
	n := 0
	for p, err := range stu3.Patients(sampleReader(t, "v1_Patient.ndjson")) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if p.ID == "" || p.Gender == "" || p.BirthDate == "" || len(p.Name) == 0 {
			t.Errorf("patient %+v: fields missing", p)
		}
		mbi := p.MBI()
		if len(mbi) != 11 || !strings.HasPrefix(mbi, "1S00E00") {
			t.Errorf("patient %s: MBI %q", p.ID, mbi)
		}
		if all := p.MBIs(); len(all) == 0 || !all[0].Current || all[0].Value != mbi {
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
	for c, err := range stu3.Coverages(sampleReader(t, "v1_Coverage.ndjson")) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if c.Status != "active" || c.Grouping == nil || c.PatientID() == "" || len(c.Extension) == 0 {
			t.Errorf("coverage %s: fields missing: %+v", c.ID, c)
			continue
		}
		p := c.Part()
		parts[p]++
		// BCDA v1 names the part in grouping.subPlan ("Part A") and in
		// the id ("part-a-…"): both must agree with Part.
		if want := fhir.MedicarePart(strings.TrimPrefix(c.Grouping.SubPlan, "Part ")); p != want {
			t.Errorf("coverage %s: Part %q, subPlan %q", c.ID, p, c.Grouping.SubPlan)
		}
		if want := fhir.ParseMedicarePart(c.ID); p != want {
			t.Errorf("coverage %s: Part %q, want %q", c.ID, p, want)
		}
		if !strings.HasSuffix(c.ID, "-"+c.PatientID()) {
			t.Errorf("coverage %s: PatientID %q", c.ID, c.PatientID())
		}
	}
	if n != 20 || parts[fhir.PartA] != 5 || parts[fhir.PartD] != 5 {
		t.Errorf("%d coverages, parts %v", n, parts)
	}
}

func TestExplanationOfBenefits(t *testing.T) {
	n := 0
	for e, err := range stu3.ExplanationOfBenefits(sampleReader(t, "v1_ExplanationOfBenefit.ndjson")) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if e.ClaimType() != fhir.ClaimCarrier {
			t.Errorf("%s: ClaimType %q", e.ID, e.ClaimType())
		}
		if e.PatientID() != "20000000000001" {
			t.Errorf("%s: PatientID %q", e.ID, e.PatientID())
		}
		if e.Insurance == nil || e.Insurance.Coverage.Reference != "Coverage/part-b-20000000000001" {
			t.Errorf("%s: insurance %+v", e.ID, e.Insurance)
		}
		if _, ok := e.PaymentAmount(); !ok {
			t.Errorf("%s: no payment", e.ID)
		}
		start, end, err := e.BillableDates()
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
	for e, err := range stu3.ExplanationOfBenefits(sampleReader(t, "v1_ExplanationOfBenefit.ndjson")) {
		w, ok := wants[e.ID]
		if err != nil || !ok {
			t.Fatalf("unexpected sample EOB %v, %v", e, err)
		}
		if v, ok := e.PaymentAmount(); !ok || v != w.payment {
			t.Errorf("%s: payment %q, want %s", e.ID, v, w.payment)
		}
		if e.Payment.Amount.Code != "USD" {
			t.Errorf("%s: currency %q", e.ID, e.Payment.Amount.Code)
		}
		start, end, err := e.BillableDates()
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
	for p, err := range stu3.Patients(fixture(t, "v1_Coverage.ndjson")) {
		if err == nil || p != nil {
			t.Fatalf("a Coverage line decoded as a Patient: %+v", p)
		}
		break
	}
}
