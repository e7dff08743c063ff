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
