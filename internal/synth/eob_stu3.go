package synth

import "strconv"

const (
	bbCodeSystem = "https://bluebutton.cms.gov/resources/codesystem/"
	bbAdjSystem  = bbCodeSystem + "adjudication"
	bbInfoSystem = bbCodeSystem + "information"
	sysICD10     = "http://hl7.org/fhir/sid/icd-10"
)

// writeSTU3EOB writes claim c in the Blue Button v1 (FHIR STU3) shape BFD
// v1 writes, the shape BCDA v1 serves: carrier claims as the real v1 lines
// have them (shared/samples/v1_ExplanationOfBenefit.ndjson), the other
// claim types as BFD v1's transformers and test responses show them
// (CMSgov/beneficiary-fhir-data, stu3/providers/*Transformer.java and
// endpoint-responses/v1/eobRead<Type>.json), with the CCW variables v2
// writes for the same data. Line items (eob_stu3_line.go) are capped at
// maxItems.
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
		npi := provNPI
		if i > 1 {
			npi = r.npi()
		}
		e.ko("provider")
		e.stu3NPIRef(npi)
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
		e.ccwIdent("carr_num", []byte(ct.code))
		e.ccwCoding("carr_clm_pmt_dnl_cd", "1", "Physician/supplier")
		e.ccwCoding("asgmntcd", "A", "Assigned claim")
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
		e.ccwCoding("clm_fac_type_cd", ft.code, ft.display)
		e.endArr()
		e.stu3NPIRef(orgNPI)
		e.end()
	case pharmacy:
		// BFD v1 names a Part D event's pharmacy as both facility (with
		// its service type) and organization (PartDEventTransformer).
		pharmacyType = pick(&r, v2PDEFacility)
		e.ko("facility")
		e.ka("extension")
		e.ccwCoding("phrmcy_srvc_type_cd", pharmacyType.code, pharmacyType.display)
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
			e.stu3InfoCategory(variable, display)
			e.kint("sequence", int64(seq))
			e.kdate("timingDate", d)
			e.end()
		}
		infoCode := func(variable, display, code, codeDisp string) {
			seq++
			e.stu3InfoCategory(variable, display)
			e.stu3InfoCode(variable, code, codeDisp)
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
		e.stu3NPIRef(orgNPI)
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
