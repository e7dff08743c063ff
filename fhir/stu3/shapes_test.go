package stu3_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/fhir/stu3"
	"github.com/bcda-go/bcda/ndjson"
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
	for p, err := range ndjson.Decode[stu3.Patient](fixture(t, "v1_Patient.ndjson")) {
		if err != nil {
			t.Fatal(err)
		}
		if stu3.MBI(p) != "9ZZ9ZZ9ZZ11" || len(stu3.MBIs(p)) != 1 {
			t.Errorf("MBI = %q, MBIs = %+v", stu3.MBI(p), stu3.MBIs(p))
		}
	}
	for c, err := range ndjson.Decode[stu3.Coverage](fixture(t, "v1_Coverage.ndjson")) {
		if err != nil {
			t.Fatal(err)
		}
		if stu3.Part(c) != fhir.PartD || stu3.PatientID(c) != "-19990000000001" {
			t.Errorf("Part = %q, PatientID = %q", stu3.Part(c), stu3.PatientID(c))
		}
	}
	for e, err := range ndjson.Decode[stu3.ExplanationOfBenefit](fixture(t, "v1_ExplanationOfBenefit.ndjson")) {
		if err != nil {
			t.Fatal(err)
		}
		if stu3.ClaimTypeOf(e) != fhir.ClaimCarrier || stu3.PatientID(e) != "-19990000000001" {
			t.Errorf("ClaimType = %q, PatientID = %q", stu3.ClaimTypeOf(e), stu3.PatientID(e))
		}
		s, en, err := stu3.BillablePeriod(e)
		if err != nil || s.Format(time.DateOnly) != "2000-10-01" || !en.Equal(s) {
			t.Errorf("BillableDates = %v, %v, %v", s, en, err)
		}
		if pay, ok := stu3.Payment(e); !ok || pay.String() != "250" {
			t.Errorf("PaymentAmount = %q, %v", pay, ok)
		}
	}
}
