package fhir_test

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bcda-go/bcda/fhir"
)

// readFixture decodes the hand-written lines of testdata/shapes/name. The
// fixtures reproduce, with made-up values, the shapes of each BCDA version's
// real lines (shared/samples/README.md): v2 marks MBI currency on the type
// coding and types bene_id MB, v2 PDE events carry pde_id and
// rx_srvc_rfrnc_num and a payment without an amount, v3 dates MBIs by period
// and has a Coverage that is not a Medicare part.
func readFixture[T any](t *testing.T, name string) []*T {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "shapes", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []*T
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		v := new(T)
		if err := json.Unmarshal(sc.Bytes(), v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, v)
	}
	return out
}

func TestMBIShapes(t *testing.T) {
	tests := []struct {
		file, id, mbi string
		all           []string
	}{
		// v2: the historic MBI comes first in the array; the marker sits in
		// identifier.type.coding[].extension.
		{"v2_Patient.ndjson", "900001", "9ZZ9ZZ9ZZ02", []string{"9ZZ9ZZ9ZZ02", "9ZZ9ZZ9ZZ01"}},
		// v3: no marker; the MBI whose period is open is current.
		{"v3_Patient.ndjson", "-900003", "9ZZ9ZZ9ZZ22", []string{"9ZZ9ZZ9ZZ22", "9ZZ9ZZ9ZZ21"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p := readFixture[fhir.Patient](t, tt.file)[0]
			if got := fhir.PatientID(p); got != tt.id {
				t.Errorf("PatientID = %q, want %q", got, tt.id)
			}
			if got := fhir.MBI(p); got != tt.mbi {
				t.Errorf("MBI = %q, want %q", got, tt.mbi)
			}
			var got []string
			for _, e := range fhir.MBIs(p) {
				got = append(got, e.Value)
			}
			if strings.Join(got, ",") != strings.Join(tt.all, ",") {
				t.Errorf("MBIs = %v, want %v", got, tt.all)
			}
		})
	}
}

func TestEOBShapes(t *testing.T) {
	tests := []struct {
		file       string
		i          int
		patient    string
		ct         fhir.ClaimType
		start, end string
		payment    string // "" when the EOB carries no payment amount
		total      string // the "submitted" total, "" when absent
	}{
		{"v2_ExplanationOfBenefit.ndjson", 0, "900001", fhir.ClaimInpatient, "2016-01-15", "2016-01-27", "7699.48", "84999.37"},
		// v2 PDE: payment holds only a date.
		{"v2_ExplanationOfBenefit.ndjson", 1, "900001", fhir.ClaimPDE, "2015-05-12", "2015-05-12", "", ""},
		{"v3_ExplanationOfBenefit.ndjson", 0, "-900003", fhir.ClaimCarrier, "2025-01-16", "2025-02-13", "257.58", "300.1"},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+string(tt.ct), func(t *testing.T) {
			e := readFixture[fhir.ExplanationOfBenefit](t, tt.file)[tt.i]
			if got := fhir.PatientID(e); got != tt.patient {
				t.Errorf("PatientID = %q", got)
			}
			if got := fhir.ClaimTypeOf(e); got != tt.ct {
				t.Errorf("ClaimTypeOf = %q, want %q", got, tt.ct)
			}
			s, en, err := fhir.BillablePeriod(e)
			if err != nil || s.Format(time.DateOnly) != tt.start || en.Format(time.DateOnly) != tt.end {
				t.Errorf("BillablePeriod = %v, %v, %v", s, en, err)
			}
			p, ok := fhir.Payment(e)
			if ok != (tt.payment != "") || (ok && p.String() != tt.payment) {
				t.Errorf("Payment = %q, %v, want %q", p, ok, tt.payment)
			}
			tot, ok := fhir.Total(e, "submitted")
			if ok != (tt.total != "") || (ok && tot.String() != tt.total) {
				t.Errorf("Total(submitted) = %q, %v, want %q", tot, ok, tt.total)
			}
		})
	}
}

func TestCoverageShapes(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	tests := []struct {
		file    string
		i       int
		patient string
		part    fhir.MedicarePart
		on      time.Time
		active  bool
	}{
		{"v2_Coverage.ndjson", 0, "900001", fhir.PartD, day("2022-11-17"), true}, // end day included
		{"v2_Coverage.ndjson", 0, "900001", fhir.PartD, day("2022-11-18"), false},
		{"v2_Coverage.ndjson", 1, "900001", fhir.PartA, day("2020-04-01"), false}, // cancelled
		{"v3_Coverage.ndjson", 0, "-900003", fhir.PartB, day("2024-01-01"), true},
		{"v3_Coverage.ndjson", 0, "-900003", fhir.PartB, day("2019-05-12"), false},
		{"v3_Coverage.ndjson", 1, "-900003", "", day("2024-01-01"), true}, // dual: not a part
	}
	for _, tt := range tests {
		c := readFixture[fhir.Coverage](t, tt.file)[tt.i]
		if got := fhir.PatientID(c); got != tt.patient {
			t.Errorf("%s[%d]: PatientID = %q", tt.file, tt.i, got)
		}
		if got := fhir.Part(c); got != tt.part {
			t.Errorf("%s[%d]: Part = %q, want %q", tt.file, tt.i, got, tt.part)
		}
		if got := fhir.ActiveOn(c, tt.on); got != tt.active {
			t.Errorf("%s[%d]: ActiveOn(%s) = %v", tt.file, tt.i, tt.on.Format(time.DateOnly), got)
		}
	}
}

// TestHelpersOnSamples is the second layer: every helper on every real v2
// and v3 line in ../shared/samples. What the lines should give is read from
// what they say of themselves: the MBI marked current (v2) or with an open
// period (v3), the claim type named in the EOB id (v2) or EOB-TYPE coding,
// the part named in the Coverage id.
func TestHelpersOnSamples(t *testing.T) {
	for _, v := range []string{"v2", "v3"} {
		for _, p := range decodeAll[fhir.Patient](t, v+"_Patient.ndjson") {
			want := ""
			for _, id := range p.Identifier {
				if id.System == nil || *id.System != "http://hl7.org/fhir/sid/us-mbi" {
					continue
				}
				raw, _ := json.Marshal(id)
				if strings.Contains(string(raw), `"code":"current"`) || (v == "v3" && (id.Period == nil || id.Period.End == nil)) {
					want = *id.Value
				}
			}
			if got := fhir.MBI(p); got != want || got == "" {
				t.Errorf("%s Patient %s: MBI = %q, want %q", v, *p.Id, got, want)
			}
		}
		for _, e := range decodeAll[fhir.ExplanationOfBenefit](t, v+"_ExplanationOfBenefit.ndjson") {
			ct := fhir.ClaimTypeOf(e)
			if ct == "" || (v == "v2" && !strings.HasPrefix(strings.ToUpper(*e.Id), string(ct)+"-")) {
				t.Errorf("%s EOB %s: ClaimTypeOf = %q", v, *e.Id, ct)
			}
			if fhir.PatientID(e) == "" {
				t.Errorf("%s EOB %s: no PatientID", v, *e.Id)
			}
			if _, _, err := fhir.BillablePeriod(e); err != nil {
				t.Errorf("%s EOB %s: %v", v, *e.Id, err)
			}
			if _, ok := fhir.Payment(e); !ok && ct != fhir.ClaimPDE {
				t.Errorf("%s EOB %s: no Payment", v, *e.Id)
			}
		}
		for _, c := range decodeAll[fhir.Coverage](t, v+"_Coverage.ndjson") {
			want := fhir.Part(&fhir.Coverage{Id: c.Id}) // the part the id names
			if got := fhir.Part(c); got != want {
				t.Errorf("%s Coverage %s: Part = %q, want %q", v, *c.Id, got, want)
			}
			if fhir.PatientID(c) == "" {
				t.Errorf("%s Coverage %s: no PatientID", v, *c.Id)
			}
		}
	}
}
