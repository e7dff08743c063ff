package synth

// The tables of a BFD v1 (Blue Button v1, FHIR STU3) ExplanationOfBenefit:
// adjudication categories per claim family and the codes its lines draw.
// Sources: the real v1 carrier lines (shared/samples/v1_ExplanationOfBenefit.ndjson)
// and, for what they never show, BFD v1's transformers and test responses
// (CMSgov/beneficiary-fhir-data apps/bfd-server/bfd-server-war:
// stu3/providers/*Transformer.java, endpoint-responses/v1/eobRead<Type>.json).

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

var (
	stu3ProfAdj = []lineAdj{
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
	stu3DMEAdj = append([]lineAdj{
		{catSTU3("line_prmry_alowd_chrg_amt", "Line Primary Payer Allowed Charge Amount", bbAdjSystem), roleNone},
		{catSTU3("line_dme_prchs_price_amt", "Line DME Purchase Price Amount", bbAdjSystem), roleNone},
	}, stu3ProfAdj...)
	stu3InstAdj = []lineAdj{
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
	stu3PDEAdj = []lineAdj{
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

// stu3Payment80100 is the line_pmt_80_100_cd BFD v1 puts on a carrier or
// DME line's payment adjudication (TransformerUtils.mapEobCommonItemCarrierDME);
// codes and displays as on the real v1 carrier lines.
var stu3Payment80100 = []cd{{"0", "80%"}, {"1", "100%"}}

// stu3UnknownState is the provider state code of the real v1 carrier lines
// with its CCW display. The displays of the other SSA state codes are not
// in any source at hand, so they are written without one.
var stu3UnknownState = cd{"99", "With 000 county code is American Samoa; otherwise unknown"}
