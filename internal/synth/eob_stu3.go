package synth

import "strconv"

const (
	bbCodeSystem = "https://bluebutton.cms.gov/resources/codesystem/"
	bbAdjSystem  = bbCodeSystem + "adjudication"
	bbInfoSystem = bbCodeSystem + "information"
	sysICD10     = "http://hl7.org/fhir/sid/icd-10"
)

// catSTU3 encodes a Blue Button v1 category whose code is the variable's
// URL.
func catSTU3(variable, display, system string) string {
	var e enc
	e.b = append(e.b, `{"coding":[`...)
	e.coding(bbVariables+variable, display, system)
	e.endArr()
	e.end()
	return string(e.b[:len(e.b)-1])
}

type stu3Adj struct {
	cat  string
	role int
}

var (
	stu3ProfAdj = []stu3Adj{
		{catSTU3("line_nch_pmt_amt", "Line NCH Medicare Payment Amount", bbAdjSystem), rolePaidProvider},
		{catSTU3("line_bene_pmt_amt", "Line Payment Amount to Beneficiary", bbAdjSystem), rolePaidToPatient},
		{catSTU3("line_prvdr_pmt_amt", "Line Provider Payment Amount", bbAdjSystem), roleNone},
		{catSTU3("line_bene_ptb_ddctbl_amt", "Line Beneficiary Part B Deductible Amount", bbAdjSystem), roleDeductible},
		{catSTU3("line_bene_prmry_pyr_pd_amt", "Line Primary Payer (if not Medicare) Paid Amount", bbAdjSystem), roleNone},
		{catSTU3("line_coinsrnc_amt", "Line Beneficiary Coinsurance Amount", bbAdjSystem), roleCoinsurance},
		{catSTU3("line_sbmtd_chrg_amt", "Line Submitted Charge Amount", bbAdjSystem), roleSubmitted},
		{catSTU3("line_alowd_chrg_amt", "Line Allowed Charge Amount", bbAdjSystem), roleAllowed},
	}
	// DME lines: the primary-payer allowed and purchase price amounts
	// first, then the carrier ones (DMEClaimTransformer; eobReadDme.json),
	// the variables v2 DME lines carry too (v2DMELineAdj).
	stu3DMEAdj = append([]stu3Adj{
		{catSTU3("line_prmry_alowd_chrg_amt", "Line Primary Payer Allowed Charge Amount", bbAdjSystem), roleNone},
		{catSTU3("line_dme_prchs_price_amt", "Line DME Purchase Price Amount", bbAdjSystem), roleNone},
	}, stu3ProfAdj...)
	stu3InstAdj = []stu3Adj{
		{catSTU3("rev_cntr_rate_amt", "Revenue Center Rate Amount", bbAdjSystem), roleNone},
		{catSTU3("rev_cntr_tot_chrg_amt", "Revenue Center Total Charge Amount", bbAdjSystem), roleSubmitted},
		{catSTU3("rev_cntr_ncvrd_chrg_amt", "Revenue Center Non-Covered Charge Amount", bbAdjSystem), roleNoncovered},
		{catSTU3("rev_cntr_cash_ddctbl_amt", "Revenue Center Cash Deductible Amount", bbAdjSystem), roleDeductible},
		{catSTU3("rev_cntr_coinsrnc_wge_adjstd_c", "Revenue Center Coinsurance/Wage Adjusted Coinsurance Amount", bbAdjSystem), roleNone},
		{catSTU3("rev_cntr_rdcd_coinsrnc_amt", "Revenue Center Reduced Coinsurance Amount", bbAdjSystem), rolePaidByPatient},
		{catSTU3("rev_cntr_1st_msp_pd_amt", "Revenue Center 1st Medicare Secondary Payer (MSP) Paid Amount", bbAdjSystem), roleNone},
		{catSTU3("rev_cntr_prvdr_pmt_amt", "Revenue Center (Medicare) Provider Payment Amount", bbAdjSystem), rolePaidProvider},
		{catSTU3("rev_cntr_bene_pmt_amt", "Revenue Center Payment Amount to Beneficiary", bbAdjSystem), rolePaidToPatient},
		{catSTU3("rev_cntr_ptnt_rspnsblty_pmt", "Revenue Center Patient Responsibility Payment Amount", bbAdjSystem), roleNone},
		{catSTU3("rev_cntr_pmt_amt_amt", "Revenue Center (Medicare) Payment Amount", bbAdjSystem), roleNone},
	}
	// stu3InstWritten says which of stu3InstAdj each institutional claim
	// type's lines carry (bit i: entry i), as BFD v1 writes them
	// (eobRead<Type>.json): inpatient and SNF lines the rate and charges
	// only. Every line draws all of them, so that the claim's payment
	// and total stay the sums of its lines.
	stu3InstWritten = [numClaimTypes]uint16{
		Inpatient:  1<<0 | 1<<1 | 1<<2,
		SNF:        1<<0 | 1<<1 | 1<<2,
		Outpatient: 1<<11 - 1,
		HHA:        1<<0 | 1<<1 | 1<<2 | 1<<10,
		Hospice:    1<<0 | 1<<1 | 1<<2 | 1<<7 | 1<<8 | 1<<10,
	}
	stu3PDEAdj = []stu3Adj{
		{catSTU3("cvrd_d_plan_pd_amt", "Amount paid by Part D plan for the PDE (drug is covered by Part D)", bbAdjSystem), rolePaidProvider},
		{catSTU3("ncvrd_plan_pd_amt", "Amount paid by Part D plan for the PDE (drug is not covered by Part D)", bbAdjSystem), roleNone},
		{catSTU3("ptnt_pay_amt", "Amount paid by patient", bbAdjSystem), rolePaidByPatient},
		{catSTU3("othr_troop_amt", "Other True Out-of-Pocket (TrOOP) Amount", bbAdjSystem), roleNone},
		{catSTU3("lics_amt", "Amount paid for the PDE by Part D low income subsidy", bbAdjSystem), roleNone},
		{catSTU3("plro_amt", "Reduction in patient liability due to payments by other payers (PLRO)", bbAdjSystem), roleNone},
		{catSTU3("tot_rx_cst_amt", "Total drug cost (Part D)", bbAdjSystem), roleSubmitted},
		{catSTU3("rptd_gap_dscnt_num", "Gap Discount Amount", bbAdjSystem), roleNone},
	}
)

// writeSTU3EOB writes claim c in the Blue Button v1 (FHIR STU3) shape.
func (w *writer) writeSTU3EOB(b *bene, c *claim, maxItems int) {
	e := &w.e
	r := c.r // copy: a retry with fewer items replays the same draws
	info := c.info
	fam := info.family
	n := min(c.items, maxItems)
	// Line amounts come first: carrier and DME claims carry their sums as
	// claim extensions, which are written before the lines.
	var s sums
	lines := w.stu3Lines[:0]
	for range n {
		lines = append(lines, drawSTU3Line(&r, c, &s))
	}
	w.stu3Lines = lines
	provNPI := r.npi()
	orgNPI := r.npi()

	e.obj()
	e.k("billablePeriod")
	e.period(c.start, c.end)

	e.ka("careTeam")
	nTeam := 1
	if fam == institutional {
		nTeam = r.between(1, 3)
	}
	roles := []codeDisp{{"primary", "Primary provider"}, {"assist", "Assisting Provider"}, {"other", "Other"}}
	for i := 1; i <= nTeam; i++ {
		e.obj()
		e.ko("provider")
		e.ko("identifier")
		e.ks("system", "http://hl7.org/fhir/sid/us-npi")
		if i == 1 {
			e.ks("value", provNPI)
		} else {
			e.ks("value", r.npi())
		}
		e.end()
		e.end()
		if fam == professional {
			sp := specialties[r.intn(len(specialties))]
			e.kcc("qualification", sp.code, sp.display, bbVariables+"prvdr_spclty")
			e.kbool("responsible", true)
		}
		e.kcc("role", roles[i-1].code, roles[i-1].display, "http://hl7.org/fhir/claimcareteamrole")
		e.kint("sequence", int64(i))
		e.end()
	}
	e.endArr()

	nDiag := 0
	if fam != pharmacy {
		nDiag = r.between(1, 4)
		if fam == institutional {
			nDiag = r.between(3, 12)
		}
		e.ka("diagnosis")
		first := 1
		if c.kind == Inpatient || c.kind == SNF {
			// BFD v1 writes the DRG as a diagnosis of its own, first
			// (TransformerUtils.mapEobCommonGroupInpSNF; eobReadInpatient.json).
			e.b = append(e.b, `{"packageCode":{"coding":[{"code":`...)
			e.b = appendString(e.b, pick(&r, drgs))
			e.b = append(e.b, `,"system":"`+bbVariables+`clm_drg_cd"}]},"sequence":1},`...)
			first = 2
			nDiag++
		}
		for i := first; i <= nDiag; i++ {
			code := pick(&r, icd10cm)
			e.obj()
			e.kcc("diagnosisCodeableConcept", undotted(code), "", sysICD10)
			e.kint("sequence", int64(i))
			if i == first {
				e.ka("type")
				e.cc("principal", "The single medical diagnosis that is most relevant to the patient's chief complaint or need for treatment.", bbCodeSystem+"diagnosis-type")
				e.endArr()
			}
			e.end()
		}
		e.endArr()
	}

	// Claim-level extensions; BFD v1 gives Part D events none
	// (PartDEventTransformer writes their codes as information).
	if fam != pharmacy {
		e.ka("extension")
	}
	switch fam {
	case professional:
		e.b = append(e.b, `{"url":"https://bluebutton.cms.gov/resources/variables/prpayamt","valueMoney":`...)
		e.moneySTU3(0)
		e.b[len(e.b)-1] = '}'
		e.b = append(e.b, ',')
		ct := contractors[r.intn(len(contractors))]
		e.obj()
		e.ks("url", bbVariables+"carr_num")
		e.ko("valueIdentifier")
		e.ks("system", bbVariables+"carr_num")
		e.ks("value", ct.code)
		e.end()
		e.end()
		e.extCoding(bbVariables+"carr_clm_pmt_dnl_cd", "1", "Physician/supplier", bbVariables+"carr_clm_pmt_dnl_cd")
		e.extCoding(bbVariables+"asgmntcd", "A", "Assigned claim", bbVariables+"asgmntcd")
		// The claim totals BFD v1 adds to carrier and DME claims
		// (TransformerUtils.mapEobCommonGroupCarrierDME), in its order.
		e.stu3ExtMoney("carr_clm_cash_ddctbl_apld_amt", s.deductible)
		e.stu3ExtMoney("nch_clm_prvdr_pmt_amt", s.paidProvider)
		e.stu3ExtMoney("nch_clm_bene_pmt_amt", s.paidToPatient)
		e.stu3ExtMoney("nch_carr_clm_sbmtd_chrg_amt", s.submitted)
		e.stu3ExtMoney("nch_carr_clm_alowd_amt", s.allowed)
	case institutional:
		// BFD v1's institutional claim extensions
		// (TransformerUtils.mapEobCommonGroupInpOutHHAHospiceSNF, in its
		// order); the near-line code goes in type and the discharge
		// status in information, as eobRead<Type>.json show.
		nonPay := pick(&r, v2NonPayment)
		e.ccwCoding("clm_mdcr_non_pmt_rsn_cd", nonPay.code, nonPay.display)
		e.stu3ExtMoney("prpayamt", 0)
		var fi [14]byte
		r.digits(fi[:5])
		e.ccwIdent("fi_num", fi[:5])
		r.digits(fi[:])
		e.ccwIdent("fi_doc_clm_cntl_num", fi[:])
	}
	if fam != pharmacy {
		e.endArr()
	}

	var pharmacyType cd
	switch fam {
	case institutional:
		// clm_fac_type_cd, coded as in v2 (the same CCW variable).
		// BFD v1 names the institution as both facility (with its type)
		// and organization.
		ft := v2FacilityType[c.kind]
		e.ko("facility")
		e.ka("extension")
		e.extCoding(bbVariables+"clm_fac_type_cd", ft.code, ft.display, bbVariables+"clm_fac_type_cd")
		e.endArr()
		e.ko("identifier")
		e.ks("system", "http://hl7.org/fhir/sid/us-npi")
		e.ks("value", orgNPI)
		e.end()
		e.end()
	case pharmacy:
		// BFD v1 names a Part D event's pharmacy as both facility (with
		// its service type) and organization (PartDEventTransformer).
		pharmacyType = pick(&r, v2PDEFacility)
		e.ko("facility")
		e.ka("extension")
		e.extCoding(bbVariables+"phrmcy_srvc_type_cd", pharmacyType.code, pharmacyType.display, bbVariables+"phrmcy_srvc_type_cd")
		e.endArr()
		e.k("identifier")
		e.stu3NPIIdentifier(orgNPI)
		e.end()
	}

	var idb [32]byte
	numStr := strconv.AppendInt(idb[:0], c.num, 10)
	e.k("id")
	e.b = append(e.b, '"')
	e.b = append(e.b, info.v1...)
	e.b = append(e.b, '-')
	e.b = append(e.b, numStr...)
	e.b = append(e.b, '"', ',')
	// Identifiers as BFD v1 writes them
	// (TransformerUtils.mapEobCommonClaimHeaderData, PartDEventTransformer):
	// the claim id (pde_id on Part D events), the claim group, and a Part D
	// event's prescription reference number.
	e.ka("identifier")
	if fam == pharmacy {
		e.b = append(e.b, `{"system":"https://bluebutton.cms.gov/resources/variables/pde_id","value":"`...)
	} else {
		e.b = append(e.b, `{"system":"https://bluebutton.cms.gov/resources/variables/clm_id","value":"`...)
	}
	e.b = append(e.b, numStr...)
	e.b = append(e.b, `"},{"system":"https://bluebutton.cms.gov/resources/identifier/claim-group","value":"`...)
	e.b = strconv.AppendInt(e.b, c.num/7+int64(r.intn(1000)), 10)
	e.b = append(e.b, `"},`...)
	if fam == pharmacy {
		e.b = append(e.b, `{"system":"https://bluebutton.cms.gov/resources/variables/rx_srvc_rfrnc_num","value":"`...)
		e.b = strconv.AppendInt(e.b, c.num%1000000, 10)
		e.b = append(e.b, `"},`...)
	}
	e.endArr()

	if fam != professional {
		e.ka("information")
		seq := 0
		infoDate := func(variable, display string, d day) {
			seq++
			e.obj()
			e.kcc("category", bbVariables+variable, display, bbInfoSystem)
			e.kint("sequence", int64(seq))
			e.kdate("timingDate", d)
			e.end()
		}
		infoCode := func(variable, display, code, codeDisp string) {
			seq++
			e.obj()
			e.kcc("category", bbVariables+variable, display, bbInfoSystem)
			e.kcc("code", code, codeDisp, bbVariables+variable)
			e.kint("sequence", int64(seq))
			e.end()
		}
		if fam == pharmacy {
			// A subset of BFD v1's Part D codes, in its order
			// (PartDEventTransformer; eobReadPde.json).
			infoCode("daw_prod_slctn_cd", "Dispense as Written (DAW) Product Selection Code", "0", "No Product Selection Indicated (may also have missing values)")
			infoCode("dspnsng_stus_cd", "Dispensing Status Code", "P", "Partial fill")
			infoCode("drug_cvrg_stus_cd", "Drug Coverage Status Code", "C", "Covered")
			infoCode("phrmcy_srvc_type_cd", "Pharmacy service type code", pharmacyType.code, pharmacyType.display)
			infoCode("ptnt_rsdnc_cd", "Patient Residence Code", "0", "Not specified, other patient residence not identified below")
		} else {
			// As BFD v1 orders them (eobReadInpatient.json,
			// eobReadSnf.json, eobReadHospice.json, eobReadHha.json).
			infoDate("nch_wkly_proc_dt", "NCH Weekly Claim Processing Date", c.end+day(r.intn(14)))
			if c.kind == Inpatient || c.kind == Hospice {
				infoCode("nch_ptnt_stus_ind_cd", "NCH Patient Status Indicator Code", "A", "Discharged")
			}
			if c.kind == Inpatient || c.kind == SNF {
				at := admTypes[r.intn(len(admTypes))]
				seq++
				e.obj()
				e.kcc("category", bbVariables+"clm_ip_admsn_type_cd", "Claim Inpatient Admission Type Code", bbInfoSystem)
				e.kcc("code", at.code, at.display, "https://www.nubc.org/CodeSystem/PriorityTypeOfAdmitOrVisit")
				e.kint("sequence", int64(seq))
				e.end()
				infoCode("clm_src_ip_admsn_cd", "Claim Source Inpatient Admission Code", "1", "Non-Health Care Facility Point of Origin")
			}
			if c.kind == SNF {
				infoCode("nch_ptnt_stus_ind_cd", "NCH Patient Status Indicator Code", "A", "Discharged")
			}
			infoCode("clm_freq_cd", "Claim Frequency Code", "1", "Admit thru discharge claim")
			infoCode("ptnt_dschrg_stus_cd", "Patient Discharge Status Code", "1", "Discharged to home/self-care (routine charge).")
		}
		e.endArr()
	}

	e.ko("insurance")
	e.ko("coverage")
	e.ks("reference", "Coverage/"+info.coverageID+b.idStr)
	e.end()
	e.end()

	e.ka("item")
	for i := range lines {
		w.stu3Item(&r, c, i+1, nDiag, &lines[i])
	}
	e.endArr()

	e.ko("meta")
	e.kinstant("lastUpdated", c.updated)
	e.end()
	switch fam {
	case institutional:
		e.ko("organization")
		e.ko("identifier")
		e.ks("system", "http://hl7.org/fhir/sid/us-npi")
		e.ks("value", orgNPI)
		e.end()
		e.end()
	case pharmacy:
		e.ko("organization")
		e.k("identifier")
		e.stu3NPIIdentifier(orgNPI)
		e.end()
	}
	e.ko("patient")
	e.ks("reference", "Patient/"+b.idStr)
	e.end()
	if fam == pharmacy {
		// BFD v1 gives a Part D event's payment as the date the plan
		// paid it (PartDEventTransformer; eobReadPde.json), as v2 does.
		e.ko("payment")
		e.kdate("date", c.start+day(r.between(7, 30)))
		e.end()
	} else {
		e.k("payment")
		e.b = append(e.b, `{"amount":`...)
		e.moneySTU3(s.paidProvider)
		e.end()
	}
	if fam == institutional && (c.kind == Inpatient || c.kind == SNF) {
		e.ka("procedure")
		np := r.between(1, 3)
		for i := 1; i <= np; i++ {
			e.obj()
			e.kmidnight("date", c.start+day(r.intn(int(c.end-c.start)+1)))
			e.kcc("procedureCodeableConcept", pick(&r, icd10pcs), "", "http://hl7.org/fhir/sid/icd-10")
			e.kint("sequence", int64(i))
			e.end()
		}
		e.endArr()
	}
	e.ks("resourceType", "ExplanationOfBenefit")
	e.ks("status", "active")
	if fam == institutional {
		e.k("totalCost")
		e.moneySTU3(s.submitted)
	}
	e.ko("type")
	e.ka("coding")
	if fam != pharmacy {
		// The CCW display of nch_clm_type_cd, as v2 writes it (the same
		// variable; the real v1 carrier line has the same display).
		ct := v2ClaimTypeCD[c.kind]
		e.coding(ct.code, ct.display, bbVariables+"nch_clm_type_cd")
	}
	e.coding(info.eobType, "", bbCodeSystem+"eob-type")
	// FHIR's claim type as BFD v1 maps it (TransformerUtils.mapEobType):
	// outpatient claims are professional, DME and HHA claims have none.
	switch c.kind {
	case Carrier, Outpatient:
		e.coding("professional", "Professional", "http://hl7.org/fhir/ex-claimtype")
	case Inpatient, Hospice, SNF:
		e.coding("institutional", "Institutional", "http://hl7.org/fhir/ex-claimtype")
	case PDE:
		e.coding("pharmacy", "Pharmacy", "http://hl7.org/fhir/ex-claimtype")
	}
	if info.nearLine != "" {
		e.coding(info.nearLine, info.nearDisp, bbVariables+"nch_near_line_rec_ident_cd")
	}
	if fam == institutional {
		// clm_srvc_clsfctn_type_cd, which BFD v1 adds to type
		// (mapEobCommonGroupInpOutHHAHospiceSNF); codes as in its
		// eobRead<Type>.json.
		code := "1"
		switch c.kind {
		case Outpatient:
			code = "3"
		case HHA:
			code = "2"
		}
		e.coding(code, "", bbVariables+"clm_srvc_clsfctn_type_cd")
	}
	e.endArr()
	e.end()
	e.end()
}

// stu3Line holds the amounts of one line's adjudications, in the order
// of the claim family's table (stu3ProfAdj, stu3InstAdj or stu3PDEAdj).
type stu3Line struct {
	amt [11]int64
}

// stu3AdjOf returns the line adjudication table of claim c.
func stu3AdjOf(c *claim) []stu3Adj {
	switch c.info.family {
	case professional:
		if c.kind == DME {
			return stu3DMEAdj
		}
		return stu3ProfAdj
	case institutional:
		return stu3InstAdj
	}
	return stu3PDEAdj
}

// drawSTU3Line draws the amounts of one line of claim c and adds them to s.
func drawSTU3Line(r *rng, c *claim, s *sums) stu3Line {
	var l stu3Line
	var sub, alw, paid, ded, coins int64
	switch c.info.family {
	case professional:
		sub, alw, paid, ded, coins = lineAmounts(r, 15, 1800)
	case institutional:
		sub, alw, paid, ded, coins = lineAmounts(r, instCharge[c.kind][0], instCharge[c.kind][1])
	default:
		sub, alw, paid, ded, coins = lineAmounts(r, 4, 900)
	}
	for i, a := range stu3AdjOf(c) {
		var v int64
		switch a.role {
		case roleSubmitted:
			v = sub
		case roleAllowed:
			v = alw
		case rolePaidProvider:
			v = paid
		case roleDeductible:
			v = ded
		case roleCoinsurance, rolePaidByPatient:
			v = coins
		case rolePaidToPatient:
			v = 0
		default:
			v = r.cents(0, 300)
		}
		s.add(a.role, v)
		l.amt[i] = v
	}
	return l
}

// stu3ExtMoney writes a CCW variable extension holding an amount:
// {"url":…/variables/<name>,"valueMoney":{STU3 Money}}.
func (e *enc) stu3ExtMoney(name string, cents int64) {
	e.b = append(e.b, `{"url":"`+bbVariables...)
	e.b = append(e.b, name...)
	e.b = append(e.b, `","valueMoney":`...)
	e.moneySTU3(cents)
	e.b[len(e.b)-1] = '}'
	e.b = append(e.b, ',')
}

// stu3NPIIdentifier writes the NPI-typed Identifier BFD v1 gives a Part D
// event's pharmacy (TransformerUtils.createIdentifierReference with
// IdentifierType.NPI).
func (e *enc) stu3NPIIdentifier(npi string) {
	e.b = append(e.b, `{"system":"http://hl7.org/fhir/sid/us-npi","type":{"coding":[{"code":"NPI","display":"National Provider Identifier","system":"http://hl7.org/fhir/sid/us-npi"}]},"value":`...)
	e.b = appendString(e.b, npi)
	e.b = append(e.b, '}', ',')
}

// stu3Payment80100 is the line_pmt_80_100_cd BFD v1 puts on a carrier or
// DME line's payment adjudication (TransformerUtils.mapEobCommonItemCarrierDME);
// codes and displays as on the real v1 carrier lines.
var stu3Payment80100 = []cd{{"0", "80%"}, {"1", "100%"}}

// stu3UnknownState is the provider state code of the real v1 carrier lines
// with its CCW display. The displays of the other SSA state codes are not
// in any source at hand, so they are written without one.
var stu3UnknownState = cd{"99", "With 000 county code is American Samoa; otherwise unknown"}

func (w *writer) stu3Item(r *rng, c *claim, seq, nDiag int, l *stu3Line) {
	e := &w.e
	fam := c.info.family
	e.obj()
	e.ka("adjudication")
	if c.kind == Carrier {
		e.b = append(e.b, `{"category":{"coding":[{"code":"https://bluebutton.cms.gov/resources/variables/carr_line_rdcd_pmt_phys_astn_c","display":"Carrier Line Reduced Payment Physician Assistant Code","system":"https://bluebutton.cms.gov/resources/codesystem/adjudication"}]},"reason":{"coding":[{"code":"0","display":"N/A","system":"https://bluebutton.cms.gov/resources/variables/carr_line_rdcd_pmt_phys_astn_c"}]}},`...)
	}
	for i, a := range stu3AdjOf(c) {
		if fam == institutional && stu3InstWritten[c.kind]&(1<<i) == 0 {
			continue
		}
		e.b = append(e.b, `{"amount":`...)
		e.moneySTU3(l.amt[i])
		e.b = append(e.b, `"category":`...)
		e.b = append(e.b, a.cat...)
		if fam == professional && a.role == rolePaidProvider {
			// line_nch_pmt_amt carries the payment percentage.
			pc := pick(r, stu3Payment80100)
			e.b = append(e.b, ',')
			e.ka("extension")
			e.ccwCoding("line_pmt_80_100_cd", pc.code, pc.display)
			e.endArr()
			e.b = e.b[:len(e.b)-1]
		}
		e.b = append(e.b, '}', ',')
	}
	if fam == professional {
		pi := processingInd[r.intn(3)]
		e.b = append(e.b, `{"category":{"coding":[{"code":"https://bluebutton.cms.gov/resources/variables/line_prcsg_ind_cd","display":"Line Processing Indicator Code","system":"https://bluebutton.cms.gov/resources/codesystem/adjudication"}]},"reason":{"coding":[{"code":"`...)
		e.b = append(e.b, pi.code...)
		e.b = append(e.b, `","display":"`...)
		e.b = append(e.b, pi.display...)
		e.b = append(e.b, `","system":"https://bluebutton.cms.gov/resources/variables/line_prcsg_ind_cd"}]}},`...)
	}
	e.endArr()
	switch fam {
	case professional:
		e.kcc("category", "1", "Medical care", bbVariables+"line_cms_type_srvc_cd")
		if nDiag > 0 {
			e.ka("diagnosisLinkId")
			e.int(int64(1 + r.intn(nDiag)))
			e.endArr()
		}
		e.ka("extension")
		if c.kind == DME {
			// A DME line's supplier and units (DMEClaimTransformer;
			// eobReadDme.json), as v2 writes them.
			e.ccwVal(r, c, &v2DMELineExt[0])
			e.b = append(e.b, `{"url":"`+bbVariables+`dmerc_line_scrn_svgs_amt","valueQuantity":{"value":0}},{"url":"`+bbVariables+`dmerc_line_mtus_cnt","valueQuantity":{"code":"3","system":"`+bbVariables+`dmerc_line_mtus_cd","unit":"Number of services","value":`...)
			e.b = strconv.AppendInt(e.b, int64(1+r.intn(90)), 10)
			e.b = append(e.b, `}},`...)
		} else {
			mt := mtusInd[r.intn(len(mtusInd))]
			e.extCoding(bbVariables+"carr_line_mtus_cd", mt.code, mt.display, bbVariables+"carr_line_mtus_cd")
			e.b = append(e.b, `{"url":"https://bluebutton.cms.gov/resources/variables/carr_line_mtus_cnt","valueQuantity":{"value":`...)
			e.b = strconv.AppendInt(e.b, int64(1+r.intn(4)), 10)
			e.b = append(e.b, `}},`...)
		}
		e.extCoding(bbVariables+"betos_cd", "M1B", "Office visits - established", bbVariables+"betos_cd")
		e.extCoding(bbVariables+"line_service_deductible", "0", "Service Subject to Deductible", bbVariables+"line_service_deductible")
		e.endArr()
		pos := placesOfService[r.intn(len(placesOfService))]
		e.ko("locationCodeableConcept")
		e.ka("coding")
		e.coding(pos.code, pos.display, bbVariables+"line_place_of_srvc_cd")
		e.endArr()
		e.ka("extension")
		st := states[r.intn(len(states))]
		if r.chance(10) {
			e.ccwCoding("prvdr_state_cd", stu3UnknownState.code, stu3UnknownState.display)
		} else {
			e.ccwCoding("prvdr_state_cd", st.ssa, "")
		}
		if c.kind == DME {
			// The DME pricing state and supplier type, where carrier
			// lines have the ZIP and pricing locality.
			e.ccwVals(r, c, v2DMELineExt[1:])
		} else {
			e.ccwCoding("prvdr_zip", st.zip+"123456", "")
			e.ccwCoding("carr_line_prcng_lclty_cd", strconv.Itoa(1+r.intn(99)), "")
		}
		e.endArr()
		e.end()
		// HCPCS modifiers, in BFD's hcpcs system with the claim's HCPCS
		// year as version, as the service code (TransformerUtils.mapHcpcs).
		if r.chance(40) {
			e.b = append(e.b, `"modifier":[{"coding":[{"code":`...)
			e.b = appendString(e.b, pick(r, modifiers).code)
			e.b = append(e.b, `,"system":"https://bluebutton.cms.gov/resources/codesystem/hcpcs","version":"0"}]}],`...)
		}
	}
	datedLine := c.kind == Outpatient || c.kind == HHA || c.kind == Hospice
	if fam == institutional {
		// A revenue-center line as BFD v1 writes it
		// (TransformerUtils.mapEobCommonItemRevenue and the institutional
		// transformers; eobRead<Type>.json): the NDC quantity when there is
		// one, the provider's state, HCPCS modifiers on outpatient, HHA and
		// hospice lines, without the HCPCS year carrier and DME lines have.
		if r.chance(30) {
			u := pick(r, v2Units)
			e.b = append(e.b, `"extension":[{"url":"`+bbVariables+`rev_cntr_ndc_qty","valueQuantity":{"code":`...)
			e.b = appendString(e.b, u.code)
			e.b = append(e.b, `,"system":"`+sysUCUM+`","unit":`...)
			e.b = appendString(e.b, u.display)
			e.b = append(e.b, `,"value":`...)
			e.b = strconv.AppendInt(e.b, int64(1+r.intn(500)), 10)
			e.b = append(e.b, `}}],`...)
		}
		e.ko("locationAddress")
		e.ks("state", states[r.intn(len(states))].code)
		e.end()
		if datedLine && r.chance(40) {
			e.b = append(e.b, `"modifier":[{"coding":[{"code":`...)
			e.b = appendString(e.b, pick(r, modifiers).code)
			e.b = append(e.b, `,"system":"https://bluebutton.cms.gov/resources/codesystem/hcpcs"}]}],`...)
		}
	}
	e.ko("quantity")
	e.kint("value", int64(1+r.intn(20)))
	e.end()
	if fam == institutional {
		// The revenue center, with the status indicator (outpatient and
		// HHA) and the deductible/coinsurance code (the others) BFD v1
		// adds to it; codes and displays as v2 writes them.
		rc := revenueCenters[r.intn(len(revenueCenters))]
		e.ko("revenue")
		e.ka("coding")
		e.coding(rc.code, rc.display, bbVariables+"rev_cntr")
		e.endArr()
		e.ka("extension")
		if c.kind == Outpatient || c.kind == HHA {
			st := pick(r, v2RevStatus)
			e.ccwCoding("rev_cntr_stus_ind_cd", st.code, st.display)
		}
		if c.kind != Outpatient {
			dc := pick(r, v2DedCoins)
			e.ccwCoding("rev_cntr_ddctbl_coinsrnc_cd", dc.code, dc.display)
		}
		e.endArr()
		e.end()
	}
	e.kint("sequence", int64(seq))
	e.ko("service")
	e.ka("coding")
	switch {
	case fam == pharmacy:
		d := pick(r, drugs)
		e.coding(d.ndc, d.name, sysNDC)
	case c.kind == DME:
		e.b = append(e.b, `{"code":"`...)
		e.b = append(e.b, pick(r, dmeCodes).code...)
		e.b = append(e.b, `","system":"https://bluebutton.cms.gov/resources/codesystem/hcpcs","version":"0"},`...)
	case fam == institutional:
		e.b = append(e.b, `{"code":"`...)
		e.b = append(e.b, pick(r, profCodes).code...)
		e.b = append(e.b, `","system":"https://bluebutton.cms.gov/resources/codesystem/hcpcs"},`...)
	default:
		e.b = append(e.b, `{"code":"`...)
		e.b = append(e.b, pick(r, profCodes).code...)
		e.b = append(e.b, `","system":"https://bluebutton.cms.gov/resources/codesystem/hcpcs","version":"0"},`...)
	}
	e.endArr()
	e.end()
	switch {
	case fam == pharmacy:
		e.kdate("servicedDate", c.start)
	case datedLine:
		// The revenue center date (rev_cntr_dt).
		e.kdate("servicedDate", c.start+day(r.intn(int(c.end-c.start)+1)))
	case fam == professional:
		e.k("servicedPeriod")
		e.period(c.start, c.end)
	}
	e.end()
}
