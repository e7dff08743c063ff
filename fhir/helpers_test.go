package fhir_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/bcda-go/bcda/fhir"
	r4 "github.com/samply/golang-fhir-models/fhir-models/fhir"
)

func decodeAll[T any](t *testing.T, name string) []*T {
	t.Helper()
	var out []*T
	for i, line := range sampleLines(t, name) {
		v := new(T)
		if err := json.Unmarshal(line, v); err != nil {
			t.Fatalf("%s:%d: %v", name, i+1, err)
		}
		out = append(out, v)
	}
	return out
}

func TestMBISamples(t *testing.T) {
	byID := map[string]*fhir.Patient{}
	for _, p := range decodeAll[fhir.Patient](t, "v3_Patient.ndjson") {
		if fhir.MBI(p) == "" {
			t.Errorf("patient %s: no MBI", *p.Id)
		}
		byID[*p.Id] = p
	}
	// A beneficiary with two historic MBIs: the one without a period end is
	// current, the others follow, most recently ended first.
	p := byID["-108727054"]
	if p == nil {
		t.Fatal("sample patient -108727054 missing")
	}
	got := fhir.MBIs(p)
	want := []fhir.MBIEntry{
		{Value: "1S00E00AA52", Current: true, Start: "2019-05-13T00:00:00+00:00"},
		{Value: "1ZF7YV2JY91", Start: "2018-08-12T00:00:00+00:00", End: "2019-05-12T00:00:00+00:00"},
		{Value: "6ZR2YK8GT78", Start: "2018-05-24T00:00:00+00:00", End: "2018-08-11T00:00:00+00:00"},
	}
	if len(got) != len(want) {
		t.Fatalf("MBIs = %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("MBIs[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	if fhir.PatientID(p) != "-108727054" {
		t.Errorf("PatientID = %q", fhir.PatientID(p))
	}
}

func TestMBIRules(t *testing.T) {
	s := func(v string) *string { return &v }
	mbi := func(value, end, currency string) r4.Identifier {
		id := r4.Identifier{System: s("http://hl7.org/fhir/sid/us-mbi"), Value: s(value)}
		if end != "" {
			id.Period = &r4.Period{End: s(end)}
		}
		if currency != "" {
			id.Extension = []r4.Extension{{Url: "https://bluebutton.cms.gov/resources/codesystem/identifier-currency", ValueCoding: &r4.Coding{Code: s(currency)}}}
		}
		return id
	}
	tests := []struct {
		name string
		ids  []r4.Identifier
		want string
	}{
		{"none", nil, ""},
		{"other systems only", []r4.Identifier{{System: s("https://bluebutton.cms.gov/resources/variables/bene_id"), Value: s("-1")}}, ""},
		{"v1 marked current after historic", []r4.Identifier{mbi("OLD", "", "historic"), mbi("NEW", "", "current")}, "NEW"},
		{"v3 open period", []r4.Identifier{mbi("OLD", "2020-01-01", ""), mbi("NEW", "", "")}, "NEW"},
		{"all ended: latest end", []r4.Identifier{mbi("A", "2019-01-01", ""), mbi("B", "2021-01-01", ""), mbi("C", "2020-01-01", "")}, "B"},
		{"marking beats open period", []r4.Identifier{mbi("OPEN", "", ""), mbi("MARKED", "2020-01-01", "current")}, "MARKED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &fhir.Patient{Identifier: tt.ids}
			if got := fhir.MBI(p); got != tt.want {
				t.Errorf("MBI = %q, want %q (all: %+v)", got, tt.want, fhir.MBIs(p))
			}
			n := 0
			for _, e := range fhir.MBIs(p) {
				if e.Current {
					n++
				}
			}
			if tt.want != "" && n != 1 {
				t.Errorf("%d current entries, want 1", n)
			}
		})
	}
	if fhir.MBI(nil) != "" || fhir.MBIs(nil) != nil {
		t.Error("nil patient")
	}
}

func TestEOBSamples(t *testing.T) {
	eobs := decodeAll[fhir.ExplanationOfBenefit](t, "v3_ExplanationOfBenefit.ndjson")
	type want struct {
		patient   string
		claimType fhir.ClaimType
		start     string
		end       string
		payment   json.Number
		submitted json.Number
	}
	wants := map[string]want{
		"-9407699716563": {"-101021696", fhir.ClaimCarrier, "2025-01-16", "2025-02-13", "257663.58", "266350.72"},
		"-9600543646173": {"-108727054", fhir.ClaimSNF, "2018-11-06", "2018-11-11", "255884.56", "266345.06"},
	}
	for _, e := range eobs {
		w, ok := wants[*e.Id]
		if !ok {
			t.Errorf("unexpected sample EOB %s", *e.Id)
			continue
		}
		if got := fhir.PatientID(e); got != w.patient {
			t.Errorf("%s: PatientID = %q, want %q", *e.Id, got, w.patient)
		}
		if got := fhir.ClaimTypeOf(e); got != w.claimType {
			t.Errorf("%s: ClaimTypeOf = %q, want %q", *e.Id, got, w.claimType)
		}
		start, end, err := fhir.BillablePeriod(e)
		if err != nil || start.Format(time.DateOnly) != w.start || end.Format(time.DateOnly) != w.end {
			t.Errorf("%s: BillablePeriod = %v, %v, %v", *e.Id, start, end, err)
		}
		if got, ok := fhir.Payment(e); !ok || got.String() != string(w.payment) {
			t.Errorf("%s: Payment = %q, %v, want %q", *e.Id, got, ok, w.payment)
		}
		if w.submitted != "" {
			if got, ok := fhir.Total(e, "submitted"); !ok || got.String() != string(w.submitted) {
				t.Errorf("%s: Total(submitted) = %q, %v, want %q", *e.Id, got, ok, w.submitted)
			}
			if got, _ := fhir.Total(e, "CLM_SBMT_CHRG_AMT"); got.String() != string(w.submitted) {
				t.Errorf("%s: Total(CLM_SBMT_CHRG_AMT) = %q", *e.Id, got)
			}
		}
		if _, ok := fhir.Total(e, "no-such-category"); ok {
			t.Errorf("%s: Total found a missing category", *e.Id)
		}
	}
}

func TestCoverageSamples(t *testing.T) {
	at := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	wants := map[string]struct {
		part   fhir.MedicarePart
		status string
		active bool
	}{
		"part-b--101021696":           {fhir.PartB, "cancelled", false},
		"part-c--101021696-Z0002--01": {fhir.PartC, "active", true},
		"dual--101021696":             {"", "active", true},
		"part-b--108727054":           {fhir.PartB, "active", true},
		"dual--108727054":             {"", "active", true},
		"dual--123654140":             {"", "active", true},
		"part-a--129897709":           {fhir.PartA, "cancelled", false},
	}
	for _, c := range decodeAll[fhir.Coverage](t, "v3_Coverage.ndjson") {
		w, ok := wants[*c.Id]
		if !ok {
			t.Errorf("unexpected sample coverage %s", *c.Id)
			continue
		}
		if got := fhir.Part(c); got != w.part {
			t.Errorf("%s: Part = %q, want %q", *c.Id, got, w.part)
		}
		if got := c.Status.Code(); got != w.status {
			t.Errorf("%s: status %q, want %q", *c.Id, got, w.status)
		}
		if got := fhir.ActiveOn(c, at); got != w.active {
			t.Errorf("%s: ActiveOn = %v, want %v", *c.Id, got, w.active)
		}
		if fhir.PatientID(c) == "" {
			t.Errorf("%s: no PatientID", *c.Id)
		}
	}
}

func TestActiveOnBounds(t *testing.T) {
	s := func(v string) *string { return &v }
	c := &fhir.Coverage{Period: &r4.Period{Start: s("2024-01-29"), End: s("2025-01-28")}}
	for _, tt := range []struct {
		at   string
		want bool
	}{
		{"2024-01-28T23:59:59Z", false},
		{"2024-01-29T00:00:00Z", true},
		{"2025-01-28T23:59:59Z", true}, // the end date is included
		{"2025-01-29T00:00:00Z", false},
	} {
		at, _ := time.Parse(time.RFC3339, tt.at)
		if got := fhir.ActiveOn(c, at); got != tt.want {
			t.Errorf("ActiveOn(%s) = %v, want %v", tt.at, got, tt.want)
		}
	}
}

func TestReferenceID(t *testing.T) {
	for _, tt := range []struct{ ref, want string }{
		{"Patient/-101021696", "-101021696"},
		{"https://bcda.cms.gov/api/v3/Patient/42", "42"},
		{"Patient/7/_history/3", "7"},
		{"#contained", ""},
		{"Coverage/part-a-1", ""},
		{"Patient/", ""},
		{"Patient/a/b", ""},
	} {
		if got := fhir.ReferenceID(tt.ref, fhir.TypePatient); got != tt.want {
			t.Errorf("ReferenceID(%q) = %q, want %q", tt.ref, got, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string
		err  bool
	}{
		{"2024", "2024-01-01T00:00:00Z", false},
		{"2024-03", "2024-03-01T00:00:00Z", false},
		{"2024-03-05", "2024-03-05T00:00:00Z", false},
		{"2026-05-13T20:57:19.951+00:00", "2026-05-13T20:57:19.951Z", false},
		{"2018-11-15T00:00:00-05:00", "2018-11-15T00:00:00-05:00", false},
		{"2024-13-01", "", true},
		{"", "", true},
		{"yesterday", "", true},
	} {
		got, err := fhir.ParseDate(tt.in)
		if (err != nil) != tt.err || (!tt.err && got.Format(time.RFC3339Nano) != tt.want) {
			t.Errorf("ParseDate(%q) = %v, %v", tt.in, got, err)
		}
	}
}

func TestPatientIDNil(t *testing.T) {
	var eob *fhir.ExplanationOfBenefit
	var cov *fhir.Coverage
	var p *fhir.Patient
	if fhir.PatientID(eob) != "" || fhir.PatientID(cov) != "" || fhir.PatientID(p) != "" {
		t.Error("nil resources must give an empty id")
	}
}

func TestIssueMessage(t *testing.T) {
	s := func(v string) *string { return &v }
	for _, tt := range []struct {
		name  string
		issue r4.OperationOutcomeIssue
		want  string
	}{
		{"v1 diagnostics", r4.OperationOutcomeIssue{Diagnostics: s("Expired Token")}, "Expired Token"},
		{"v2 both: diagnostics first", r4.OperationOutcomeIssue{Diagnostics: s("d"), Details: &r4.CodeableConcept{Text: s("t")}}, "d"},
		{"v3 details.text", r4.OperationOutcomeIssue{Details: &r4.CodeableConcept{Text: s("t")}}, "t"},
		{"empty diagnostics", r4.OperationOutcomeIssue{Diagnostics: s(""), Details: &r4.CodeableConcept{Text: s("t")}}, "t"},
		{"coding display", r4.OperationOutcomeIssue{Details: &r4.CodeableConcept{Coding: []r4.Coding{{Code: s("Request Error")}, {Display: s("shown")}}}}, "shown"},
		{"nothing", r4.OperationOutcomeIssue{}, ""},
	} {
		if got := fhir.IssueMessage(tt.issue); got != tt.want {
			t.Errorf("%s: IssueMessage = %q, want %q", tt.name, got, tt.want)
		}
	}
}
