package synth

// The CCW variables of a BFD v2 (Blue Button 2.0) ExplanationOfBenefit,
// per claim type: which ones BFD writes as claim extensions, line
// extensions, adjudications, benefit balances and supporting info, under
// which CARIN BB category, with which value type. Names, displays, value
// types and the codes below are those of the real v2 lines
// (shared/samples/v2_ExplanationOfBenefit.ndjson, one claim of each type,
// from BFD's test responses); where a code list holds more than the sample's
// code, the others are from the same CCW code book. Amounts, dates,
// identifiers and NPIs are drawn.

const (
	bbCSAdj     = "https://bluebutton.cms.gov/resources/codesystem/adjudication"
	bbCSInfo    = "https://bluebutton.cms.gov/resources/codesystem/information"
	bbCSBalance = "https://bluebutton.cms.gov/resources/codesystem/benefit-balance"
	bbCSHCPCS   = "https://bluebutton.cms.gov/resources/codesystem/hcpcs"
	bbCSEOBType = "https://bluebutton.cms.gov/resources/codesystem/eob-type"
	c4cs        = "http://hl7.org/fhir/us/carin-bb/CodeSystem/"
	thoCS       = "http://terminology.hl7.org/CodeSystem/"
	sysPCS      = "http://www.cms.gov/Medicare/Coding/ICD10"
	sysUCUM     = "http://unitsofmeasure.org"
)

// cd is a code and its display.
type cd = revCenter

// ccwVal is one CCW variable written as an extension
// {"url":…/variables/<name>,"value<X>":…}.
type ccwVal struct {
	name  string
	kind  byte // 'c' valueCoding, 'i' valueIdentifier (n digits), 'm' valueMoney (up to n dollars), 'd' valueDate, 'q' valueQuantity (up to n)
	codes []cd // 'c': the code is drawn from these
	n     int
}

// v2Adj encodes a category of two codings: the standard (FHIR or CARIN
// BB) one and BFD's own, whose code is the variable's URL.
func v2Adj(code, display, system, name, bbDisplay string) lineAdj {
	return lineAdj{cat: v2Cat(code, display, system, name, bbDisplay, bbCSAdj)}
}

func v2AdjRole(role int, code, display, system, name, bbDisplay string) lineAdj {
	a := v2Adj(code, display, system, name, bbDisplay)
	a.role = role
	return a
}

func v2Cat(code, display, system, name, bbDisplay, bbSystem string) string {
	var e enc
	e.b = append(e.b, `{"coding":[`...)
	e.coding(code, display, system)
	if name != "" {
		e.coding(bbVariables+name, bbDisplay, bbSystem)
	}
	e.endArr()
	e.end()
	return string(e.b[:len(e.b)-1])
}

// Standard adjudication codings BFD pairs with its variables.
const (
	sysAdjStd = thoCS + "adjudication"
	sysC4BB   = c4cs + "C4BBAdjudication"
)

var (
	// Carrier (professional) line adjudications.
	v2CarrierLineAdj = []lineAdj{
		v2AdjRole(rolePaidProvider, "benefit", "Benefit Amount", sysAdjStd, "line_nch_pmt_amt", "Line NCH Medicare Payment Amount"),
		v2AdjRole(rolePaidToPatient, "paidtopatient", "Paid to patient", sysC4BB, "line_bene_pmt_amt", "Line Payment Amount to Beneficiary"),
		v2Adj("paidtoprovider", "Paid to provider", sysC4BB, "line_prvdr_pmt_amt", "Line Provider Payment Amount"),
		v2AdjRole(roleDeductible, "deductible", "Deductible", sysAdjStd, "line_bene_ptb_ddctbl_amt", "Line Beneficiary Part B Deductible Amount"),
		v2Adj("priorpayerpaid", "Prior payer paid", sysC4BB, "line_bene_prmry_pyr_pd_amt", "Line Primary Payer (if not Medicare) Paid Amount"),
		v2AdjRole(roleCoinsurance, "coinsurance", "Co-insurance", sysC4BB, "line_coinsrnc_amt", "Line Beneficiary Coinsurance Amount"),
		v2AdjRole(roleSubmitted, "submitted", "Submitted Amount", sysAdjStd, "line_sbmtd_chrg_amt", "Line Submitted Charge Amount"),
		v2AdjRole(roleAllowed, "eligible", "Eligible Amount", sysAdjStd, "line_alowd_chrg_amt", "Line Allowed Charge Amount"),
	}
	// DME lines add the primary-payer allowed and purchase price amounts.
	v2DMELineAdj = append([]lineAdj{
		v2Adj("paidtoprovider", "Paid to provider", sysC4BB, "rev_cntr_prvdr_pmt_amt", "Revenue Center (Medicare) Provider Payment Amount"),
		v2Adj("eligible", "Eligible Amount", sysAdjStd, "line_prmry_alowd_chrg_amt", "Line Primary Payer Allowed Charge Amount"),
		v2Adj("submitted", "Submitted Amount", sysAdjStd, "line_dme_prchs_price_amt", "Line DME Purchase Price Amount"),
	}, v2CarrierLineAdj...)

	// Institutional revenue-center line adjudications, all of them; each
	// claim type writes the subset the real lines show (v2InstLineAdj).
	v2RevRate     = v2Adj("submitted", "Submitted Amount", sysAdjStd, "rev_cntr_rate_amt", "Revenue Center Rate Amount")
	v2RevTotal    = v2AdjRole(roleSubmitted, "submitted", "Submitted Amount", sysAdjStd, "rev_cntr_tot_chrg_amt", "Revenue Center Total Charge Amount")
	v2RevNoncov   = v2AdjRole(roleNoncovered, "noncovered", "Noncovered", sysC4BB, "rev_cntr_ncvrd_chrg_amt", "Revenue Center Non-Covered Charge Amount")
	v2RevBloodDed = v2Adj("deductible", "Deductible", sysAdjStd, "rev_cntr_blood_ddctbl_amt", "Revenue Center Blood Deductible Amount")
	v2RevCashDed  = v2AdjRole(roleDeductible, "deductible", "Deductible", sysAdjStd, "rev_cntr_cash_ddctbl_amt", "Revenue Center Cash Deductible Amount")
	v2RevWageCoin = v2Adj("coinsurance", "Co-insurance", sysC4BB, "rev_cntr_coinsrnc_wge_adjstd_c", "Revenue Center Coinsurance/Wage Adjusted Coinsurance Amount")
	v2RevRdcdCoin = v2Adj("coinsurance", "Co-insurance", sysC4BB, "rev_cntr_rdcd_coinsrnc_amt", "Revenue Center Reduced Coinsurance Amount")
	v2RevMSP1     = v2Adj("priorpayerpaid", "Prior payer paid", sysC4BB, "rev_cntr_1st_msp_pd_amt", "Revenue Center 1st Medicare Secondary Payer (MSP) Paid Amount")
	v2RevMSP2     = v2Adj("priorpayerpaid", "Prior payer paid", sysC4BB, "rev_cntr_2nd_msp_pd_amt", "Revenue Center 2nd Medicare Secondary Payer (MSP) Paid Amount")
	v2RevPrvdr    = v2AdjRole(rolePaidProvider, "paidtoprovider", "Paid to provider", sysC4BB, "rev_cntr_prvdr_pmt_amt", "Revenue Center (Medicare) Provider Payment Amount")
	v2RevBene     = v2AdjRole(rolePaidToPatient, "paidtopatient", "Paid to patient", sysC4BB, "rev_cntr_bene_pmt_amt", "Revenue Center Payment Amount to Beneficiary")
	v2RevPtnt     = v2AdjRole(rolePaidByPatient, "paidbypatient", "Paid by patient", sysC4BB, "rev_cntr_ptnt_rspnsblty_pmt", "Revenue Center Patient Responsibility Payment Amount")
	v2RevPmt      = v2Adj("submitted", "Submitted Amount", sysAdjStd, "rev_cntr_pmt_amt_amt", "Revenue Center (Medicare) Payment Amount")

	v2InstLineAdj = [numClaimTypes][]lineAdj{
		Outpatient: {v2RevRate, v2RevTotal, v2RevNoncov, v2RevBloodDed, v2RevCashDed, v2RevWageCoin, v2RevRdcdCoin, v2RevMSP1, v2RevMSP2, v2RevPrvdr, v2RevBene, v2RevPtnt, v2RevPmt},
		Inpatient:  {v2RevRate, v2RevTotal, v2RevNoncov},
		SNF:        {v2RevRate, v2RevTotal, v2RevNoncov},
		HHA:        {v2RevRate, v2RevTotal, v2RevNoncov, v2RevPmt},
		Hospice:    {v2RevRate, v2RevTotal, v2RevNoncov, v2RevPrvdr, v2RevBene, v2RevPmt},
	}
	// v2InstDenials: how many revenue-center ANSI denial reasons a line of
	// each type can carry (outpatient lines two, HHA one).
	v2InstDenials = [numClaimTypes]int{Outpatient: 2, HHA: 1}

	// Part D event line adjudications.
	v2PDELineAdj = []lineAdj{
		v2AdjRole(rolePaidProvider, "benefit", "Benefit Amount", sysAdjStd, "cvrd_d_plan_pd_amt", "Amount paid by Part D plan for the PDE (drug is covered by Part D)"),
		v2Adj("coinsurance", "Co-insurance", sysC4BB, "gdc_blw_oopt_amt", "Gross Drug Cost Below Part D Out-of-Pocket Threshold (GDCB)"),
		v2Adj("coinsurance", "Co-insurance", sysC4BB, "gdc_abv_oopt_amt", "Gross Drug Cost Above Part D Out-of-Pocket Threshold (GDCA)"),
		v2AdjRole(rolePaidByPatient, "paidbypatient", "Paid by patient", sysC4BB, "ptnt_pay_amt", "Amount Paid by Patient"),
		v2Adj("priorpayerpaid", "Prior payer paid", sysC4BB, "othr_troop_amt", "Other True Out-of-Pocket (TrOOP) Amount"),
		v2Adj("discount", "Discount", sysC4BB, "lics_amt", "Amount paid for the PDE by Part D low income subsidy"),
		v2Adj("priorpayerpaid", "Prior payer paid", sysC4BB, "plro_amt", "Reduction in patient liability due to payments by other payers (PLRO)"),
		v2AdjRole(roleSubmitted, "drugcost", "Drug Cost", sysC4BB, "tot_rx_cst_amt", "Total drug cost (Part D)"),
		v2Adj("discount", "Discount", sysC4BB, "rptd_gap_dscnt_num", "Gap Discount Amount"),
	}

	// Claim totals: BFD v2 puts the total charge under "priorpayerpaid"
	// on carrier and DME claims and under "submitted" on institutional
	// ones; Part D events total the drug cost.
	v2TotalProf    = v2Cat("priorpayerpaid", "Prior payer paid", sysC4BB, "clm_tot_chrg_amt", "Claim Total Charge Amount", bbCSAdj)
	v2TotalInst    = v2Cat("submitted", "Submitted Amount", sysAdjStd, "clm_tot_chrg_amt", "Claim Total Charge Amount", bbCSAdj)
	v2TotalPDECost = v2Cat("drugcost", "Drug Cost", sysC4BB, "", "", "")
	v2TotalPDEOthr = v2Cat("other", "Other", c4cs+"C4BBPayerAdjudicationStatus", "", "", "")
)

// Claim-level CCW extensions.
var (
	v2CarrierExt = []ccwVal{
		{name: "carr_num", kind: 'i', n: 5},
		{name: "carr_clm_cntl_num", kind: 'i', n: 14},
		{name: "carr_clm_pmt_dnl_cd", kind: 'c', codes: []cd{{"1", "Physician/supplier"}, {"2", "Beneficiary"}, {"0", "Denied"}}},
		{name: "asgmntcd", kind: 'c', codes: []cd{{"A", "Assigned claim"}, {"N", "Non-assigned claim"}}},
		{name: "clm_clncl_tril_num", kind: 'i', n: 1},
		{name: "carr_clm_entry_cd", kind: 'c', codes: []cd{{"1", "Original debit; void of original debit (If CLM_DISP_CD = 3, code 1 means voided original debit)"}}},
	}
	v2NonPayment = []cd{{"A", "Covered worker's compensation (Obsolete)"}, {"B", "Benefit exhausted"}, {"P", "Payment requested"}}
	// v2InstExt: what every institutional claim carries after the near-line
	// code; fi_clm_actn_cd and the operating amounts are inpatient/SNF
	// only, bene_hospc_prd_cnt hospice only (v2InstExtBefore/After).
	v2InstExt = []ccwVal{
		{name: "fi_doc_clm_cntl_num", kind: 'i', n: 14},
		{name: "fi_clm_proc_dt", kind: 'd'},
		{name: "clm_mdcr_non_pmt_rsn_cd", kind: 'c', codes: v2NonPayment},
		{name: "clm_srvc_clsfctn_type_cd", kind: 'c', codes: []cd{{"1", ""}, {"2", ""}, {"3", ""}}},
		{name: "fi_num", kind: 'i', n: 5},
	}
	v2FIAction   = ccwVal{name: "fi_clm_actn_cd", kind: 'c', codes: []cd{{"1", "Original debit action (always a 1 for all regular bills)"}}}
	v2InpatientX = []ccwVal{
		{name: "ime_op_clm_val_amt", kind: 'm', n: 70000},
		{name: "clm_uncompd_care_pmt_amt", kind: 'm', n: 900},
		{name: "dsh_op_clm_val_amt", kind: 'm', n: 3000},
	}
	v2HospicePeriods = ccwVal{name: "bene_hospc_prd_cnt", kind: 'q', n: 4}
)

// Line-level CCW extensions.
var (
	v2CarrierLineExt = []ccwVal{
		{name: "carr_line_mtus_cd", kind: 'c', codes: []cd{{"3", "Services"}, {"2", "Anesthesia time units"}, {"1", "Transportation (ambulance) miles"}}},
		{name: "betos_cd", kind: 'c', codes: []cd{{"T2D", "Other tests - other"}, {"M1B", "Office visits - established"}, {"I2B", "Advanced imaging - CAT/CT/CTA: other"}}},
		{name: "line_bene_prmry_pyr_cd", kind: 'c', codes: []cd{{"E", "Workers' compensation"}, {"A", "Working aged bene/spouse with employer group health plan (EGHP)"}}},
		{name: "line_prcsg_ind_cd", kind: 'c', codes: []cd{{"A", "Allowed"}, {"R", "Reprocessed adjustments based on subsequent reprocessing of claim"}}},
		{name: "line_service_deductible", kind: 'c', codes: []cd{{"0", "Service Subject to Deductible"}, {"1", "Service Not Subject to Deductible"}}},
	}
	v2DMELineExt = []ccwVal{
		{name: "suplrnum", kind: 'i', n: 10},
		{name: "dmerc_line_prcng_state_cd", kind: 'c', codes: []cd{{"AL", ""}, {"MO", ""}, {"TX", ""}}},
		{name: "dmerc_line_supplr_type_cd", kind: 'c', codes: []cd{{"3", "Suppliers (other than sole proprietorship) for whom employer identification (EI) numbers are used in coding the ID field."}}},
	}
	v2PDEFacility     = []cd{{"01", "Community/retail pharmacy"}, {"02", "Compounding pharmacy"}, {"03", "Home infusion therapy provider"}}
	v2PlacesOfService = []cd{
		{"11", "Office. Location, other than a hospital, skilled nursing facility (SNF), military treatment facility, community health center, State or local public health clinic, or intermediate care facility (ICF), where the health professional routinely provides health examinations, diagnosis, and treatment of illness or injury on an ambulatory basis."},
		{"12", "Home. Location, other than a hospital or other facility, where the patient receives care in a private residence."},
	}
	v2CMSServiceType  = []cd{{"1", "Medical care"}, {"5", "Diagnostic laboratory"}, {"P", "Lump sum purchase of DME, prosthetics orthotics"}}
	v2PricingLocality = []cd{{"15", "CONNECTICUT"}}
	v2RevStatus       = []cd{{"A", "Services not paid under OPPS; uses a different fee schedule (e.g., ambulance, PT, mammography)"}, {"N", "Items and services packaged into APC rates"}}
	v2DedCoins        = []cd{{"0", "Charges are subject to deductible and coinsurance"}}
	// v2Units: NDC quantity qualifiers, which BFD writes as a unit
	// modifier on revenue lines.
	v2Units         = []cd{{"ML", "Milliliter"}, {"UN", "Unit"}, {"GR", "Gram"}, {"F2", "International Unit"}}
	v2HctHgb        = []cd{{"R1", "Hemoglobin Test"}, {"R2", "Hematocrit Test"}}
	v2Participating = []cd{{"1", "Participating"}, {"2", "All or some covered and allowed expenses applied to deductible; Participating"}}
	v2FacilityType  = [numClaimTypes]cd{Inpatient: {"1", "Hospital"}, Outpatient: {"1", "Hospital"}, SNF: {"2", "Skilled Nursing Facility (SNF)"}, HHA: {"3", "Home Health Agency (HHA)"}, Hospice: {"8", "Ambulatory Surgery Center (ASC) or other special facility (e.g. hospice)"}}
	v2ClaimTypeCD   = [numClaimTypes]cd{
		Carrier: {"71", "Local carrier non-durable medical equipment, prosthetics, orthotics, and supplies (DMEPOS) claim"},
		DME:     {"82", "DMERC; DMEPOS claim"}, HHA: {"10", "Home Health Agency (HHA) claim"}, Inpatient: {"60", "Inpatient claim"},
		SNF: {"20", "Non swing bed Skilled Nursing Facility (SNF) claim"}, Outpatient: {"40", "Hospital Outpatient claim"}, Hospice: {"50", "Hospice claim"},
	}
	// v2Family is the claim-type coding and C4BB profile BFD gives each
	// claim type; DME and HHA are not what their family suggests, but it
	// is what the real lines say.
	v2Family = [numClaimTypes]struct{ code, display, profile string }{
		Carrier:    {"professional", "Professional", "C4BB-ExplanationOfBenefit-Professional-NonClinician"},
		DME:        {"institutional", "Institutional", "C4BB-ExplanationOfBenefit-Inpatient-Institutional"},
		HHA:        {"professional", "Professional", "C4BB-ExplanationOfBenefit-Professional-NonClinician"},
		Inpatient:  {"institutional", "Institutional", "C4BB-ExplanationOfBenefit-Inpatient-Institutional"},
		SNF:        {"institutional", "Institutional", "C4BB-ExplanationOfBenefit-Inpatient-Institutional"},
		Hospice:    {"institutional", "Institutional", "C4BB-ExplanationOfBenefit-Inpatient-Institutional"},
		Outpatient: {"institutional", "Institutional", "C4BB-ExplanationOfBenefit-Outpatient-Institutional"},
		PDE:        {"pharmacy", "Pharmacy", "C4BB-ExplanationOfBenefit-Pharmacy"},
	}
)

// Benefit balances (claim-level amounts and day counts).
type finV2 struct {
	typ   string // pre-encoded financial.type
	count bool   // usedUnsignedInt instead of usedMoney
	hi    int    // dollars or days
	role  int    // a sum of line amounts instead of a draw
}

func fin(name, display string, hi int) finV2 {
	return finV2{typ: `{"coding":[{"code":"` + bbVariables + name + `","display":` + string(appendString(nil, display)) + `,"system":"` + bbCSBalance + `"}]}`, hi: hi}
}

func finCount(name, display string, hi int) finV2 {
	f := fin(name, display, hi)
	f.count = true
	return f
}

func finSum(role int, name, display string) finV2 {
	f := fin(name, display, 0)
	f.role = role
	return f
}

const v2BenefitCategory = `{"coding":[{"code":"1","display":"Medical Care","system":"` + thoCS + `ex-benefitcategory"}]}`

var (
	v2CarrierFin = []finV2{
		finSum(roleDeductible, "carr_clm_cash_ddctbl_apld_amt", "Carrier Claim Cash Deductible Applied Amount (sum of all line-level deductible amounts)"),
		finSum(rolePaidProvider, "nch_clm_prvdr_pmt_amt", "NCH Claim Provider Payment Amount"),
		finSum(rolePaidToPatient, "nch_clm_bene_pmt_amt", "NCH Claim Payment Amount to Beneficiary"),
		finSum(roleSubmitted, "nch_carr_clm_sbmtd_chrg_amt", "NCH Carrier Claim Submitted Charge Amount (sum of all line-level submitted charges)"),
		finSum(roleAllowed, "nch_carr_clm_alowd_amt", "NCH Carrier Claim Allowed Charge Amount (sum of all line-level allowed charges)"),
	}
	v2PassThru   = fin("clm_pass_thru_per_diem_amt", "Claim Pass Thru Per Diem Amount", 900)
	v2ProfComp   = fin("nch_profnl_cmpnt_chrg_amt", "Professional Component Charge Amount", 1500)
	v2PPSTotal   = fin("clm_tot_pps_cptl_amt", "Claim Total PPS Capital Amount", 2000)
	v2CoinsDays  = finCount("bene_tot_coinsrnc_days_cnt", "Beneficiary Total Coinsurance Days Count", 10)
	v2NonUtil    = finCount("clm_non_utlztn_days_cnt", "Claim Medicare Non Utilization Days Count", 10)
	v2UtilDays   = finCount("clm_utlztn_day_cnt", "Claim Medicare Utilization Day Count", 30)
	v2IPDed      = finSum(roleDeductible, "nch_bene_ip_ddctbl_amt", "NCH Beneficiary Inpatient (or other Part A) Deductible Amount")
	v2PtACoins   = fin("nch_bene_pta_coinsrnc_lblty_amt", "NCH Beneficiary Part A Coinsurance Liability Amount", 800)
	v2IPNoncov   = finSum(roleNoncovered, "nch_ip_ncvrd_chrg_amt", "NCH Inpatient(or other Part A) Non-covered Charge Amount")
	v2IPTotDed   = fin("nch_ip_tot_ddctn_amt", "NCH Inpatient (or other Part A) Total Deductible/Coinsurance Amount", 1600)
	v2BloodLblty = fin("nch_bene_blood_ddctbl_lblty_am", "NCH Beneficiary Blood Deductible Liability Amount", 50)
	v2PrPayAmt   = fin("prpayamt", "NCH Primary Payer (if not Medicare) Claim Paid Amount", 300)
	v2PPS        = []finV2{
		fin("clm_pps_cptl_dsprprtnt_shr_amt", "Claim PPS Capital Disproportionate Share Amount", 900),
		fin("clm_pps_cptl_excptn_amt", "Claim PPS Capital Exception Amount", 100),
		fin("clm_pps_cptl_fsp_amt", "Claim PPS Capital Federal Specific Portion (FSP) Amount", 900),
		fin("clm_pps_cptl_ime_amt", "Claim PPS Capital Indirect Medical Education (IME) Amount", 300),
		fin("clm_pps_cptl_outlier_amt", "Claim PPS Capital Outlier Amount", 200),
		fin("clm_pps_old_cptl_hld_hrmls_amt", "Claim PPS Old Capital Hold Harmless Amount", 100),
	}

	v2Fin = [numClaimTypes][]finV2{
		Carrier: v2CarrierFin,
		DME:     v2CarrierFin,
		Outpatient: {v2ProfComp,
			finSum(roleDeductible, "nch_bene_ptb_ddctbl_amt", "NCH Beneficiary Part B Deductible Amount"),
			fin("nch_bene_ptb_coinsrnc_amt", "NCH Beneficiary Part B Coinsurance Amount", 400),
			finSum(rolePaidProvider, "clm_op_prvdr_pmt_amt", "Claim Outpatient Provider Payment Amount"),
			finSum(rolePaidToPatient, "clm_op_bene_pmt_amt", "Claim Outpatient Payment Amount to Beneficiary"),
			v2BloodLblty, v2PrPayAmt},
		Inpatient: append(append([]finV2{v2PassThru, v2ProfComp, v2PPSTotal, v2CoinsDays, v2NonUtil, v2IPDed, v2PtACoins, v2IPNoncov, v2IPTotDed},
			v2PPS...),
			fin("nch_drg_outlier_aprvd_pmt_amt", "NCH DRG Outlier Approved Payment Amount", 5000), v2BloodLblty, v2PrPayAmt, v2UtilDays,
			finCount("clm_pps_cptl_drg_wt_num", "Claim PPS Capital DRG Weight Number", 3),
			finCount("bene_lrd_used_cnt", "Beneficiary Medicare Lifetime Reserve Days (LRD) Used Count", 5)),
		SNF: append(append([]finV2{v2UtilDays, v2CoinsDays, v2NonUtil, v2IPDed, v2PtACoins, v2IPNoncov, v2IPTotDed},
			v2PPS...), v2BloodLblty, v2PrPayAmt),
		HHA:     {v2PrPayAmt},
		Hospice: {v2UtilDays, v2PrPayAmt},
	}
)

// Supporting information.
type siV2 struct {
	cat   string // pre-encoded category
	kind  byte   // 'D' timingDate, 'P' timingPeriod, 'c' code, 'q' pints, 'Q' valueQuantity, 'r' valueReference
	sys   string // 'c': the code system
	codes []cd   // 'c': drawn
}

func siInfo(name, display string) string {
	return v2Cat("info", "Information", thoCS+"claiminformationcategory", name, display, bbCSInfo)
}

func siC4(code, display, name, bbDisplay string) string {
	return v2Cat(code, display, c4cs+"C4BBSupportingInfoType", name, bbDisplay, bbCSInfo)
}

// siVar is an "info" entry coded in the variable's own system.
func siVar(name, display string, codes ...cd) siV2 {
	return siV2{cat: siInfo(name, display), kind: 'c', sys: bbVariables + name, codes: codes}
}

var (
	v2SIReceived   = siC4("clmrecvddate", "Claim Received Date", "nch_wkly_proc_dt", "NCH Weekly Claim Processing Date")
	v2SIHctHgb     = siInfo("line_hct_hgb_rslt_num", "Hematocrit / Hemoglobin Test Results")
	v2SIAdmission  = siV2{cat: siC4("admissionperiod", "Admission Period", "", ""), kind: 'P'}
	v2SIAdmType    = siV2{cat: siC4("admtype", "Information", "clm_ip_admsn_type_cd", "Claim Inpatient Admission Type Code"), kind: 'c', sys: "https://www.nubc.org/CodeSystem/PriorityTypeOfAdmitOrVisit", codes: admTypes}
	v2SISource     = siVar("clm_src_ip_admsn_cd", "Claim Source Inpatient Admission Code", cd{"1", ""}, cd{"4", ""}, cd{"7", ""})
	v2SIDRG        = siVar("clm_drg_cd", "Claim Diagnosis Related Group Code (or MS-DRG Code)", cd{"470", ""}, cd{"291", ""}, cd{"871", ""}, cd{"690", ""})
	v2SIPtntStatus = siVar("nch_ptnt_stus_ind_cd", "NCH Patient Status Indicator Code", cd{"A", "Discharged"}, cd{"C", "Still a patient"})
	v2SIBlood      = siV2{cat: siInfo("nch_blood_pnts_frnshd_qty", "NCH Blood Pints Furnished Quantity"), kind: 'q'}
	v2SIMCO        = siVar("clm_mco_pd_sw", "Claim MCO Paid Switch", cd{"0", "No managed care organization (MCO) payment"})
	v2SITOB        = siV2{cat: siC4("typeofbill", "Type of Bill", "", ""), kind: 'c', sys: bbVariables + "clm_freq_cd", codes: []cd{{"1", "Admit thru discharge claim"}}}
	v2SIDischarge  = siV2{cat: siC4("discharge-status", "Discharge Status", "", ""), kind: 'c', sys: bbVariables + "ptnt_dschrg_stus_cd", codes: []cd{{"1", ""}, {"30", "Still patient."}, {"51", "Discharged/transferred to a Hospice – medical facility."}}}
	v2SIPrimPayer  = siVar("nch_prmry_pyr_cd", "NCH Primary Payer Code (if not Medicare)", cd{"A", "Employer group health plan (EGHP) insurance for an aged beneficiary"}, cd{"E", "Workers' compensation"})
	v2SIPPS        = siVar("clm_pps_ind_cd", "Claim PPS Indicator Code", cd{"2", "PPS bill; claim contains PPS indicator"})
	v2SIVerified   = siV2{cat: siInfo("nch_vrfd_ncvrd_stay_from_dt", "NCH Verified Non-covered Stay From Date"), kind: 'P'}
	v2SIExhausted  = siV2{cat: siInfo("nch_bene_mdcr_bnfts_exhtd_dt_i", "NCH Beneficiary Medicare Benefits Exhausted Date"), kind: 'D'}
	v2SIQualified  = siV2{cat: siInfo("nch_qlfyd_stay_from_dt", "NCH Qualified Stay From Date"), kind: 'P'}
	v2SILUPA       = siVar("clm_hha_lupa_ind_cd", "Claim HHA Low Utilization Payment Adjustment (LUPA) Indicator Code", cd{"L", "Low utilization payment adjustment (LUPA) claim"})
	v2SIReferral   = siVar("clm_hha_rfrl_cd", "Claim HHA Referral Code", cd{"1", "Physician referral - The patient was admitted upon the recommendation of a personal physician."})
	v2SIVisits     = siV2{cat: siInfo("clm_hha_tot_visit_cnt", "Claim HHA Total Visit Count"), kind: 'Q'}

	// v2InstSI: the supporting info of each institutional claim type, in
	// the real lines' order (after the received date, written first).
	v2InstSI = [numClaimTypes][]siV2{
		Inpatient:  {v2SIPtntStatus, v2SIAdmission, v2SIAdmType, v2SISource, v2SIDRG, v2SIBlood, v2SIMCO, v2SITOB, v2SIDischarge, v2SIPrimPayer},
		SNF:        {v2SIAdmType, v2SISource, v2SIVerified, v2SIExhausted, v2SIDRG, v2SIPtntStatus, v2SIAdmission, v2SIQualified, v2SIPPS, v2SIBlood, v2SIMCO, v2SITOB, v2SIDischarge, v2SIPrimPayer},
		Outpatient: {v2SIMCO, v2SITOB, v2SIDischarge, v2SIPrimPayer},
		HHA:        {v2SITOB, v2SIDischarge, v2SIPrimPayer, v2SIPPS, v2SILUPA, v2SIReferral, v2SIVisits, v2SIAdmission},
		Hospice:    {v2SIPtntStatus, v2SIAdmission, v2SITOB, v2SIDischarge, v2SIPrimPayer},
	}

	v2PDESI = []siV2{
		{cat: siC4("compoundcode", "Compound Code", "", ""), kind: 'c', sys: thoCS + "v3-ActCode", codes: []cd{{"RXDINV", "Rx dispense invoice"}, {"RXCINV", "Rx compound invoice"}}},
		{cat: siC4("refillnum", "Refill Number", "", ""), kind: 'Q'},
		{cat: siC4("dayssupply", "Days Supply", "", ""), kind: 'Q'},
		siVar("drug_cvrg_stus_cd", "Drug Coverage Status Code", cd{"C", "Covered"}),
		siVar("daw_prod_slctn_cd", "Dispense as Written (DAW) Product Selection Code", cd{"0", "No Product Selection Indicated (may also have missing values)"}, cd{"1", "Substitution Not Allowed by Prescriber"}),
		siVar("dspnsng_stus_cd", "Dispensing Status Code", cd{"P", "Partial fill"}, cd{"C", "Completion of partial fill"}),
		siVar("adjstmt_dltn_cd", "Adjustment Deletion Code", cd{"A", "Adjustment"}),
		siVar("nstd_frmt_cd", "Non-Standard Format Code", cd{"X", "X12 837"}),
		siVar("prcng_excptn_cd", "Pricing Exception Code", cd{"M", "Medicare is a secondary payer (MSP)"}),
		siVar("ctstrphc_cvrg_cd", "Catastrophic Coverage Code", cd{"A", "Attachment point met on this event"}, cd{"C", "Above attachment point"}),
		{cat: siC4("rxorigincode", "Rx Origin Code", "", ""), kind: 'c', sys: bbVariables + "rx_orgn_cd", codes: []cd{{"1", "Written"}, {"3", "Electronic"}}},
		{cat: siC4("brandgenericindicator", "Brand Generic Indicator", "", ""), kind: 'c', sys: bbVariables + "brnd_gnrc_cd", codes: []cd{{"B", "Brand"}, {"G", "Generic Null/missing"}}},
		siVar("ptnt_rsdnc_cd", "Patient Residence Code", cd{"01", "Home"}, cd{"02", "Skilled Nursing Facility"}),
		siVar("submsn_clr_cd", "Submission clarification code", cd{"08", "Process compound for approved ingredients"}),
	}
)

// Diagnoses and procedures with the descriptions BFD v2 puts in their
// displays (ICD-10-CM and ICD-10-PCS titles, as CMS abbreviates them).
var (
	v2Diagnoses = []cd{
		{"E119", "TYPE 2 DIABETES MELLITUS WITHOUT COMPLICATIONS"}, {"I10", "ESSENTIAL (PRIMARY) HYPERTENSION"},
		{"I509", "HEART FAILURE, UNSPECIFIED"}, {"J449", "CHRONIC OBSTRUCTIVE PULMONARY DISEASE, UNSPECIFIED"},
		{"E785", "HYPERLIPIDEMIA, UNSPECIFIED"}, {"M1711", "UNILATERAL PRIMARY OSTEOARTHRITIS, RIGHT KNEE"},
		{"F329", "MAJOR DEPRESSIVE DISORDER, SINGLE EPISODE, UNSPECIFIED"}, {"I2510", "ATHSCL HEART DISEASE OF NATIVE CORONARY ARTERY W/O ANG PCTRS"},
		{"J189", "PNEUMONIA, UNSPECIFIED ORGANISM"}, {"N390", "URINARY TRACT INFECTION, SITE NOT SPECIFIED"},
		{"G309", "ALZHEIMER'S DISEASE, UNSPECIFIED"}, {"I4891", "UNSPECIFIED ATRIAL FIBRILLATION"},
		{"A419", "SEPSIS, UNSPECIFIED ORGANISM"}, {"N179", "ACUTE KIDNEY FAILURE, UNSPECIFIED"},
		{"N1830", "CHRONIC KIDNEY DISEASE, STAGE 3 UNSPECIFIED"}, {"K219", "GASTRO-ESOPHAGEAL REFLUX DISEASE WITHOUT ESOPHAGITIS"},
		{"M545", "LOW BACK PAIN"}, {"R2681", "UNSTEADINESS ON FEET"}, {"Z0000", "ENCNTR FOR GENERAL ADULT MEDICAL EXAM W/O ABNORMAL FINDINGS"},
		{"E039", "HYPOTHYROIDISM, UNSPECIFIED"},
	}
	v2Procedures = []cd{
		{"0SR90J9", "REPLACEMENT OF R HIP JT WITH SYNTH SUB, CEMENT, OPEN APPROACH"},
		{"02703ZZ", "DILATION OF CORONARY ARTERY, ONE ARTERY, PERC APPROACH"},
		{"5A1955Z", "RESPIRATORY VENTILATION, GREATER THAN 96 CONSECUTIVE HOURS"},
		{"30233N1", "TRANSFUSE NONAUT RED BLOOD CELLS IN PERIPH VEIN, PERC"},
		{"0DTJ4ZZ", "RESECTION OF APPENDIX, PERC ENDO APPROACH"},
		{"B2111ZZ", "FLUOROSCOPY OF MULT CORONARY ART USING LOW OSMOLAR CONTRAST"},
	}
	v2ExternalCauses = []cd{
		{"W19XXXA", "UNSPECIFIED FALL, INITIAL ENCOUNTER"}, {"W010XXA", "FALL SAME LEV FROM SLIP/TRIP W/O STRIKE AGAINST OBJ, INIT"},
		{"W1830XA", "FALL ON SAME LEVEL, UNSPECIFIED, INITIAL ENCOUNTER"}, {"Y92009", "UNSP PLACE IN UNSP NON-INSTITUTIONAL RESIDENCE AS THE PLACE"},
	}
	v2POA = []cd{{"Y", "Diagnosis was present at the time of admission (POA)"}, {"N", "Diagnosis was not present at the time of admission"}, {"U", "Documentation is insufficient to determine if the condition was present at the time of admission"}}
)
