package synth

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/bcda-go/bcda/fhir"
)

// TestV2Shapes checks on a fresh clone what the shape check checks against
// the real lines (fidelity-audit items 2–4): read through the SDK's own
// helpers, generated v2 data gives the current MBI although a replaced one
// is listed first, types bene_id MB, carries pde_id and rx_srvc_rfrnc_num on
// Part D events and the v2 claim type systems, has no dual Coverage, and
// calls every adjudicated claim complete.
func TestV2Shapes(t *testing.T) {
	const n = 60
	d := Dataset{Seed: 11, Beneficiaries: n}
	replaced := 0
	for i, l := range gen(t, d, Request{Version: V2, Type: fhir.TypePatient, Count: n}) {
		var p fhir.Patient
		if err := json.Unmarshal(l, &p); err != nil {
			t.Fatal(err)
		}
		if got := fhir.MBI(&p); got != d.MBI(i) {
			t.Errorf("patient %d: MBI = %q, want the current %q", i, got, d.MBI(i))
		}
		if len(fhir.MBIs(&p)) > 1 {
			replaced++
		}
		for _, id := range p.Identifier {
			if *id.System == bbVariables+"bene_id" && (id.Type == nil || *id.Type.Coding[0].Code != "MB") {
				t.Errorf("patient %d: bene_id typed %+v, want MB", i, id.Type)
			}
			if len(id.Extension) > 0 {
				t.Errorf("patient %d: v2 puts the currency marker on the type coding, not the identifier", i)
			}
		}
	}
	if replaced == 0 {
		t.Error("no v2 patient with a replaced MBI: the historic-first case is untested")
	}
	for _, l := range gen(t, d, Request{Version: V2, Type: fhir.TypeCoverage, Count: n}) {
		if bytes.Contains(l, []byte(`"id":"dual-`)) {
			t.Fatalf("dual Coverage in v2: %.100s", l)
		}
	}
	pde := 0
	for _, v := range []string{V2, V3} {
		for _, l := range gen(t, d, Request{Version: v, Type: fhir.TypeExplanationOfBenefit, Count: n}) {
			var e fhir.ExplanationOfBenefit
			if err := json.Unmarshal(l, &e); err != nil {
				t.Fatal(err)
			}
			if e.Outcome.Code() != "complete" {
				t.Errorf("%s EOB %s: outcome %q, want complete (NotFinalAction claims too)", v, *e.Id, e.Outcome.Code())
			}
			if fhir.ClaimTypeOf(&e) == "" {
				t.Errorf("%s EOB %s: no claim type", v, *e.Id)
			}
			if v != V2 {
				continue
			}
			if bytes.Contains(l, []byte("https://bluebutton.cms.gov/fhir/")) {
				t.Errorf("v2 EOB %s uses v3 URLs", *e.Id)
			}
			var systems []string
			for _, id := range e.Identifier {
				systems = append(systems, *id.System)
			}
			ids := strings.Join(systems, " ")
			checkV2EOB(t, &e)
			if fhir.ClaimTypeOf(&e) == fhir.ClaimPDE {
				pde++
				if !strings.Contains(ids, "variables/pde_id") || !strings.Contains(ids, "variables/rx_srvc_rfrnc_num") || strings.Contains(ids, "clm_id") {
					t.Errorf("v2 PDE %s identifiers %s", *e.Id, ids)
				}
			} else if !strings.Contains(ids, "variables/clm_id") {
				t.Errorf("v2 EOB %s identifiers %s", *e.Id, ids)
			}
		}
	}
	if pde == 0 {
		t.Error("no v2 Part D event generated")
	}
}

// checkV2EOB checks, on a fresh clone, the BFD v2 EOB shape that the shape
// check compares with the real lines: CCW extensions and code systems under
// /resources/variables/, claim amounts in benefitBalance (Part D events
// have none, and a payment date instead of an amount), every line amount
// coded in BFD's adjudication system, and NPI-typed careTeam members.
func checkV2EOB(t *testing.T, e *fhir.ExplanationOfBenefit) {
	t.Helper()
	id := *e.Id
	pde := fhir.ClaimTypeOf(e) == fhir.ClaimPDE
	for _, x := range e.Extension {
		if !strings.HasPrefix(x.Url, bbVariables) {
			t.Errorf("v2 EOB %s: extension %s outside %s", id, x.Url, bbVariables)
		}
	}
	if pde != (len(e.Extension) == 0) || pde != (len(e.BenefitBalance) == 0) {
		t.Errorf("v2 EOB %s: %d extensions, %d benefit balances (Part D events have neither, other claims both)", id, len(e.Extension), len(e.BenefitBalance))
	}
	for _, bb := range e.BenefitBalance {
		for _, f := range bb.Financial {
			if c := f.Type.Coding; len(c) != 1 || *c[0].System != bbCSBalance || !strings.HasPrefix(*c[0].Code, bbVariables) {
				t.Errorf("v2 EOB %s: benefit balance type %s", id, fhirJSON(f.Type))
			}
			if (f.UsedMoney == nil) == (f.UsedUnsignedInt == nil) {
				t.Errorf("v2 EOB %s: benefit balance %s wants usedMoney or usedUnsignedInt", id, *f.Type.Coding[0].Code)
			}
		}
	}
	if _, ok := fhir.Payment(e); ok == pde || (pde && e.Payment.Date == nil) {
		t.Errorf("v2 EOB %s: payment %s", id, fhirJSON(e.Payment))
	}
	for _, it := range e.Item {
		for _, a := range it.Adjudication {
			if a.Amount == nil {
				continue // a denial reason
			}
			bb := false
			var codes []string
			for _, c := range a.Category.Coding {
				bb = bb || (*c.System == bbCSAdj && strings.HasPrefix(*c.Code, bbVariables))
				codes = append(codes, *c.System+"|"+*c.Code)
			}
			if !bb {
				t.Errorf("v2 EOB %s line %d: adjudication %v without BFD's variable coding", id, it.Sequence, codes)
			}
		}
	}
	for _, m := range e.CareTeam {
		if i := m.Provider.Identifier; i == nil || i.Type == nil || *i.Type.Coding[0].Code != "npi" || i.Value == nil {
			t.Errorf("v2 EOB %s: careTeam %d provider %s, want an npi-typed identifier", id, m.Sequence, fhirJSON(m.Provider))
		}
	}
}

// fhirJSON renders a decoded element for an error message.
func fhirJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
