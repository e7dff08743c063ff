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
		e.ka("benefitBalance")
		e.b = append(e.b, `{"category":`+v2BenefitCategory+`,"financial":[`...)
		for _, f := range v2Fin[kind] {
			e.b = append(e.b, `{"type":`...)
			e.b = append(e.b, f.typ...)
			switch {
			case f.count:
				e.b = append(e.b, `,"usedUnsignedInt":`...)
				e.b = strconv.AppendInt(e.b, int64(r.intn(f.hi+1)), 10)
				e.b = append(e.b, '}', ',')
			case f.role != roleNone:
				e.b = append(e.b, `,"usedMoney":`...)
				e.money(s.get(f.role))
				e.b[len(e.b)-1] = '}'
				e.b = append(e.b, ',')
			default:
				e.b = append(e.b, `,"usedMoney":`...)
				e.money(r.cents(0, f.hi))
				e.b[len(e.b)-1] = '}'
				e.b = append(e.b, ',')
			}
		}
		e.endArr()
		e.end()
		e.endArr()
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

	// careTeam; the sequence of the member the lines point at.
	e.ka("careTeam")
	lineMember := 1
	switch {
	case prof:
		seq := 0
		if r.chance(70) {
			seq++
			e.v2Member(seq, r.npi(), pick(&r, familyNames)+", "+pick(&r, maleNames), "referring", "Referring", c4cs+"C4BBClaimCareTeamRole", nil, false, nil, kind)
		}
		seq++
		lineMember = seq
		sp := &specialties[r.intn(len(specialties))]
		e.v2Member(seq, practNPI, "", "performing", "Performing provider", c4cs+"C4BBClaimCareTeamRole", sp, true, &r, kind)
		if kind == Carrier {
			seq++
			e.v2Member(seq, orgNPI, pick(&r, facilityNames), "primary", "Primary provider", thoCS+"claimcareteamrole", nil, false, nil, kind)
		}
	case inst:
		seq := 1
		e.v2Member(seq, r.npi(), "", "attending", "Attending", c4cs+"C4BBClaimCareTeamRole", &specialties[r.intn(len(specialties))], false, nil, kind)
		if kind == Inpatient || kind == SNF || (kind == Outpatient && r.chance(50)) {
			seq++
			e.v2Member(seq, r.npi(), "", "operating", "Operating", c4cs+"C4BBClaimCareTeamRole", nil, false, nil, kind)
			if r.chance(50) {
				seq++
				e.v2Member(seq, r.npi(), "", "otheroperating", "Other Operating", c4cs+"C4BBClaimCareTeamRole", nil, false, nil, kind)
			}
		}
		seq++
		lineMember = seq
		e.v2Member(seq, practNPI, "", "performing", "Performing provider", c4cs+"C4BBClaimCareTeamRole", &specialties[r.intn(len(specialties))], false, nil, kind)
	default:
		e.v2Member(1, practNPI, pick(&r, familyNames)+", "+pick(&r, femaleNames), "prescribing", "Prescribing provider", c4cs+"C4BBClaimCareTeamRole", &specialties[r.intn(len(specialties))], false, nil, kind)
	}
	e.endArr()

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
		nDiag = r.between(2, 6)
		if inst {
			nDiag = r.between(3, 9)
		}
		e.ka("diagnosis")
		for i := 1; i <= nDiag; i++ {
			d := pick(&r, v2Diagnoses)
			e.b = append(e.b, `{"diagnosisCodeableConcept":{"coding":[`...)
			e.coding(d.code, d.display, sysICD10CM)
			e.coding(d.code, d.display, sysICD10)
			e.endArr()
			e.end()
			if kind == Inpatient && i > 1 {
				// Present-on-admission switches are numbered after the
				// diagnosis (clm_poa_ind_sw1 …).
				p := pick(&r, v2POA)
				e.b = append(e.b, `"extension":[{"url":"`+bbVariables+`clm_poa_ind_sw`...)
				e.b = strconv.AppendInt(e.b, int64(i-1), 10)
				e.b = append(e.b, `","valueCoding":{"code":"`...)
				e.b = append(e.b, p.code...)
				e.b = append(e.b, `","display":`...)
				e.b = appendString(e.b, p.display)
				e.b = append(e.b, `,"system":"`+bbVariables+`clm_poa_ind_sw`...)
				e.b = strconv.AppendInt(e.b, int64(i-1), 10)
				e.b = append(e.b, `"}}],`...)
			}
			e.kint("sequence", int64(i))
			e.ka("type")
			switch {
			case i == 1:
				e.cc("principal", "Principal Diagnosis", thoCS+"ex-diagnosistype")
			case i == 2 && (kind == Inpatient || kind == SNF):
				e.cc("admitting", "Admitting Diagnosis", thoCS+"ex-diagnosistype")
			case inst || kind == DME:
				e.cc("other", "Other", c4cs+"C4BBClaimDiagnosisType")
			default:
				e.cc("secondary", "Secondary", c4cs+"C4BBClaimDiagnosisType")
			}
			e.endArr()
			e.end()
		}
		if inst && r.chance(40) {
			// An external cause of injury, with its own present-on-
			// admission switch on inpatient claims.
			nDiag++
			x := pick(&r, v2ExternalCauses)
			e.b = append(e.b, `{"diagnosisCodeableConcept":{"coding":[`...)
			e.coding(x.code, x.display, sysICD10CM)
			e.coding(x.code, x.display, sysICD10)
			e.endArr()
			e.end()
			if kind == Inpatient {
				p := pick(&r, v2POA)
				e.ka("extension")
				e.ccwCoding("clm_e_poa_ind_sw1", p.code, p.display)
				e.endArr()
			}
			e.kint("sequence", int64(nDiag))
			e.b = append(e.b, `"type":[{"coding":[{"code":"externalcauseofinjury","display":"External Cause of Injury","system":"`+c4cs+`C4BBClaimDiagnosisType"}]}]},`...)
		}
		e.endArr()
	}
	if prof {
		e.ks("disposition", "01")
	}

	// Claim-level extensions.
	if fam != pharmacy {
		e.ka("extension")
		e.ccwCoding("nch_near_line_rec_ident_cd", c.info.nearLine, v2NearLine[c.info.nearLine])
		switch {
		case prof:
			e.ccwVals(&r, c, v2CarrierExt)
		default:
			if kind == Inpatient || kind == SNF {
				e.ccwVal(&r, c, &v2FIAction)
			}
			if kind == Inpatient {
				e.ccwVals(&r, c, v2InpatientX)
			}
			e.ccwVals(&r, c, v2InstExt)
			if kind == Hospice {
				e.ccwVal(&r, c, &v2HospicePeriods)
			}
		}
		e.endArr()
	}

	switch {
	case inst:
		f := v2FacilityType[kind]
		e.b = append(e.b, `"facility":{"extension":[`...)
		e.ccwCoding("clm_fac_type_cd", f.code, f.display)
		e.endArr()
		e.end()
	case fam == pharmacy:
		ph := pick(&r, v2PDEFacility)
		e.ko("facility")
		e.ks("display", pick(&r, facilityNames))
		e.ka("extension")
		e.ccwCoding("phrmcy_srvc_type_cd", ph.code, ph.display)
		e.endArr()
		e.b = append(e.b, `"identifier":{"type":{"coding":[{"code":"npi","system":"`+c4cs+`C4BBIdentifierType"}]},"value":"`...)
		e.b = append(e.b, orgNPI...)
		e.b = append(e.b, `"}},`...)
	}

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

	if inst && kind != HHA && kind != Hospice && (kind != Outpatient || r.chance(40)) {
		e.ka("procedure")
		np := 1
		if kind == Inpatient {
			np = r.between(1, 6)
		}
		for i := 1; i <= np; i++ {
			p := pick(&r, v2Procedures)
			e.obj()
			e.kmidnight("date", c.start+day(r.intn(int(c.end-c.start)+1)))
			e.b = append(e.b, `"procedureCodeableConcept":{"coding":[`...)
			e.coding(p.code, p.display, sysPCS)
			e.coding(p.code, p.display, sysICD10)
			e.endArr()
			e.end()
			e.kint("sequence", int64(i))
			e.end()
		}
		e.endArr()
	}

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

	// supportingInfo
	e.ka("supportingInfo")
	seq := 0
	switch {
	case fam == pharmacy:
		for i := range v2PDESI {
			e.v2SI(&r, c, &v2PDESI[i], &seq)
		}
	default:
		e.siDate(v2SIReceived, &seq, c.end+day(r.between(3, 21)))
		if hasObs {
			e.siHead(v2SIHctHgb)
			seq++
			e.kint("sequence", int64(seq))
			e.kraw("valueReference", `{"reference":"#line-observation-1"}`)
			e.end()
		}
		for i := range v2InstSI[kind] {
			e.v2SI(&r, c, &v2InstSI[kind][i], &seq)
		}
	}
	e.endArr()

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

// v2Line is one line's drawn amounts, by adjudication role. They are drawn
// before the claim is written because its benefit balances, payment and
// total are their sums.
type v2Line struct {
	amt [rolePaidToPatient + 1]int64
}

// drawV2Line draws the amounts of one line of claim c.
func drawV2Line(r *rng, c *claim) v2Line {
	var l v2Line
	switch c.info.family {
	case professional:
		lo, hi := 15, 1800
		if c.kind == DME {
			lo, hi = 20, 3500
		}
		sub, alw, paid, ded, coins := lineAmounts(r, lo, hi)
		l.amt[roleSubmitted], l.amt[roleAllowed], l.amt[rolePaidProvider] = sub, alw, paid
		l.amt[roleDeductible], l.amt[roleCoinsurance] = ded, coins
	case institutional:
		sub := r.cents(instCharge[c.kind][0], instCharge[c.kind][1])
		nonc := sub * int64(r.intn(30)) / 100
		l.amt[roleSubmitted], l.amt[roleNoncovered] = sub, nonc
		l.amt[rolePaidProvider] = (sub - nonc) * int64(40+r.intn(40)) / 100
		l.amt[rolePaidByPatient] = (sub - nonc) / 10
		if r.chance(15) {
			l.amt[roleDeductible] = r.cents(0, 300)
		}
	case pharmacy:
		cost := r.cents(4, 900)
		byPat := cost * int64(r.intn(40)) / 100
		l.amt[roleSubmitted], l.amt[rolePaidByPatient], l.amt[rolePaidProvider] = cost, byPat, cost-byPat
	}
	return l
}

// get returns the sum of one role.
func (s *sums) get(role int) int64 {
	switch role {
	case roleSubmitted:
		return s.submitted
	case roleAllowed:
		return s.allowed
	case rolePaidProvider:
		return s.paidProvider
	case rolePaidByPatient:
		return s.paidByPatient
	case roleDeductible:
		return s.deductible
	case roleCoinsurance:
		return s.coins
	case roleNoncovered:
		return s.noncovered
	case rolePaidToPatient:
		return s.paidToPatient
	}
	return 0
}

// v2Item writes line seq of claim c.
func (w *writer) v2Item(r *rng, c *claim, l *v2Line, seq, member, nDiag int, hasObs bool) {
	e := &w.e
	kind := c.kind
	e.obj()
	e.ka("adjudication")
	var adj []adjV2
	switch c.info.family {
	case professional:
		pa := pick(r, pmt80100)
		if kind == Carrier {
			// The reduced-payment physician assistant code is a carrier
			// variable.
			e.b = append(e.b, `{"category":{"coding":[{"code":"denialreason","display":"Denial Reason","system":"`+c4cs+`C4BBAdjudicationDiscriminator"}]},"reason":{"coding":[{"code":"0","display":"N/A","system":"`+bbVariables+`carr_line_rdcd_pmt_phys_astn_c"}]}},`...)
		}
		adj = v2CarrierLineAdj
		if kind == DME {
			adj = v2DMELineAdj
		}
		for _, a := range adj {
			v := l.amt[a.role]
			if a.role == roleNone {
				v = r.cents(0, 200)
			}
			if a.role == rolePaidProvider {
				// The line's Medicare payment carries its payment
				// percentage.
				e.b = append(e.b, `{"amount":{"currency":"USD","value":`...)
				e.b = appendCents(e.b, v)
				e.b = append(e.b, `},"category":`...)
				e.b = append(e.b, a.cat...)
				e.b = append(e.b, `,"extension":[`...)
				e.ccwCoding("line_pmt_80_100_cd", pa.code, pa.display)
				e.endArr()
				e.end()
				continue
			}
			e.adjAmount(a.cat, v)
		}
	case institutional:
		for i := 0; i < v2InstDenials[kind]; i++ {
			if !r.chance(50) {
				continue
			}
			name := "rev_cntr_1st_ansi_cd"
			if i == 1 {
				name = "rev_cntr_2nd_ansi_cd"
			}
			e.b = append(e.b, `{"category":{"coding":[{"code":"denialreason","display":"Denial Reason","system":"`+c4cs+`C4BBAdjudicationDiscriminator"}]},"reason":{"coding":[{"code":"`...)
			e.b = append(e.b, pick(r, []string{"CO45", "CO120", "CR121", "PR1", "PR2"})...)
			e.b = append(e.b, `","system":"`+bbVariables...)
			e.b = append(e.b, name...)
			e.b = append(e.b, `"}]}},`...)
		}
		for _, a := range v2InstLineAdj[kind] {
			v := l.amt[a.role]
			if a.role == roleNone {
				v = r.cents(0, 250)
			}
			e.adjAmount(a.cat, v)
		}
	case pharmacy:
		for _, a := range v2PDELineAdj {
			v := l.amt[a.role]
			if a.role == roleNone {
				v = r.cents(0, 40)
			}
			e.adjAmount(a.cat, v)
		}
	}
	e.endArr()
	e.ka("careTeamSequence")
	e.int(int64(member))
	e.endArr()

	switch c.info.family {
	case professional:
		st := pick(r, v2CMSServiceType)
		e.kcc("category", st.code, st.display, bbVariables+"line_cms_type_srvc_cd")
		if nDiag > 0 {
			e.ka("diagnosisSequence")
			e.int(int64(1 + r.intn(nDiag)))
			e.endArr()
		}
		e.ka("extension")
		if kind == DME {
			e.ccwVal(r, c, &v2DMELineExt[0])
			e.b = append(e.b, `{"url":"`+bbVariables+`dmerc_line_scrn_svgs_amt","valueQuantity":{"value":0}},{"url":"`+bbVariables+`dmerc_line_mtus_cnt","valueQuantity":{"code":"3","system":"`+bbVariables+`dmerc_line_mtus_cd","unit":"Number of services","value":`...)
			e.b = strconv.AppendInt(e.b, int64(1+r.intn(90)), 10)
			e.b = append(e.b, `}},`...)
			e.ccwVals(r, c, v2DMELineExt[1:])
		} else {
			units := int64(1 + r.intn(5))
			e.b = append(e.b, `{"url":"`+bbVariables+`carr_line_mtus_cnt","valueQuantity":{"value":`...)
			e.b = strconv.AppendInt(e.b, units, 10)
			e.b = append(e.b, `}},`...)
			// BFD writes the unit count a second time as a coding.
			e.b = append(e.b, `{"url":"`+bbVariables+`carr_line_mtus_cnt","valueCoding":{"code":"`...)
			e.b = strconv.AppendInt(e.b, units, 10)
			e.b = append(e.b, `","system":"`+bbVariables+`carr_line_mtus_cnt"}},`...)
		}
		lineExt := v2CarrierLineExt
		if kind == DME {
			lineExt = lineExt[1:] // DME lines count units in dmerc_line_mtus_cnt, without carr_line_mtus_cd
		}
		e.ccwVals(r, c, lineExt)
		e.endArr()
		if hasObs {
			e.kraw("informationSequence", "[2]")
		}
		pos := pick(r, v2PlacesOfService)
		e.b = append(e.b, `"locationCodeableConcept":{"coding":[`...)
		e.coding(pos.code, pos.display, bbVariables+"line_place_of_srvc_cd")
		e.endArr()
		e.ka("extension")
		st8 := states[r.intn(len(states))]
		e.ccwCoding("prvdr_state_cd", st8.code, "")
		if kind == Carrier {
			var zip [9]byte
			copy(zip[:], st8.zip)
			r.digits(zip[len(st8.zip):])
			e.ccwCoding("prvdr_zip", string(zip[:]), "")
			lc := pick(r, v2PricingLocality)
			e.ccwCoding("carr_line_prcng_lclty_cd", lc.code, lc.display)
			if r.chance(30) {
				var clia [10]byte
				r.digits(clia[:])
				clia[2], clia[3] = 'D', '0'
				e.ccwIdent("carr_line_clia_lab_num", clia[:])
			}
		}
		e.endArr()
		e.end()
		if r.chance(50) {
			m := pick(r, modifiers)
			e.b = append(e.b, `"modifier":[{"coding":[{"code":`...)
			e.b = appendString(e.b, m.code)
			e.b = append(e.b, `,"system":"`+bbCSHCPCS+`","version":"`...)
			e.b = strconv.AppendInt(e.b, int64(1+r.intn(5)), 10)
			e.b = append(e.b, `"}]}],`...)
		}
		e.v2Product(r, profLineCode(r, kind).code, false, 25)
		e.ko("quantity")
		e.kint("value", int64(1+r.intn(60)))
		e.end()
		e.kint("sequence", int64(seq))
		e.k("servicedPeriod")
		e.period(c.start, c.end)
	case institutional:
		if kind == Outpatient || kind == SNF || kind == HHA {
			// The unit count, as the real lines of these types carry it
			// (the inpatient and hospice ones do not).
			e.b = append(e.b, `"extension":[{"url":"`+bbVariables+`rev_cntr_unit_cnt","valueQuantity":{"value":`...)
			e.b = strconv.AppendInt(e.b, int64(1+r.intn(500)), 10)
			e.b = append(e.b, `}}],`...)
		}
		e.b = append(e.b, `"locationAddress":{"state":"`...)
		e.b = append(e.b, states[r.intn(len(states))].code...)
		e.b = append(e.b, `"},`...)
		if r.chance(40) {
			m := pick(r, modifiers)
			e.b = append(e.b, `"modifier":[{"coding":[{"code":`...)
			e.b = appendString(e.b, m.code)
			e.b = append(e.b, `,"system":"`+bbCSHCPCS+`"}]}`...)
			if r.chance(30) {
				// BFD also writes the line's unit of measure as a
				// modifier; only some units have a display.
				u := pick(r, v2Units)
				e.b = append(e.b, `,{"coding":[`...)
				e.coding(u.code, u.display, sysUCUM)
				e.endArr()
				e.b[len(e.b)-1] = '}'
			}
			e.b = append(e.b, `],`...)
		}
		// Only outpatient lines name a drug (NDC) in the real lines.
		e.v2Product(r, pick(r, profCodes).code, kind == Inpatient, boolPct(kind == Outpatient, 20))
		e.ko("quantity")
		e.kint("value", int64(1+r.intn(100)))
		e.end()
		rc := revenueCenters[r.intn(len(revenueCenters))]
		e.b = append(e.b, `"revenue":{"coding":[`...)
		if kind == HHA {
			// Of the real lines, only the HHA one names its revenue
			// center.
			e.coding(rc.code, rc.display, bbVariables+"rev_cntr")
		} else {
			e.coding(rc.code, "", bbVariables+"rev_cntr")
		}
		if kind != Outpatient {
			// The deductible/coinsurance code, in NUBC's system and
			// BFD's.
			dc := pick(r, v2DedCoins)
			e.coding(dc.code, "", "https://www.nubc.org/CodeSystem/RevenueCodes")
			e.coding(dc.code, dc.display, bbVariables+"rev_cntr_ddctbl_coinsrnc_cd")
		}
		e.endArr()
		if kind == Outpatient || kind == HHA {
			rs := pick(r, v2RevStatus)
			e.ka("extension")
			e.ccwCoding("rev_cntr_stus_ind_cd", rs.code, rs.display)
			e.endArr()
		}
		e.end()
		e.kint("sequence", int64(seq))
		if kind != Inpatient && kind != SNF {
			e.kdate("servicedDate", c.start+day(r.intn(int(c.end-c.start)+1)))
		}
	case pharmacy:
		d := pick(r, drugs)
		e.kcc("productOrService", d.ndc, d.name, sysNDC)
		e.ko("quantity")
		e.kint("value", int64(pick(r, []int{30, 30, 60, 90, 14})))
		e.end()
		e.kint("sequence", int64(seq))
		e.kdate("servicedDate", c.start)
	}
	e.end()
}

// profLineCode draws the procedure code of a professional line: a DME
// supply on DME claims, a CPT/HCPCS service otherwise.
func profLineCode(r *rng, kind ClaimType) hcpcs {
	if kind == DME {
		return pick(r, dmeCodes)
	}
	return pick(r, profCodes)
}

// boolPct is pct when b holds, else 0.
func boolPct(b bool, pct int) int {
	if b {
		return pct
	}
	return 0
}

// v2Product writes a line's HCPCS code (in BFD's hcpcs system, and first
// in the hcpcs_cd variable on inpatient lines) with, pct percent of the
// time, the NDC of the drug given as an extension.
func (e *enc) v2Product(r *rng, code string, withVar bool, pct int) {
	e.b = append(e.b, `"productOrService":{"coding":[`...)
	if withVar {
		e.coding(code, "", bbVariables+"hcpcs_cd")
	}
	e.coding(code, "", bbCSHCPCS)
	e.endArr()
	if r.chance(pct) {
		d := pick(r, drugs)
		e.b = append(e.b, `"extension":[{"url":"`+sysNDC+`","valueCoding":{"code":"`...)
		e.b = append(e.b, d.ndc...)
		e.b = append(e.b, `","display":`...)
		e.b = appendString(e.b, d.name)
		e.b = append(e.b, `,"system":"`+sysNDC+`"}}],`...)
	}
	e.end()
}

// v2Member writes a careTeam member identified by NPI. A performing
// carrier or DME member (r non-nil, kind saying which) carries the
// participation extension (and on carrier claims the provider type); sp
// adds the NUCC taxonomy (and for that member the CMS specialty) as its
// qualification.
func (e *enc) v2Member(seq int, npi, display, role, roleDisp, roleSys string, sp *specialty, responsible bool, r *rng, kind ClaimType) {
	e.obj()
	if r != nil {
		e.ka("extension")
		if kind == Carrier {
			// A carrier variable: DME claims have no provider type.
			pt := providerTypes[r.intn(len(providerTypes))]
			e.ccwCoding("carr_line_prvdr_type_cd", pt.code, "")
		}
		p := pick(r, v2Participating)
		e.ccwCoding("prtcptng_ind_cd", p.code, p.display)
		e.endArr()
	}
	e.ko("provider")
	if display != "" {
		e.ks("display", display)
	}
	e.b = append(e.b, `"identifier":{"type":{"coding":[{"code":"npi","display":"National Provider Identifier","system":"`+c4cs+`C4BBIdentifierType"}]},"value":"`...)
	e.b = append(e.b, npi...)
	e.b = append(e.b, `"}},`...)
	if sp != nil && (sp.taxonomy != "" || r != nil) {
		e.ko("qualification")
		e.ka("coding")
		if sp.taxonomy != "" {
			e.coding(sp.taxonomy, sp.display, "http://nucc.org/provider-taxonomy")
		}
		if r != nil {
			e.coding(sp.code, sp.display, bbVariables+"prvdr_spclty")
		}
		e.endArr()
		e.end()
	}
	if responsible {
		e.kbool("responsible", true)
	}
	e.ko("role")
	e.ka("coding")
	e.coding(role, roleDisp, roleSys)
	e.endArr()
	e.end()
	e.kint("sequence", int64(seq))
	e.end()
}

// ccwCoding writes {"url":V+name,"valueCoding":{code,display,"system":V+name}}.
func (e *enc) ccwCoding(name, code, display string) {
	e.b = appendExtCoding(e.b, bbVariables, name, code, display, bbVariables, name)
}

// ccwIdent writes {"url":V+name,"valueIdentifier":{"system":V+name,"value":v}}.
func (e *enc) ccwIdent(name string, v []byte) {
	e.b = append(e.b, `{"url":"`+bbVariables...)
	e.b = append(e.b, name...)
	e.b = append(e.b, `","valueIdentifier":{"system":"`+bbVariables...)
	e.b = append(e.b, name...)
	e.b = append(e.b, `","value":"`...)
	e.b = append(e.b, v...)
	e.b = append(e.b, `"}},`...)
}

func (e *enc) ccwVals(r *rng, c *claim, vs []ccwVal) {
	for i := range vs {
		e.ccwVal(r, c, &vs[i])
	}
}

// ccwVal writes one CCW variable extension with a drawn value.
func (e *enc) ccwVal(r *rng, c *claim, v *ccwVal) {
	switch v.kind {
	case 'c':
		x := pick(r, v.codes)
		e.ccwCoding(v.name, x.code, x.display)
	case 'i':
		var d [20]byte
		r.digits(d[:v.n])
		e.ccwIdent(v.name, d[:v.n])
	case 'm':
		e.b = append(e.b, `{"url":"`+bbVariables...)
		e.b = append(e.b, v.name...)
		e.b = append(e.b, `","valueMoney":`...)
		e.money(r.cents(0, v.n))
		e.b[len(e.b)-1] = '}'
		e.b = append(e.b, ',')
	case 'd':
		e.b = append(e.b, `{"url":"`+bbVariables...)
		e.b = append(e.b, v.name...)
		e.b = append(e.b, `","valueDate":"`...)
		e.b = (c.end + day(r.between(3, 30))).append(e.b)
		e.b = append(e.b, `"},`...)
	case 'q':
		e.b = append(e.b, `{"url":"`+bbVariables...)
		e.b = append(e.b, v.name...)
		e.b = append(e.b, `","valueQuantity":{"value":`...)
		e.b = strconv.AppendInt(e.b, int64(1+r.intn(v.n)), 10)
		e.b = append(e.b, `}},`...)
	}
}

// v2SI writes one supporting-info entry with a drawn value.
func (e *enc) v2SI(r *rng, c *claim, si *siV2, seq *int) {
	e.siHead(si.cat)
	if si.kind == 'c' {
		x := pick(r, si.codes)
		e.kcc("code", x.code, x.display, si.sys)
	}
	*seq++
	e.kint("sequence", int64(*seq))
	switch si.kind {
	case 'D':
		e.kdate("timingDate", c.end+day(r.between(1, 30)))
	case 'P':
		end := c.end
		if c.kind == HHA && si.cat == v2SIAdmission.cat {
			end = 0 // a home health admission has a start only
		}
		e.k("timingPeriod")
		e.period(c.start, end)
	case 'q':
		e.b = append(e.b, `"valueQuantity":{"code":"[pt_us]","system":"`+sysUCUM+`","unit":"pint","value":`...)
		e.b = strconv.AppendInt(e.b, int64(r.intn(6)), 10)
		e.b = append(e.b, `},`...)
	case 'Q':
		e.b = append(e.b, `"valueQuantity":{"value":`...)
		e.b = strconv.AppendInt(e.b, int64(r.between(1, 30)), 10)
		e.b = append(e.b, `},`...)
	}
	e.end()
}
