package synth

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// TestV1Shapes checks on a fresh clone what the shape check compares with
// the real v1 lines, and the BFD v1 facts the comparison cannot see
// (values, not paths): carrier and DME claims carry their totals as claim
// extensions that add up their lines, a payment percentage on each line's
// payment, and no provider; Part D events are identified by pde_id and
// rx_srvc_rfrnc_num, name their pharmacy as facility and organization and
// carry a payment date and no claim extensions; institutions are facility
// and organization, with their CCW facility type, and their revenue lines
// carry the adjudications, dates and codes of their claim type; FHIR claim types are
// mapped as BFD v1 maps them; ICD-10 codes are in BFD v1's icd-10 system.
func TestV1Shapes(t *testing.T) {
	const n = 12
	for kind, ls := range kindLines(Dataset{Seed: 5, Beneficiaries: n}, V1, n) {
		for _, l := range ls {
			var m map[string]any
			if err := json.Unmarshal(l, &m); err != nil {
				t.Fatal(err)
			}
			checkV1EOB(t, kind, m)
		}
	}
}

func checkV1EOB(t *testing.T, kind ClaimType, m map[string]any) {
	t.Helper()
	id, _ := m["id"].(string)
	fam := kinds[kind].family
	exts := map[string]map[string]any{}
	for _, x := range arr(m["extension"]) {
		exts[strings.TrimPrefix(str(x, "url"), bbVariables)] = x
	}
	for _, d := range arr(m["diagnosis"]) {
		for _, c := range arr(obj(d, "diagnosisCodeableConcept")["coding"]) {
			if s := str(c, "system"); s != sysICD10 {
				t.Errorf("%s: diagnosis system %s, want BFD v1's ICD-10 system %s", id, s, sysICD10)
			}
		}
	}
	var typeDisplay string
	for _, c := range arr(obj(m, "type")["coding"]) {
		if str(c, "system") == bbVariables+"nch_clm_type_cd" {
			typeDisplay = str(c, "display")
		}
	}
	if (fam == pharmacy) != (typeDisplay == "") {
		t.Errorf("%s: nch_clm_type_cd display %q", id, typeDisplay)
	}
	var ids []string
	for _, x := range arr(m["identifier"]) {
		ids = append(ids, strings.TrimPrefix(str(x, "system"), bbVariables))
	}
	wantIDs := "clm_id https://bluebutton.cms.gov/resources/identifier/claim-group"
	if fam == pharmacy {
		wantIDs = "pde_id https://bluebutton.cms.gov/resources/identifier/claim-group rx_srvc_rfrnc_num"
	}
	if got := strings.Join(ids, " "); got != wantIDs {
		t.Errorf("%s: identifiers %s, want %s", id, got, wantIDs)
	}
	if _, ok := m["provider"]; ok && fam != institutional {
		t.Errorf("%s: provider set; BFD v1 sets none on carrier, DME or Part D claims", id)
	}

	switch fam {
	case professional:
		// line sums by adjudication variable
		sum := map[string]float64{}
		for _, it := range arr(m["item"]) {
			pct := false
			for _, a := range arr(it["adjudication"]) {
				v := strings.TrimPrefix(str(first(arr(obj(a, "category")["coding"])), "code"), bbVariables)
				if am := obj(a, "amount"); am != nil {
					sum[v] += num(am, "value")
				}
				if v == "line_nch_pmt_amt" {
					xs := arr(a["extension"])
					pct = len(xs) == 1 && str(xs[0], "url") == bbVariables+"line_pmt_80_100_cd"
				}
			}
			if !pct {
				t.Errorf("%s: line %v payment without line_pmt_80_100_cd", id, it["sequence"])
			}
			// DME lines carry the DME variables, carrier lines the
			// carrier ones.
			b, _ := json.Marshal(it)
			if (kind == DME) != strings.Contains(string(b), bbVariables+"dmerc_line_mtus_cnt") ||
				(kind == DME) == strings.Contains(string(b), bbVariables+"carr_line_") {
				t.Errorf("%s: %s line %v with the other claim type's variables: %s", id, kind, it["sequence"], b)
			}
		}
		for ext, line := range map[string]string{
			"carr_clm_cash_ddctbl_apld_amt": "line_bene_ptb_ddctbl_amt",
			"nch_clm_prvdr_pmt_amt":         "line_nch_pmt_amt",
			"nch_clm_bene_pmt_amt":          "line_bene_pmt_amt",
			"nch_carr_clm_sbmtd_chrg_amt":   "line_sbmtd_chrg_amt",
			"nch_carr_clm_alowd_amt":        "line_alowd_chrg_amt",
		} {
			x := exts[ext]
			if x == nil {
				t.Errorf("%s: no %s extension", id, ext)
				continue
			}
			if got, want := num(obj(x, "valueMoney"), "value"), sum[line]; math.Abs(got-want) > 0.005 {
				t.Errorf("%s: %s = %.2f, its lines' %s add up to %.2f", id, ext, got, line, want)
			}
		}
		paid := num(obj(obj(m, "payment"), "amount"), "value")
		if got := num(obj(exts["nch_clm_prvdr_pmt_amt"], "valueMoney"), "value"); math.Abs(got-paid) > 0.005 {
			t.Errorf("%s: nch_clm_prvdr_pmt_amt %.2f, payment %.2f", id, got, paid)
		}
	case pharmacy:
		if _, ok := m["extension"]; ok {
			t.Errorf("%s: Part D event with claim extensions; BFD v1 writes its codes as information", id)
		}
		if p := obj(m, "payment"); str(p, "date") == "" || p["amount"] != nil {
			t.Errorf("%s: Part D payment %v, want a date and no amount", id, p)
		}
		fac, org := obj(m, "facility"), obj(m, "organization")
		if fac == nil || org == nil {
			t.Fatalf("%s: Part D event without facility and organization", id)
		}
		npi := str(obj(org, "identifier"), "value")
		if str(obj(fac, "identifier"), "value") != npi || str(obj(org, "identifier"), "system") != "http://hl7.org/fhir/sid/us-npi" {
			t.Errorf("%s: facility %v and organization %v are not the same NPI", id, fac["identifier"], org["identifier"])
		}
		facType := str(obj(first(arr(fac["extension"])), "valueCoding"), "code")
		for _, in := range arr(m["information"]) {
			if str(first(arr(obj(in, "category")["coding"])), "code") == bbVariables+"phrmcy_srvc_type_cd" {
				if got := str(first(arr(obj(in, "code")["coding"])), "code"); got != facType {
					t.Errorf("%s: pharmacy type %s in information, %s on the facility", id, got, facType)
				}
			}
		}
	case institutional:
		ft := obj(first(arr(obj(m, "facility")["extension"])), "valueCoding")
		if want := v2FacilityType[kind]; str(ft, "code") != want.code || str(ft, "display") != want.display {
			t.Errorf("%s: clm_fac_type_cd %v, want %v", id, ft, want)
		}
		if f, o := str(obj(obj(m, "facility"), "identifier"), "value"), str(obj(obj(m, "organization"), "identifier"), "value"); f == "" || f != o {
			t.Errorf("%s: facility NPI %q, organization NPI %q", id, f, o)
		}
		for _, it := range arr(m["item"]) {
			dated := kind == Outpatient || kind == HHA || kind == Hospice
			adj := len(arr(it["adjudication"]))
			if want := map[ClaimType]int{Inpatient: 3, SNF: 3, Outpatient: 11, HHA: 4, Hospice: 6}[kind]; adj != want {
				t.Errorf("%s: line %v has %d adjudications, BFD v1 writes %d on %s lines", id, it["sequence"], adj, want, kind)
			}
			if _, ok := it["servicedDate"]; ok != dated || it["servicedPeriod"] != nil {
				t.Errorf("%s: line %v servicedDate %v servicedPeriod %v (a revenue center date on outpatient, HHA and hospice lines only)", id, it["sequence"], it["servicedDate"], it["servicedPeriod"])
			}
			if str(obj(it, "locationAddress"), "state") == "" || len(arr(obj(it, "revenue")["extension"])) == 0 {
				t.Errorf("%s: line %v without provider state or revenue-center codes", id, it["sequence"])
			}
			if v := first(arr(obj(it, "service")["coding"]))["version"]; v != nil {
				t.Errorf("%s: line %v HCPCS version %v; BFD v1 has it on carrier and DME lines only", id, it["sequence"], v)
			}
		}
		for _, x := range []string{"nch_near_line_rec_ident_cd", "ptnt_dschrg_stus_cd", "fi_num", "clm_mdcr_non_pmt_rsn_cd"} {
			if _, ext := exts[x]; ext != (x == "fi_num" || x == "clm_mdcr_non_pmt_rsn_cd") {
				t.Errorf("%s: %s extension present: %v (BFD v1 writes fi_num and clm_mdcr_non_pmt_rsn_cd as extensions, the others in type and information)", id, x, ext)
			}
		}
	}
	// FHIR's claim type as BFD v1 maps it: none for DME and HHA.
	want := map[ClaimType]string{Carrier: "professional", Outpatient: "professional", Inpatient: "institutional", SNF: "institutional", Hospice: "institutional", PDE: "pharmacy"}[kind]
	var got string
	for _, c := range arr(obj(m, "type")["coding"]) {
		if str(c, "system") == "http://hl7.org/fhir/ex-claimtype" {
			got = str(c, "code")
		}
	}
	if got != want {
		t.Errorf("%s: ex-claimtype %q, want %q", id, got, want)
	}
}

// Accessors for decoded JSON: a missing or mistyped member is the zero
// value, so that a check reports the shape instead of panicking.

func obj(v any, key string) map[string]any {
	m, _ := v.(map[string]any)
	o, _ := m[key].(map[string]any)
	return o
}

func arr(v any) []map[string]any {
	a, _ := v.([]any)
	out := make([]map[string]any, 0, len(a))
	for _, e := range a {
		if o, ok := e.(map[string]any); ok {
			out = append(out, o)
		}
	}
	return out
}

func str(v map[string]any, key string) string {
	s, _ := v[key].(string)
	return s
}

// first returns a list's first object, or nil.
func first(a []map[string]any) map[string]any {
	if len(a) == 0 {
		return nil
	}
	return a[0]
}

// num returns a JSON number member, or 0.
func num(v map[string]any, key string) float64 {
	f, _ := v[key].(float64)
	return f
}
