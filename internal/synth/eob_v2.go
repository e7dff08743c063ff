package synth

import "strconv"

// writeV2EOB writes claim c of beneficiary b as BFD v2 (Blue Button 2.0,
// C4BB 1.x) writes it, the shape BCDA v2 serves: CCW variables under
// https://bluebutton.cms.gov/resources/variables/ as extensions and code
// systems, claim-level amounts in benefitBalance, line amounts in
// adjudications coded twice (FHIR or CARIN BB, then BFD's variable),
// careTeam members identified by NPI, ICD codes undotted in both the
// -cm and the WHO system. The per-type content is in eob_v2_vars.go; the
// real lines are shared/samples/v2_ExplanationOfBenefit.ndjson. Line items
// are capped at maxItems.
func (w *writer) writeV2EOB(b *bene, c *claim, maxItems int) {
	e := &w.e
	r := c.r // copy: a retry with fewer items replays the same draws
	kind := c.kind
	fam := c.info.family
	inst := fam == institutional
	prof := fam == professional // carrier and DME
	n := c.items
	if n > maxItems {
		n = maxItems
	}

	// Line amounts come first: claim-level balances and the payment are
	// their sums, and the lines are written after them.
	lines := w.v2Lines[:0]
	var s sums
	for i := 0; i < n; i++ {
		l := drawV2Line(&r, c)
		for role, v := range l.amt {
			s.add(role, v)
		}
		lines = append(lines, l)
	}
	w.v2Lines = lines
	hasObs := prof && r.chance(40)
	practNPI, orgNPI := r.npi(), r.npi()

	e.obj()
	if fam != pharmacy {
		e.v2BenefitBalance(&r, kind, &s)
	}

	e.ko("billablePeriod")
	e.kdate("end", c.end)
	if inst {
		e.ka("extension")
		e.ccwCoding("claim_query_cd", "3", "Final bill")
		e.endArr()
	}
	e.kdate("start", c.start)
	e.end()

	lineMember := e.v2CareTeam(&r, c, practNPI, orgNPI)

	// contained: the hematocrit/hemoglobin result a carrier or DME line
	// refers to, or an institutional claim's provider organization.
	switch {
	case hasObs:
		h := pick(&r, v2HctHgb)
		e.b = append(e.b, `"contained":[{"code":{"coding":[`...)
		e.coding(h.code, h.display, bbVariables+"line_hct_hgb_type_cd")
		e.endArr()
		e.end()
		e.b = append(e.b, `"id":"line-observation-1","resourceType":"Observation","status":"unknown","valueQuantity":{"value":`...)
		e.b = appendCents(e.b, r.cents(30, 50))
		e.b = append(e.b, `}}],`...)
	case inst:
		e.b = append(e.b, `"contained":[{"active":true,"id":"provider-org","identifier":[{"type":{"coding":[{"code":"PRN","system":"`+sysV2_0203+`"}]},"value":"`...)
		var prn [6]byte
		r.digits(prn[:])
		e.b = append(e.b, prn[:]...)
		e.b = append(e.b, `"},{"system":"http://hl7.org/fhir/sid/us-npi","type":{"coding":[{"code":"npi","system":"`+c4cs+`C4BBIdentifierType"}]},"value":"`...)
		e.b = append(e.b, orgNPI...)
		e.b = append(e.b, `"}],"meta":{"profile":["`+c4bb+`C4BB-Organization"]},"name":`...)
		e.b = appendString(e.b, pick(&r, facilityNames))
		e.b = append(e.b, `,"resourceType":"Organization"}],`...)
	}

	e.kmidnight("created", c.created)

	nDiag := 0
	if fam != pharmacy {
		nDiag = e.v2Diagnosis(&r, c)
	}
	if prof {
		e.ks("disposition", "01")
	}

	e.v2ClaimExtensions(&r, c, orgNPI)

	// id and identifiers: clm_id (pde_id and rx_srvc_rfrnc_num on Part D
	// events) and the claim group.
	var idb [32]byte
	numStr := strconv.AppendInt(idb[:0], c.num, 10)
	e.k("id")
	e.b = append(e.b, '"')
	e.b = append(e.b, c.info.v1...)
	e.b = append(e.b, '-', '-')
	e.b = append(e.b, numStr...)
	e.b = append(e.b, '"', ',')
	const uc = `"type":{"coding":[{"code":"uc","display":"Unique Claim ID","system":"` + c4cs + `C4BBIdentifierType"}]}`
	e.ka("identifier")
	if fam == pharmacy {
		e.b = append(e.b, `{"system":"`+bbVariables+`pde_id",`+uc+`,"value":"-`...)
	} else {
		e.b = append(e.b, `{"system":"`+bbVariables+`clm_id",`+uc+`,"value":"-`...)
	}
	e.b = append(e.b, numStr...)
	e.b = append(e.b, `"},{"system":"https://bluebutton.cms.gov/resources/identifier/claim-group",`+uc+`,"value":"`...)
	e.b = strconv.AppendInt(e.b, c.num/7+int64(r.intn(1000)), 10)
	e.b = append(e.b, `"},`...)
	if fam == pharmacy {
		e.b = append(e.b, `{"system":"`+bbVariables+`rx_srvc_rfrnc_num",`+uc+`,"value":"`...)
		e.b = strconv.AppendInt(e.b, c.num%1000000, 10)
		e.b = append(e.b, `"},`...)
	}
	e.endArr()

	// insurance: the Coverage of the claim's part; a Part D event names
	// the plan contract and benefit package.
	e.b = append(e.b, `"insurance":[{"coverage":{`...)
	if fam == pharmacy {
		e.b = append(e.b, `"extension":[`...)
		var pc [4]byte
		r.digits(pc[:])
		e.b = append(e.b, `{"url":"`+bbVariables+`plan_cntrct_rec_id","valueIdentifier":{"system":"`+bbVariables+`plan_cntrct_rec_id","value":"H`...)
		e.b = append(e.b, pc[:]...)
		e.b = append(e.b, `"}},{"url":"`+bbVariables+`plan_pbp_rec_num","valueIdentifier":{"system":"`+bbVariables+`plan_pbp_rec_num","value":"0`...)
		r.digits(pc[:2])
		e.b = append(e.b, pc[:2]...)
		e.b = append(e.b, `"}}],`...)
	}
	e.b = append(e.b, `"reference":"Coverage/`...)
	e.b = append(e.b, c.info.coverageID...)
	e.b = append(e.b, b.idStr...)
	e.b = append(e.b, `"},"focal":true}],"insurer":{"identifier":{"value":"CMS"}},`...)

	e.ka("item")
	for i := range lines {
		w.v2Item(&r, c, &lines[i], i+1, lineMember, nDiag, hasObs)
	}
	e.endArr()

	e.b = append(e.b, `"meta":{"lastUpdated":`...)
	e.b = append(e.b, '"')
	e.b = appendInstant(e.b, c.updated, true)
	e.b = append(e.b, `","profile":["`+c4bb...)
	e.b = append(e.b, v2Family[kind].profile...)
	e.b = append(e.b, `"]},`...)

	// Adjudicated claims are complete whether or not final (fidelity-audit
	// item 4).
	e.ks("outcome", "complete")
	e.ko("patient")
	e.ks("reference", "Patient/"+b.idStr)
	e.end()
	if fam == pharmacy {
		// A Part D event's payment is the date the plan paid it.
		e.ko("payment")
		e.kdate("date", c.start+day(r.between(7, 30)))
		e.end()
	} else {
		e.b = append(e.b, `"payment":{"amount":`...)
		e.money(s.paidProvider)
		e.end()
	}

	e.v2Procedures(&r, c)

	// provider: the billing NPI (carrier), the supplier (DME), the
	// contained organization (institutional) or the pharmacy (Part D).
	switch {
	case kind == Carrier:
		e.b = append(e.b, `"provider":{"identifier":{"system":"`+bbVariables+`carr_clm_blg_npi_num","value":"`...)
		e.b = append(e.b, orgNPI...)
		e.b = append(e.b, `"}},`...)
	case kind == DME:
		e.b = append(e.b, `"provider":{"display":`...)
		e.b = appendString(e.b, pick(&r, facilityNames))
		e.b = append(e.b, `,"identifier":{"system":"http://hl7.org/fhir/sid/us-npi","value":"`...)
		e.b = append(e.b, practNPI...)
		e.b = append(e.b, `"},"type":"Practitioner"},`...)
	case inst:
		e.kraw("provider", `{"reference":"#provider-org"}`)
	default:
		e.b = append(e.b, `"provider":{"identifier":{"system":"http://hl7.org/fhir/sid/us-npi","value":"`...)
		e.b = append(e.b, orgNPI...)
		e.b = append(e.b, `"}},`...)
	}
	if prof {
		// The referring physician (DME claims name them).
		e.b = append(e.b, `"referral":{`...)
		if kind == DME {
			e.ks("display", "DR. "+pick(&r, maleNames)+" "+pick(&r, familyNames)+" MD")
		}
		e.b = append(e.b, `"identifier":{"type":{"coding":[{"code":"npi","display":"National Provider Identifier","system":"`+c4cs+`C4BBIdentifierType"}]},"value":"`...)
		e.b = append(e.b, r.npi()...)
		e.b = append(e.b, `"}},`...)
	}
	e.ks("resourceType", "ExplanationOfBenefit")
	e.ks("status", "active")
	if inst {
		st, text := "inpatient", "Inpatient"
		if kind == Outpatient {
			st, text = "outpatient", "Outpatient"
		}
		e.b = append(e.b, `"subType":{"coding":[{"code":"`...)
		e.b = append(e.b, st...)
		e.b = append(e.b, `","system":"`+c4cs+`C4BBInstitutionalClaimSubType"}],"text":"`...)
		e.b = append(e.b, text...)
		e.b = append(e.b, `"},`...)
	}

	e.v2SupportingInfo(&r, c, hasObs)

	// total
	e.ka("total")
	switch {
	case prof:
		e.adjAmount(v2TotalProf, s.submitted)
	case inst:
		e.adjAmount(v2TotalInst, s.submitted)
	default:
		e.adjAmount(v2TotalPDECost, s.submitted)
		e.adjAmount(v2TotalPDEOthr, 0)
	}
	e.endArr()

	// type: the NCH claim type (none on Part D events), the EOB type and
	// the claim-type family.
	e.ko("type")
	e.ka("coding")
	if fam != pharmacy {
		ct := v2ClaimTypeCD[kind]
		e.coding(ct.code, ct.display, bbVariables+"nch_clm_type_cd")
	}
	e.coding(c.info.eobType, "", bbCSEOBType)
	f := v2Family[kind]
	e.coding(f.code, f.display, thoCS+"claim-type")
	e.endArr()
	e.end()
	e.ks("use", "claim")
	e.end()
}
