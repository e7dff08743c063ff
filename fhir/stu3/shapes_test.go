package stu3_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/fhir/stu3"
)

// fixture opens a hand-written line in fhir/testdata/shapes reproducing the
// shape of BCDA v1 (STU3) data: the MBI's currency marker on the identifier
// itself, the part in grouping.subPlan and the id, the claim type in
// eob-type and nch_clm_type_cd codings.
func fixture(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "shapes", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestV1Shapes(t *testing.T) {
	for p, err := range stu3.Patients(fixture(t, "v1_Patient.ndjson")) {
		if err != nil {
			t.Fatal(err)
		}
		if p.MBI() != "9ZZ9ZZ9ZZ11" || len(p.MBIs()) != 1 {
			t.Errorf("MBI = %q, MBIs = %+v", p.MBI(), p.MBIs())
		}
	}
	for c, err := range stu3.Coverages(fixture(t, "v1_Coverage.ndjson")) {
		if err != nil {
			t.Fatal(err)
		}
		if c.Part() != fhir.PartD || c.PatientID() != "-19990000000001" {
			t.Errorf("Part = %q, PatientID = %q", c.Part(), c.PatientID())
		}
	}
	for e, err := range stu3.ExplanationOfBenefits(fixture(t, "v1_ExplanationOfBenefit.ndjson")) {
		if err != nil {
			t.Fatal(err)
		}
		if e.ClaimType() != fhir.ClaimCarrier || e.PatientID() != "-19990000000001" {
			t.Errorf("ClaimType = %q, PatientID = %q", e.ClaimType(), e.PatientID())
		}
		s, en, err := e.BillableDates()
		if err != nil || s.Format(time.DateOnly) != "2000-10-01" || !en.Equal(s) {
			t.Errorf("BillableDates = %v, %v, %v", s, en, err)
		}
		if pay, ok := e.PaymentAmount(); !ok || pay != "250" {
			t.Errorf("PaymentAmount = %q, %v", pay, ok)
		}
	}
}
