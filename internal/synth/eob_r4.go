package synth

import "strconv"

// Pre-encoded adjudication and supporting-info categories: built once, then
// appended as raw bytes, which keeps the hot loop to memcpy.

const (
	sysAdj     = "http://terminology.hl7.org/CodeSystem/adjudication"
	sysC4Adj   = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudication"
	sysBBAdj   = "https://bluebutton.cms.gov/fhir/CodeSystem/Adjudication"
	sysBBSI    = "https://bluebutton.cms.gov/fhir/CodeSystem/Supporting-Information"
	sysC4SI    = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBSupportingInfoType"
	sysICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
	c4bb       = "http://hl7.org/fhir/us/carin-bb/StructureDefinition/"
)

// catAdj encodes an adjudication category: an optional standard coding
// (code, display, system) followed by the Blue Button coding.
func catAdj(code, display, system, bbCode, bbDisplay string) string {
	var e enc
	e.b = append(e.b, `{"coding":[`...)
	if code != "" {
		e.coding(code, display, system)
	}
	e.coding(bbCode, bbDisplay, sysBBAdj)
	e.endArr()
	e.end()
	return string(e.b[:len(e.b)-1])
}

// catSI encodes a Blue Button supporting-info category.
func catSI(code, display string) string {
	var e enc
	e.b = append(e.b, `{"coding":[`...)
	e.coding(code, display, sysBBSI)
	e.coding("info", "Information", "http://terminology.hl7.org/CodeSystem/claiminformationcategory")
	e.endArr()
	e.end()
	return string(e.b[:len(e.b)-1])
}

// catC4SI encodes a C4BB supporting-info category.
func catC4SI(code string) string {
	return `{"coding":[{"code":"` + code + `","system":"` + sysC4SI + `"}]}`
}

type adjSpec struct {
	cat      string
	lo, hi   int  // dollar range
	valueCnt bool // a count/number in "value" rather than an "amount"
}

const benefitPaymentStatus = `{"category":{"coding":[{"code":"benefitpaymentstatus","display":"Benefit Payment Status","system":"http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudicationDiscriminator"}]},"reason":{"coding":[{"code":"other","display":"Other","system":"http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBPayerAdjudicationStatus"}]}},`

// Line-level adjudication roles whose amounts feed the claim totals.
const (
	roleNone = iota
	roleSubmitted
	roleAllowed
	rolePaidProvider
	rolePaidByPatient
	roleDeductible
	roleCoinsurance
	roleNoncovered
	rolePaidToPatient
)

// lineAdj is a pre-encoded adjudication category and the role of its
// amount in the claim's sums; all three versions' line tables use it.
type lineAdj struct {
	cat  string
	role int
}

var (
	profLineAdj = []lineAdj{
		{catAdj("eligible", "Eligible Amount", sysAdj, "CLM_LINE_ALOWD_CHRG_AMT", "Line Allowed Charge Amount"), roleAllowed},
		{catAdj("submitted", "Submitted Amount", sysAdj, "CLM_LINE_SBMT_CHRG_AMT", "Line Submitted Charge Amount"), roleSubmitted},
		{catAdj("paidtopatient", "Paid to patient", sysC4Adj, "CLM_LINE_BENE_PD_AMT", "Payment Amount to Beneficiary"), rolePaidToPatient},
		{catAdj("benefit", "Benefit Amount", sysAdj, "CLM_LINE_CVRD_PD_AMT", "Payment Amount"), roleNone},
		{catAdj("deductible", "Deductible", sysAdj, "CLM_LINE_MDCR_DDCTBL_AMT", "Cash Deductible Amount"), roleDeductible},
		{catAdj("coinsurance", "Co-insurance", sysC4Adj, "CLM_LINE_MDCR_COINSRNC_AMT", "Coinsurance Amount"), roleCoinsurance},
		{catAdj("paidtoprovider", "Paid to provider", sysC4Adj, "CLM_LINE_PRVDR_PMT_AMT", "Line Provider Payment Amount"), rolePaidProvider},
		{catAdj("", "", "", "CLM_LINE_CARR_PSYCH_OT_LMT_AMT", "Therapy Amount Applied to Limit"), roleNone},
		{catAdj("priorpayerpaid", "Prior payer paid", sysC4Adj, "CLM_BENE_PRMRY_PYR_PD_AMT", "Line Primary Payer Paid Amount"), roleNone},
		{catAdj("discount", "Discount", sysC4Adj, "CLM_LINE_DMERC_SCRN_SVGS_AMT", "Screen Savings Amount"), roleNone},
		{catAdj("", "", "", "CLM_LINE_PRFNL_INTRST_AMT", "Professional Interest Amount"), roleNone},
		{catAdj("", "", "", "CLM_MDCR_PRMRY_PYR_ALOWD_AMT", "Line Primary Payer Allowed Amount"), roleNone},
	}
	instLineAdj = []lineAdj{
		{catAdj("paidtopatient", "Paid to patient", sysC4Adj, "CLM_LINE_BENE_PD_AMT", "Payment Amount to Beneficiary"), rolePaidToPatient},
		{catAdj("paidbypatient", "Paid by patient", sysC4Adj, "CLM_LINE_BENE_PMT_AMT", "Line Paid By Beneficiary Amount"), rolePaidByPatient},
		{catAdj("noncovered", "Noncovered", sysC4Adj, "CLM_LINE_NCVRD_CHRG_AMT", "Non-Covered Charge Amount"), roleNoncovered},
		{catAdj("benefit", "Benefit Amount", sysAdj, "CLM_LINE_CVRD_PD_AMT", "Payment Amount"), roleNone},
		{catAdj("submitted", "Submitted Amount", sysAdj, "CLM_LINE_SBMT_CHRG_AMT", "Line Submitted Charge Amount"), roleSubmitted},
		{catAdj("deductible", "Deductible", sysAdj, "CLM_LINE_MDCR_DDCTBL_AMT", "Cash Deductible Amount"), roleDeductible},
		{catAdj("paidtoprovider", "Paid to provider", sysC4Adj, "CLM_LINE_PRVDR_PMT_AMT", "Line Provider Payment Amount"), rolePaidProvider},
		{catAdj("priorpayerpaid", "Prior payer paid", sysC4Adj, "CLM_LINE_INSTNL_MSP1_PD_AMT", "Revenue Center 1st MSP Paid Amount"), roleNone},
		{catAdj("", "", "", "CLM_LINE_INSTNL_RATE_AMT", "Revenue Center Rate Amount"), roleNone},
		{catAdj("", "", "", "CLM_LINE_INSTNL_ADJSTD_AMT", "Revenue Center Coinsurance/Wage Adjusted Coinsurance Amount"), roleNone},
		{catAdj("", "", "", "CLM_LINE_BLOOD_DDCTBL_AMT", "Blood Deductible Amount"), roleNone},
	}
	pdeLineAdj = []lineAdj{
		{catAdj("submitted", "Submitted Amount", sysAdj, "CLM_LINE_INGRDNT_CST_AMT", "Ingredient Cost Amount"), roleSubmitted},
		{catAdj("", "", "", "CLM_LINE_SRVC_CST_AMT", "Dispensing Fee Amount"), roleNone},
		{catAdj("", "", "", "CLM_LINE_SLS_TAX_AMT", "Sales Tax Amount"), roleNone},
		{catAdj("paidbypatient", "Paid by patient", sysC4Adj, "CLM_LINE_BENE_PMT_AMT", "Patient Pay Amount"), rolePaidByPatient},
		{catAdj("", "", "", "CLM_LINE_LIS_AMT", "Low Income Subsidy Amount"), roleNone},
		{catAdj("", "", "", "CLM_LINE_PLRO_AMT", "Patient Liability Reduction Amount"), roleNone},
		{catAdj("benefit", "Benefit Amount", sysAdj, "CLM_LINE_CVRD_PD_AMT", "Covered D Plan Paid Amount"), rolePaidProvider},
		{catAdj("", "", "", "CLM_LINE_GRS_BLW_THRSHLD_AMT", "Gross Drug Cost Below Out-of-Pocket Threshold"), roleNone},
		{catAdj("", "", "", "CLM_LINE_GRS_ABOVE_THRSHLD_AMT", "Gross Drug Cost Above Out-of-Pocket Threshold"), roleNone},
	}

	// Claim-level institutional adjudications: counts first, then amounts.
	instHeaderValues = []adjSpec{
		{cat: catAdj("", "", "", "CLM_MDCR_IP_LRD_USE_CNT", "Beneficiary Medicare Lifetime Reserve Days (LRD) Used Count"), hi: 10, valueCnt: true},
		{cat: catAdj("", "", "", "CLM_INSTNL_MDCR_COINS_DAY_CNT", "Beneficiary Total Coinsurance Days Count"), hi: 10, valueCnt: true},
		{cat: catAdj("", "", "", "CLM_INSTNL_NCVRD_DAY_CNT", "Claim Medicare Non Utilization Days Count"), hi: 10, valueCnt: true},
		{cat: catAdj("", "", "", "CLM_INSTNL_CVRD_DAY_CNT", "Claim Medicare Utilization Day Count"), hi: 30, valueCnt: true},
	}
	instHeaderAmounts = []adjSpec{
		{cat: catAdj("", "", "", "CLM_INSTNL_PER_DIEM_AMT", "Claim Pass Thru Per Diem Amount"), lo: 50, hi: 900},
		{cat: catAdj("", "", "", "CLM_MDCR_IP_PPS_DSPRPRTNT_AMT", "Claim PPS Capital Disproportionate Share Amount"), hi: 900},
		{cat: catAdj("", "", "", "CLM_MDCR_IP_PPS_EXCPTN_AMT", "Claim PPS Capital Exception Amount"), hi: 100},
		{cat: catAdj("", "", "", "CLM_MDCR_IP_PPS_CPTL_FSP_AMT", "Claim PPS Capital Federal Specific Portion (FSP) Amount"), hi: 900},
		{cat: catAdj("", "", "", "CLM_MDCR_IP_PPS_CPTL_IME_AMT", "Claim PPS Capital Indirect Medical Education (IME) Amount"), hi: 300},
		{cat: catAdj("", "", "", "CLM_MDCR_IP_PPS_OUTLIER_AMT", "Claim PPS Capital Outlier Amount"), hi: 200},
		{cat: catAdj("", "", "", "CLM_MDCR_IP_PPS_CPTL_HRMLS_AMT", "Claim PPS Old Capital Hold Harmless Amount"), hi: 100},
		{cat: catAdj("", "", "", "CLM_MDCR_IP_PPS_CPTL_TOT_AMT", "Claim Total PPS Capital Amount"), hi: 2000},
		{cat: catAdj("", "", "", "CLM_MDCR_INSTNL_PRMRY_PYR_AMT", "Primary Payer (if not Medicare) Claim Paid Amount"), hi: 3000},
		{cat: catAdj("", "", "", "CLM_INSTNL_PRFNL_AMT", "Professional Component Charge Amount"), hi: 1500},
		{cat: catAdj("", "", "", "CLM_INSTNL_DRG_OUTLIER_AMT", "DRG Outlier Approved Payment Amount"), hi: 5000},
		{cat: catAdj("", "", "", "CLM_HIPPS_UNCOMPD_CARE_AMT", "Claim Uncompensated Care Payment Amount"), hi: 1000},
		{cat: catAdj("", "", "", "CLM_MDCR_IP_BENE_DDCTBL_AMT", "Beneficiary Inpatient (or other Part A) Deductible Amount"), hi: 1632},
		{cat: catAdj("", "", "", "CLM_FINL_STDZD_PYMT_AMT", "Standardized Payment Amount"), lo: 1000, hi: 30000},
		{cat: catAdj("", "", "", "CLM_HAC_RDCTN_PYMT_AMT", "Hospital Acquired Condition Reduction Amount"), hi: 3000},
		{cat: catAdj("", "", "", "CLM_HIPPS_MODEL_BNDLD_PMT_AMT", "Blended Payment Amount"), hi: 2000},
		{cat: catAdj("", "", "", "CLM_HIPPS_READMSN_RDCTN_AMT", "Readmission Reduction Amount"), hi: 5000},
		{cat: catAdj("", "", "", "CLM_HIPPS_VBP_AMT", "HIPPS Value Based Purchasing Amount"), hi: 3000},
		{cat: catAdj("", "", "", "CLM_INSTNL_LOW_VOL_PMT_AMT", "Low Volume Payment Amount"), hi: 8000},
		{cat: catAdj("", "", "", "CLM_OPRTNL_DSPRTNT_AMT", "Operating Disproportionate Share Amount"), hi: 15000},
		{cat: catAdj("", "", "", "CLM_OPRTNL_IME_AMT", "Operating Indirect Medical Education Amount"), hi: 8000},
		{cat: catAdj("", "", "", "CLM_BLOOD_CHRG_AMT", "Blood Charge Amount"), hi: 400},
		{cat: catAdj("", "", "", "CLM_BLOOD_LBLTY_AMT", "Beneficiary Blood Deductible Liability Amount"), hi: 50},
		{cat: catAdj("", "", "", "CLM_BLOOD_NCVRD_CHRG_AMT", "Blood Noncovered Charge Amount"), hi: 300},
	}
	profHeaderAmounts = []adjSpec{
		{cat: catAdj("", "", "", "CLM_MDCR_PRFNL_PRMRY_PYR_AMT", "Primary Payer Paid Amount"), hi: 1200},
	}

	totSubmitted  = catAdj("submitted", "Submitted Amount", sysAdj, "CLM_SBMT_CHRG_AMT", "Total Charge Amount")
	totAllowed    = catAdj("eligible", "Eligible Amount", sysAdj, "CLM_ALOWD_CHRG_AMT", "Allowed Charge Amount")
	totPaidByPat  = catAdj("paidbypatient", "Paid by patient", sysC4Adj, "CLM_BENE_PMT_AMT", "Paid By Beneficiary Amount")
	totPaidToProv = catAdj("paidtoprovider", "Paid to provider", sysC4Adj, "CLM_PRVDR_PMT_AMT", "Provider Payment Amount")
	totDeductible = catAdj("deductible", "Deductible", sysAdj, "CLM_MDCR_DDCTBL_AMT", "Beneficiary Deductible Amount")
	totCoins      = catAdj("coinsurance", "Co-insurance", sysC4Adj, "CLM_MDCR_COINSRNC_AMT", "Beneficiary Coinsurance Liability Amount")
	totNoncovered = catAdj("noncovered", "Noncovered", sysC4Adj, "CLM_NCVRD_CHRG_AMT", "Inpatient(or other Part A) Non-covered Charge Amount")
	totPaidToPat  = catAdj("paidtopatient", "Paid to patient", sysC4Adj, "CLM_MDCR_INSTNL_BENE_PD_AMT", "Institutional Paid to Beneficiary Amount")

	siIDRLoad    = catSI("CLM_IDR_LD_DT", "Claim IDR Load Date")
	siContractor = catSI("CLM_CNTRCTR_NUM", "Claim Contractor Number")
	siWeekly     = catSI("CLM_NCH_WKLY_PROC_DT", "Weekly Process Date")
	siProcDt     = catSI("CLM_CMS_PROC_DT", "FI Claim Process Date")
	siPrimPayer  = catSI("CLM_NCH_PRMRY_PYR_CD", "NCH Primary Payer Code")
	siDisp       = catSI("CLM_DISP_CD", "Claim Disposition Code")
	siQuery      = catSI("CLM_QUERY_CD", "Claim Query Code")
	siBlood      = catSI("CLM_BLOOD_PT_FRNSH_QTY", "Blood Pints Furnished Quantity")
	siDenial     = catSI("CLM_CARR_PMT_DNL_CD", "Claim Payment Denial Code")
	siTrial      = catSI("CLM_CLNCL_TRIL_NUM", "Clinical Trial Number")
	siMCO        = catSI("CLM_MDCR_INSTNL_MCO_PD_SW", "MCO Paid Switch")
	siFIAction   = catSI("CLM_FI_ACTN_CD", "Claim Fiscal Intermediary Action Code")
	siPPS        = catSI("CLM_PPS_IND_CD", "Claim PPS Indicator Code")
	siNearLine   = catSI("CLM_NRLN_RIC_CD", "Near Line Record Identification Code")
	siDAW        = catSI("CLM_DAW_PROD_SLCTN_CD", "Dispense as Written (DAW) Product Selection Code")
	siFillNum    = catSI("CLM_LINE_RX_FILL_NUM", "Fill Number")
	siDaysSupply = catSI("CLM_LINE_DAYS_SUPLY_QTY", "Days Supply")
	siDspnsStus  = catSI("CLM_DSPNSNG_STUS_CD", "Dispensing Status Code")
	siCmpnd      = catSI("CLM_CMPND_CD", "Compound Code")
	siDrugCvrg   = catSI("CLM_DRUG_CVRG_STUS_CD", "Drug Coverage Status Code")
	siPhrmcySrvc = catSI("CLM_PHRMCY_SRVC_TYPE_CD", "Pharmacy Service Type Code")
	siPtntRsdnc  = catSI("CLM_PTNT_RSDNC_CD", "Patient Residence Code")
	siSubmsnClr  = catSI("CLM_SUBMSN_CLR_CD", "Submission Clarification Code")
	siBrndGnrc   = catSI("CLM_BRND_GNRC_CD", "Brand Generic Code")
	siCtstrphc   = catSI("CLM_CTSTRPHC_CVRG_IND_CD", "Catastrophic Coverage Code")
	siRcvd       = catC4SI("clmrecvddate")
	siTOB        = catC4SI("typeofbill")
	siAdmPeriod  = catC4SI("admissionperiod")
	siOrigin     = catC4SI("pointoforigin")
	siDischarge  = catC4SI("discharge-status")
	siAdmType    = catC4SI("admtype")
	siDRG        = catC4SI("drg")
	siRefill     = catC4SI("refillnum")
	siDaysSup    = catC4SI("dayssupply")
	siDispense   = catC4SI("dawcode")
)

// sums accumulates line amounts into the claim totals.
type sums struct {
	submitted, allowed, paidProvider, paidByPatient, deductible, coins, noncovered, paidToPatient int64
}

func (s *sums) add(role int, c int64) {
	switch role {
	case roleSubmitted:
		s.submitted += c
	case roleAllowed:
		s.allowed += c
	case rolePaidProvider:
		s.paidProvider += c
	case rolePaidByPatient:
		s.paidByPatient += c
	case roleDeductible:
		s.deductible += c
	case roleCoinsurance:
		s.coins += c
	case roleNoncovered:
		s.noncovered += c
	case rolePaidToPatient:
		s.paidToPatient += c
	}
}

func (e *enc) adjAmount(cat string, c int64) {
	e.b = append(e.b, `{"amount":{"currency":"USD","value":`...)
	e.b = appendCents(e.b, c)
	e.b = append(e.b, `},"category":`...)
	e.b = append(e.b, cat...)
	e.b = append(e.b, '}', ',')
}

func (e *enc) adjValue(cat string, v int64) {
	e.b = append(e.b, `{"category":`...)
	e.b = append(e.b, cat...)
	e.b = append(e.b, `,"value":`...)
	e.b = strconv.AppendInt(e.b, v, 10)
	e.b = append(e.b, '}', ',')
}

// siHead opens a supportingInfo entry: {"category":cat, then the caller
// writes code/timing/value keys (all sort after "category"), then
// "sequence" and closes. Keys between category and sequence must sort
// before "sequence": code. Keys after: timingDate, timingPeriod, value*.
func (e *enc) siHead(cat string) {
	e.b = append(e.b, `{"category":`...)
	e.b = append(e.b, cat...)
	e.b = append(e.b, ',')
}

func (e *enc) siDate(cat string, seq *int, d day) {
	e.siHead(cat)
	*seq++
	e.kint("sequence", int64(*seq))
	e.kdate("timingDate", d)
	e.end()
}

func (e *enc) siCode(cat string, seq *int, code, display, system string) {
	e.siHead(cat)
	e.kcc("code", code, display, system)
	*seq++
	e.kint("sequence", int64(*seq))
	e.end()
}

// siNUBC writes a supportingInfo item coded twice, as BFD does for these
// institutional fields: in the NUBC code system (no display) and in the
// Blue Button variable it comes from. Callers pass whole system URLs so they
// stay constants.
func (e *enc) siNUBC(cat string, seq *int, code, display, nubcSystem, bbSystem string) {
	e.siHead(cat)
	e.ko("code")
	e.ka("coding")
	e.coding(code, "", nubcSystem)
	e.coding(code, display, bbSystem)
	e.endArr()
	e.end()
	*seq++
	e.kint("sequence", int64(*seq))
	e.end()
}

func (e *enc) siQuantity(cat string, seq *int, v int64, unit, ucode string) {
	e.siHead(cat)
	*seq++
	e.kint("sequence", int64(*seq))
	e.ko("valueQuantity")
	if ucode != "" {
		e.ks("code", ucode)
		e.ks("system", "http://unitsofmeasure.org")
		e.ks("unit", unit)
	}
	e.kint("value", v)
	e.end()
	e.end()
}

// writeV3EOB writes claim c of beneficiary b in the v3 (CARIN BB 2.2.0)
// shape, capping the line items at maxItems. v2 EOBs have their own writer
// (eob_v2.go).
func (w *writer) writeV3EOB(b *bene, c *claim, maxItems int) {
	e := &w.e
	r := c.r // copy: a retry with fewer items replays the same draws
	info := c.info
	fam := info.family
	var s sums

	practNPI := r.npi()
	orgNPI := r.npi()
	providerID := practNPI
	if fam != professional {
		providerID = orgNPI
	}
	e.obj()

	// adjudication (claim level)
	e.ka("adjudication")
	e.b = append(e.b, benefitPaymentStatus...)
	switch fam {
	case professional:
		for _, a := range profHeaderAmounts {
			e.adjAmount(a.cat, r.cents(a.lo, a.hi))
		}
	case institutional:
		for _, a := range instHeaderValues {
			e.adjValue(a.cat, int64(r.intn(a.hi+1)))
		}
		n := len(instHeaderAmounts)
		if c.kind != Inpatient && c.kind != SNF {
			n = 6 + r.intn(6)
		}
		for _, a := range instHeaderAmounts[:n] {
			e.adjAmount(a.cat, r.cents(a.lo, a.hi))
		}
	}
	e.endArr()

	e.k("billablePeriod")
	e.period(c.start, c.end)

	// careTeam
	e.ka("careTeam")
	seq := 0
	member := func(npi, role, roleDisp string, sp *specialty, display string) {
		seq++
		e.obj()
		e.ko("provider")
		if display != "" {
			e.ks("display", display)
		}
		e.k("identifier")
		e.npiIdentifier(npi)
		e.end()
		if sp != nil {
			e.ko("qualification")
			e.ka("coding")
			e.coding(sp.code, "", "https://bluebutton.cms.gov/fhir/CodeSystem/CLM-PRVDR-SPCLTY-CD")
			if sp.taxonomy != "" {
				e.coding(sp.taxonomy, "", "http://nucc.org/provider-taxonomy")
			}
			e.endArr()
			e.end()
		}
		e.ko("role")
		e.ka("coding")
		e.coding(role, roleDisp, "http://terminology.hl7.org/CodeSystem/claimcareteamrole")
		e.coding(role, roleDisp, "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimCareTeamRole")
		e.endArr()
		e.end()
		e.kint("sequence", int64(seq))
		e.end()
	}
	switch fam {
	case professional:
		n := r.between(1, 4)
		for i := 0; i < n; i++ {
			sp := &specialties[r.intn(len(specialties))]
			npi := practNPI
			if i > 0 {
				npi = r.npi()
			}
			member(npi, "rendering", "Rendering provider", sp, "")
		}
		if r.chance(70) {
			member(r.npi(), "referring", "Referring", nil, "")
		}
		member(orgNPI, "service", "Service provider", nil, "")
	case institutional:
		member(r.npi(), "attending", "Attending", &specialties[r.intn(len(specialties))], pick(&r, familyNames)+", "+pick(&r, maleNames))
		if c.kind == Inpatient || r.chance(40) {
			member(r.npi(), "operating", "Operating", &specialties[r.intn(len(specialties))], "")
		}
		if r.chance(30) {
			member(r.npi(), "otheroperating", "Other Operating", &specialties[r.intn(len(specialties))], "")
		}
		member(r.npi(), "rendering", "Rendering provider", nil, "")
		if r.chance(50) {
			member(r.npi(), "referring", "Referring", nil, "")
		}
	case pharmacy:
		member(practNPI, "prescribing", "Prescribing provider", &specialties[r.intn(len(specialties))], "")
	}
	e.endArr()

	// contained: the insurer and the billing provider
	e.ka("contained")
	const profileVer = "|2.2.0"
	e.obj()
	e.kbool("active", true)
	e.ks("id", "insurer-org")
	e.ko("meta")
	e.kraw("profile", `["http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-Organization|2.2.0","http://hl7.org/fhir/us/core/StructureDefinition/us-core-organization|7.0.0"]`)
	e.end()
	e.ks("name", "Centers for Medicare and Medicaid Services")
	e.ks("resourceType", "Organization")
	e.end()
	e.obj()
	if fam != professional {
		e.kbool("active", true)
	}
	e.ka("address")
	e.obj()
	e.ks("postalCode", b.state.zip+strconv.Itoa(10+r.intn(90)))
	e.ks("state", b.state.code)
	e.end()
	e.endArr()
	e.ks("id", providerID)
	e.ka("identifier")
	e.npiIdentifier(providerID)
	e.endArr()
	e.ko("meta")
	e.ka("profile")
	if fam == professional {
		e.str(c4bb + "C4BB-Practitioner" + profileVer)
		e.str("http://hl7.org/fhir/us/core/StructureDefinition/us-core-practitioner|7.0.0")
	} else {
		e.str(c4bb + "C4BB-Organization" + profileVer)
		e.str("http://hl7.org/fhir/us/core/StructureDefinition/us-core-organization|7.0.0")
	}
	e.endArr()
	e.end()
	if fam != professional {
		e.ks("name", pick(&r, facilityNames))
		e.ks("resourceType", "Organization")
	} else {
		e.ka("name")
		e.obj()
		e.ks("family", pick(&r, familyNames))
		e.ka("given")
		e.str(pick(&r, femaleNames))
		e.endArr()
		e.end()
		e.endArr()
		e.ks("resourceType", "Practitioner")
	}
	e.end()
	e.endArr()

	e.kmidnight("created", c.created)

	// diagnosis
	nDiag := 0
	if fam != pharmacy {
		nDiag = r.between(2, 6)
		if fam == institutional {
			nDiag = r.between(4, 14)
		}
		e.ka("diagnosis")
		for i := 1; i <= nDiag; i++ {
			e.obj()
			e.kcc("diagnosisCodeableConcept", pick(&r, icd10cm), "", sysICD10CM)
			if fam == institutional && i > 1 && r.chance(70) {
				e.kcc("onAdmission", pick(&r, []string{"Y", "N", "U", "W", "1"}), "", "https://www.cms.gov/Medicare/Medicare-Fee-for-Service-Payment/HospitalAcqCond/Coding")
			}
			e.kint("sequence", int64(i))
			e.ka("type")
			switch {
			case i == 1:
				e.cc("principal", "", "http://terminology.hl7.org/CodeSystem/ex-diagnosistype")
			case fam == institutional && i == 2:
				e.cc("admitting", "", "http://terminology.hl7.org/CodeSystem/ex-diagnosistype")
			case fam == institutional:
				e.cc("other", "", "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimDiagnosisType")
			default:
				e.cc("secondary", "", "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimDiagnosisType")
			}
			e.endArr()
			e.end()
		}
		e.endArr()
	}

	// id and identifiers
	var idb [32]byte
	numStr := strconv.AppendInt(idb[:0], c.num, 10)
	e.k("id")
	e.b = append(e.b, '"', '-')
	e.b = append(e.b, numStr...)
	e.b = append(e.b, '"', ',')
	e.ka("identifier")
	e.b = append(e.b, `{"type":{"coding":[{"code":"uc","display":"Unique Claim ID","system":"http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType"}]},"value":"-`...)
	e.b = append(e.b, numStr...)
	e.b = append(e.b, `"},{"system":"https://bluebutton.cms.gov/identifiers/CLM-CNTL-NUM","value":"-`...)
	var cn [17]byte
	r.digits(cn[:14])
	for i := 14; i < 17; i++ {
		cn[i] = byte('A' + r.intn(26))
	}
	e.b = append(e.b, cn[:]...)
	e.b = append(e.b, `"},`...)
	e.endArr()

	e.b = append(e.b, `"insurance":[{"coverage":{"display":"`...)
	e.b = append(e.b, info.coverage...)
	e.b = append(e.b, `"},"focal":true}],`...)
	if fam != pharmacy {
		e.kraw("insurer", `{"reference":"#insurer-org"}`)
	}

	// items
	e.ka("item")
	n := c.items
	if n > maxItems {
		n = maxItems
	}
	for i := 1; i <= n; i++ {
		switch fam {
		case professional:
			w.profItem(&r, c, i, nDiag, &s)
		case institutional:
			w.instItem(&r, c, i, &s)
		case pharmacy:
			w.pdeItem(&r, c, i, &s)
		}
	}
	e.endArr()

	// meta
	e.ko("meta")
	e.kinstant("lastUpdated", c.updated)
	e.ka("profile")
	e.str(c4bb + info.profile + profileVer)
	e.endArr()
	sysType := "NationalClaimsHistory"
	source := "NCH"
	if fam == pharmacy {
		sysType, source = "DDPS", "DDPS"
	}
	e.ks("source", source)
	e.ka("tag")
	e.obj()
	e.ks("code", sysType)
	e.ks("system", "https://bluebutton.cms.gov/fhir/CodeSystem/System-Type")
	e.end()
	e.obj()
	if c.final {
		e.ks("code", "FinalAction")
	} else {
		e.ks("code", "NotFinalAction")
	}
	e.ks("system", "https://bluebutton.cms.gov/fhir/CodeSystem/Final-Action")
	e.end()
	e.endArr()
	e.end()

	// Adjudicated claims are "complete" whether or not they are the final
	// action (real v3 NotFinalAction lines say complete); "partial" is for
	// partially adjudicated claims, which are v2 Claim resources here.
	// Source: fidelity-audit item 4, shared/samples/v3_ExplanationOfBenefit.ndjson.
	e.ks("outcome", "complete")
	e.ko("patient")
	e.ks("reference", "Patient/"+b.idStr)
	e.end()
	e.k("payment")
	e.b = append(e.b, `{"amount":`...)
	e.money(s.paidProvider)
	e.end()

	if fam == institutional && (c.kind == Inpatient || c.kind == SNF || r.chance(30)) {
		e.ka("procedure")
		np := r.between(1, 4)
		for i := 1; i <= np; i++ {
			e.obj()
			e.kdate("date", c.start+day(r.intn(int(c.end-c.start)+1)))
			e.kcc("procedureCodeableConcept", pick(&r, icd10pcs), "", "http://www.cms.gov/Medicare/Coding/ICD10")
			e.kint("sequence", int64(i))
			e.ka("type")
			if i == 1 {
				e.cc("principal", "", "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimProcedureType")
			} else {
				e.cc("other", "", "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimProcedureType")
			}
			e.endArr()
			e.end()
		}
		e.endArr()
	}
	if fam == pharmacy && r.chance(30) {
		// Real v3 PDE lines sometimes carry no provider, only the reason
		// it is absent: decoders must cope with a Reference without one.
		e.kraw("provider", `{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason","valueCode":"not-applicable"}]}`)
	} else {
		e.k("provider")
		e.ref("#", providerID)
	}
	e.ks("resourceType", "ExplanationOfBenefit")
	e.ks("status", "active")
	if fam == institutional {
		e.kcc("subType", info.subType, "", "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBInstitutionalClaimSubType")
	}

	// supportingInfo
	e.ka("supportingInfo")
	seq = 0
	loadDay := c.created - day(r.intn(30))
	e.siDate(siIDRLoad, &seq, loadDay)
	e.siDate(siRcvd, &seq, c.end+day(r.intn(10)))
	ct := contractors[r.intn(len(contractors))]
	switch fam {
	case professional:
		e.siCode(siContractor, &seq, ct.code, ct.display, bbFHIRCS+"CLM-CNTRCTR-NUM")
		if r.chance(20) {
			e.siHead(siTrial)
			seq++
			e.kint("sequence", int64(seq))
			e.ks("valueString", strconv.Itoa(1000+r.intn(9000)))
			e.end()
		}
		e.siCode(siQuery, &seq, "3", "FINAL BILL", bbFHIRCS+"CLM-QUERY-CD")
		e.siDate(siWeekly, &seq, c.end+day(r.intn(14)))
		if r.chance(30) {
			e.siQuantity(siBlood, &seq, int64(r.intn(5)), "pint", "[pt_us]")
		}
		e.siCode(siDenial, &seq, pick(&r, []string{"1", "8", "A", "D"}), "", bbFHIRCS+"CLM-CARR-PMT-DNL-CD")
	case institutional:
		e.siCode(siContractor, &seq, ct.code, ct.display, bbFHIRCS+"CLM-CNTRCTR-NUM")
		tob := c.info.clmType[:1]
		e.siHead(siTOB)
		e.ko("code")
		e.ka("coding")
		e.coding("0"+tob+"1"+"1", "", "https://www.nubc.org/CodeSystem/TypeOfBill")
		e.coding(tob, "", bbFHIRCS+"CLM-BILL-FAC-TYPE-CD")
		e.coding(tob+"1", "", bbFHIRCS+"CLM-BILL-CLSFCTN-CD")
		e.coding("1", "", bbFHIRCS+"CLM-BILL-FREQ-CD")
		e.endArr()
		e.end()
		seq++
		e.kint("sequence", int64(seq))
		e.end()
		e.siCode(siPrimPayer, &seq, pick(&r, []string{"A", "B", "G", " "}), "", bbFHIRCS+"CLM-NCH-PRMRY-PYR-CD")
		e.siCode(siDisp, &seq, "01", "DEBIT ACCEPTED", bbFHIRCS+"CLM-DISP-CD")
		e.siDate(siWeekly, &seq, c.end+day(r.intn(14)))
		e.siDate(siProcDt, &seq, c.end+day(r.intn(14)))
		if c.info.subType == "inpatient" {
			e.siHead(siAdmPeriod)
			seq++
			e.kint("sequence", int64(seq))
			e.k("timingPeriod")
			e.period(c.start, c.end)
			e.end()
			e.siNUBC(siOrigin, &seq, "1", "NON-HEALTH CARE FACILITY POINT OF ORIGIN", "https://www.nubc.org/CodeSystem/PointOfOrigin", bbFHIRCS+"CLM-ADMSN-SRC-CD")
			at := admTypes[r.intn(len(admTypes))]
			e.siNUBC(siAdmType, &seq, at.code, at.display, "https://www.nubc.org/CodeSystem/PriorityTypeOfAdmitOrVisit", bbFHIRCS+"CLM-ADMSN-TYPE-CD")
		}
		ds := dispositions[r.intn(len(dispositions))]
		e.siNUBC(siDischarge, &seq, ds.code, ds.display, "https://www.nubc.org/CodeSystem/PatDischargeStatus", bbFHIRCS+"BENE-PTNT-STUS-CD")
		e.siCode(siMCO, &seq, "0", "No managed care organization (MCO) payment", bbFHIRCS+"CLM-MDCR-INSTNL-MCO-PD-SW")
		e.siCode(siFIAction, &seq, "1", "Original debit action (always a 1 for all regular bills)", bbFHIRCS+"CLM-FI-ACTN-CD")
		e.siCode(siPPS, &seq, "2", "PPS bill; claim contains PPS indicator", bbFHIRCS+"CLM-PPS-IND-CD")
		e.siCode(siNearLine, &seq, info.nearLine, info.nearDisp, bbFHIRCS+"CLM-NRLN-RIC-CD")
		if r.chance(30) {
			e.siQuantity(siBlood, &seq, int64(r.intn(12)), "pint", "[pt_us]")
		}
		if c.kind == Inpatient || c.kind == SNF {
			e.siCode(siDRG, &seq, pick(&r, drgs), "", "https://www.cms.gov/Medicare/Medicare-Fee-for-Service-Payment/AcuteInpatientPPS/MS-DRG-Classifications-and-Software")
		}
	case pharmacy:
		if r.chance(50) {
			e.siCode(siDAW, &seq, pick(&r, []string{"0", "1", "2", "8"}), "", bbFHIRCS+"CLM-DAW-PROD-SLCTN-CD")
		}
		e.siCode(siDispense, &seq, "0", "No Product Selection Indicated", "http://terminology.hl7.org/CodeSystem/NCPDPDispensedAsWrittenOrProductSelectionCode")
		e.siQuantity(siRefill, &seq, int64(r.intn(6)), "", "")
		e.siQuantity(siDaysSup, &seq, int64(pick(&r, []int{30, 30, 90, 7, 14})), "", "")
		if r.chance(50) {
			e.siCode(siDspnsStus, &seq, pick(&r, []string{"P", "C"}), "", bbFHIRCS+"CLM-DSPNSNG-STUS-CD")
		}
		if r.chance(50) {
			e.siCode(siCmpnd, &seq, "1", "Not a compound", bbFHIRCS+"CLM-CMPND-CD")
		}
		e.siCode(siDrugCvrg, &seq, "C", "Covered", bbFHIRCS+"CLM-DRUG-CVRG-STUS-CD")
		if r.chance(50) {
			e.siCode(siPhrmcySrvc, &seq, "01", "Community/retail pharmacy", bbFHIRCS+"CLM-PHRMCY-SRVC-TYPE-CD")
		}
		if r.chance(30) {
			e.siCode(siPtntRsdnc, &seq, "01", "Home", bbFHIRCS+"CLM-PTNT-RSDNC-CD")
			e.siCode(siSubmsnClr, &seq, "00", "Not specified", bbFHIRCS+"CLM-SUBMSN-CLR-CD")
		}
		e.siCode(siBrndGnrc, &seq, pick(&r, []string{"B", "G"}), "", bbFHIRCS+"CLM-BRND-GNRC-CD")
		if r.chance(50) {
			e.siCode(siCtstrphc, &seq, pick(&r, []string{"A", "C"}), "", bbFHIRCS+"CLM-CTSTRPHC-CVRG-IND-CD")
		}
		e.siCode(siContractor, &seq, ct.code, ct.display, bbFHIRCS+"CLM-CNTRCTR-NUM")
	}
	e.endArr()

	// total
	e.ka("total")
	switch fam {
	case professional:
		e.adjAmount(totAllowed, s.allowed)
		e.adjAmount(totSubmitted, s.submitted)
		e.adjAmount(totPaidByPat, s.deductible+s.coins)
		e.adjAmount(totPaidToProv, s.paidProvider)
		e.adjAmount(totDeductible, s.deductible)
	case institutional:
		e.adjAmount(totPaidToPat, s.paidToPatient)
		e.adjAmount(totAllowed, s.submitted-s.noncovered)
		e.adjAmount(totSubmitted, s.submitted)
		e.adjAmount(totPaidToProv, s.paidProvider)
		e.adjAmount(totDeductible, s.deductible)
		e.adjAmount(totCoins, s.paidByPatient)
		e.adjAmount(totNoncovered, s.noncovered)
	case pharmacy:
		e.adjAmount(totSubmitted, s.submitted)
		e.adjAmount(totPaidByPat, s.paidByPatient)
		e.adjAmount(totPaidToProv, s.paidProvider)
	}
	e.endArr()

	// type
	e.ko("type")
	e.ka("coding")
	e.coding(info.clmType, info.clmTypeDisp, bbFHIRCS+"CLM-TYPE-CD")
	switch fam {
	case professional:
		e.coding("professional", "", "http://terminology.hl7.org/CodeSystem/claim-type")
	case institutional:
		e.coding("institutional", "", "http://terminology.hl7.org/CodeSystem/claim-type")
	case pharmacy:
		e.coding("pharmacy", "", "http://terminology.hl7.org/CodeSystem/claim-type")
	}
	e.coding(info.eobType, info.eobTypeDisp, bbFHIRCS+"EOB-TYPE")
	e.endArr()
	e.end()
	e.ks("use", "claim")
	e.end()
}

var facilityNames = []string{
	"MERCY GENERAL HOSPITAL", "ST. LUKE'S MEDICAL CENTER", "RIVERSIDE REGIONAL HEALTH", "GOOD SAMARITAN HOSPITAL",
	"LAKEVIEW SKILLED NURSING & REHAB", "SUNRISE HOME HEALTH", "COMPASSIONATE CARE HOSPICE", "VALLEY PHARMACY #114",
	"UNIVERSITY HOSPITAL <MAIN CAMPUS>",
}

// lineAmounts draws one line's charges: submitted ≥ allowed ≥ paid.
func lineAmounts(r *rng, lo, hi int) (submitted, allowed, paid, deductible, coins int64) {
	submitted = r.cents(lo, hi)
	allowed = submitted * int64(40+r.intn(50)) / 100
	coins = allowed / 5
	if r.chance(20) {
		deductible = allowed / 10
	}
	paid = allowed - coins - deductible
	return
}

// lineAmt holds one line's amounts from lineAmounts.
type lineAmt struct{ sub, alw, paid, ded, coins int64 }

// of returns the amount of an adjudication with the given role, and false
// for a role these amounts do not cover (the caller draws that one).
func (l *lineAmt) of(role int) (int64, bool) {
	switch role {
	case roleSubmitted:
		return l.sub, true
	case roleAllowed:
		return l.alw, true
	case rolePaidProvider:
		return l.paid, true
	case roleDeductible:
		return l.ded, true
	case roleCoinsurance:
		return l.coins, true
	case rolePaidToPatient:
		return 0, true
	}
	return 0, false
}

func (w *writer) profItem(r *rng, c *claim, seq, nDiag int, s *sums) {
	e := &w.e
	var l lineAmt
	l.sub, l.alw, l.paid, l.ded, l.coins = lineAmounts(r, 15, 1800)
	if c.kind == DME {
		l.sub, l.alw, l.paid, l.ded, l.coins = lineAmounts(r, 20, 3500)
	}
	e.obj()
	e.ka("adjudication")
	e.b = append(e.b, benefitPaymentStatus...)
	for _, a := range profLineAdj {
		v, ok := l.of(a.role)
		if !ok {
			v = r.cents(0, 400)
		}
		s.add(a.role, v)
		e.adjAmount(a.cat, v)
	}
	e.endArr()
	if r.chance(25) {
		d := pick(r, drugs)
		e.b = append(e.b, `"detail":[{"productOrService":{"coding":[{"code":"`...)
		e.b = append(e.b, d.ndc...)
		e.b = append(e.b, `","system":"http://hl7.org/fhir/sid/ndc"}]},"sequence":1}],`...)
	}
	if nDiag > 0 {
		e.ka("diagnosisSequence")
		e.int(int64(1 + r.intn(nDiag)))
		if nDiag > 1 && r.chance(40) {
			e.int(int64(1 + r.intn(nDiag)))
		}
		e.endArr()
	}
	e.ka("extension")
	e.extV3("CLM-SRVC-DDCTBL-SW", "0", "Service Subject to Deductible")
	p := pmt80100[r.intn(len(pmt80100))]
	e.extV3("CLM-PMT-80-100-CD", p.code, p.display)
	e.obj()
	e.ks("url", bbFHIRExt+"CLM-PRVDR-TAX-NUM")
	e.ko("valueIdentifier")
	e.ks("system", "urn:oid:2.16.840.1.113883.4.4")
	e.kraw("type", `{"coding":[{"code":"TAX","system":"http://terminology.hl7.org/CodeSystem/v2-0203"}]}`)
	var tax [9]byte
	r.digits(tax[:])
	e.ks("value", string(tax[:]))
	e.end()
	e.end()
	pt := providerTypes[r.intn(len(providerTypes))]
	e.extV3("CLM-PRVDR-TYPE-CD", pt.code, pt.display)
	mt := mtusInd[r.intn(len(mtusInd))]
	e.extV3("CLM-MTUS-IND-CD", mt.code, mt.display)
	if r.chance(40) {
		e.extV3("CLM-PHYSN-ASTNT-CD", "0", "N/A")
	}
	pi := processingInd[r.intn(len(processingInd))]
	e.extV3("CLM-PRCSG-IND-CD", pi.code, pi.display)
	e.b = append(e.b, `{"url":"https://bluebutton.cms.gov/fhir/StructureDefinition/CLM-LINE-PRFNL-MTUS-CNT","valueDecimal":`...)
	e.b = strconv.AppendInt(e.b, int64(1+r.intn(5)), 10)
	e.b = append(e.b, '}', ',')
	e.endArr()
	pos := placesOfService[r.intn(len(placesOfService))]
	e.kcc("locationCodeableConcept", pos.code, pos.display, "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set")
	if r.chance(50) {
		m := pick(r, modifiers)
		e.ka("modifier")
		e.cc(m.code, "", m.system)
		e.endArr()
	}
	code := pick(r, profCodes)
	if c.kind == DME {
		code = pick(r, dmeCodes)
	}
	e.kcc("productOrService", code.code, "", code.system)
	e.ko("quantity")
	e.kcents("value", int64(1+r.intn(400)))
	e.end()
	e.kint("sequence", int64(seq))
	e.k("servicedPeriod")
	e.period(c.start, c.end)
	e.end()
}

// instCharge is the dollar range of one revenue-center line by claim type.
var instCharge = [numClaimTypes][2]int{
	Inpatient: {200, 25000}, SNF: {100, 9000}, Outpatient: {30, 3000}, HHA: {50, 2500}, Hospice: {100, 6000},
}

func (w *writer) instItem(r *rng, c *claim, seq int, s *sums) {
	e := &w.e
	sub := r.cents(instCharge[c.kind][0], instCharge[c.kind][1])
	nonc := sub * int64(r.intn(30)) / 100
	ded := int64(0)
	if r.chance(15) {
		ded = r.cents(0, 300)
	}
	paid := (sub - nonc) * int64(40+r.intn(40)) / 100
	byPat := (sub - nonc) / 10
	e.obj()
	e.ka("adjudication")
	for _, a := range instLineAdj {
		var v int64
		switch a.role {
		case roleSubmitted:
			v = sub
		case roleNoncovered:
			v = nonc
		case rolePaidProvider:
			v = paid
		case roleDeductible:
			v = ded
		case rolePaidByPatient:
			v = byPat
		case rolePaidToPatient:
			v = 0
		default:
			v = r.cents(0, 250)
		}
		s.add(a.role, v)
		e.adjAmount(a.cat, v)
	}
	e.endArr()
	if r.chance(30) {
		d := pick(r, drugs)
		e.b = append(e.b, `"detail":[{"productOrService":{"coding":[{"code":"`...)
		e.b = append(e.b, d.ndc...)
		e.b = append(e.b, `","system":"http://hl7.org/fhir/sid/ndc"}]},"quantity":{"code":"mL","system":"http://unitsofmeasure.org","unit":"ML","value":`...)
		e.b = appendCents(e.b, int64(100+r.intn(50000)))
		e.b = append(e.b, `},"sequence":1}],`...)
	}
	e.ka("extension")
	e.extV3("CLM-OTAF-ONE-IND-CD", pick(r, []string{"N", "Y"}), "")
	e.extV3("CLM-REV-CNTR-STUS-CD", pick(r, []string{"A", "K", "M", "N"}), "")
	// BFD writes the discount and packaging indicators when the line has
	// them (ClaimLineInstitutionalExtensions in CMSgov/beneficiary-fhir-data
	// apps/bfd-server-ng); the real SNF claim
	// (shared/samples/v3_ExplanationOfBenefit.ndjson) has the discount
	// indicator on its first line and the packaging indicator, code 3 with
	// its display, on its second. Even lines carry the packaging indicator
	// instead of the discount one; the discount code is drawn on every line
	// all the same, so that the other draws, and bytes, stay as they were.
	dscnt := pick(r, []string{"1", "2", "4"})
	if seq%2 == 0 {
		e.extV3("CLM-REV-PACKG-IND-CD", "3", "PACKAGED AS PART OF PARTIAL HOSPITALIZATION PER DIEM OR DAILY MENTAL HEALTH SERVICE PER DIEM")
	} else {
		e.extV3("CLM-REV-DSCNT-IND-CD", dscnt, "")
	}
	e.extV3("CLM-REV-PMT-MTHD-CD", pick(r, []string{"2", "13", "11"}), "")
	e.endArr()
	code := pick(r, profCodes)
	e.kcc("productOrService", code.code, "", code.system)
	e.ko("quantity")
	e.kcents("value", int64(1+r.intn(1000)))
	e.end()
	rc := revenueCenters[r.intn(len(revenueCenters))]
	e.ko("revenue")
	e.ka("coding")
	e.coding(rc.code, rc.display, bbFHIRCS+"CLM-REV-CNTR-CD")
	e.coding(rc.code, "", "https://www.nubc.org/CodeSystem/RevenueCodes")
	e.coding("0", "Charges are subject to deductible and coinsurance", bbFHIRCS+"CLM-DDCTBL-COINSRNC-CD")
	e.endArr()
	e.end()
	e.kint("sequence", int64(seq))
	e.k("servicedPeriod")
	e.period(c.start, c.end)
	e.end()
}

func (w *writer) pdeItem(r *rng, c *claim, seq int, s *sums) {
	e := &w.e
	d := pick(r, drugs)
	ingr := r.cents(4, 900)
	fee := r.cents(0, 12)
	byPat := (ingr + fee) * int64(r.intn(40)) / 100
	plan := ingr + fee - byPat
	e.obj()
	e.ka("adjudication")
	for _, a := range pdeLineAdj {
		var v int64
		switch a.role {
		case roleSubmitted:
			v = ingr
		case rolePaidByPatient:
			v = byPat
		case rolePaidProvider:
			v = plan
		default:
			v = r.cents(0, 40)
		}
		s.add(a.role, v)
		e.adjAmount(a.cat, v)
	}
	e.endArr()
	e.kcc("productOrService", d.ndc, d.name, sysNDC)
	e.ko("quantity")
	e.kcents("value", int64(100*(1+r.intn(90))))
	e.end()
	e.kint("sequence", int64(seq))
	e.kdate("servicedDate", c.start)
	e.end()
}
