package synth

import "strconv"

// coverage kinds, in the order BCDA emits a beneficiary's Coverage lines.
const (
	covA = iota
	covB
	covC
	covD
	covDual
)

var covNames = [...]string{"Part A", "Part B", "Part C", "Part D", "Dual Medicare/Medicaid"}
var covIDs = [...]string{"part-a-", "part-b-", "part-c-", "part-d-", "dual-"}

func (b *bene) hasCoverage(kind int) bool {
	switch kind {
	case covC:
		return b.partC
	case covD:
		return b.partD
	case covDual:
		return b.dual
	}
	return true
}

// coverageUpdated spreads a beneficiary's Coverage lines over a few
// milliseconds, as one BCDA load stamps them.
func (b *bene) coverageUpdated(kind int) int64 { return b.covUpdated - int64(kind*37) }

func (w *writer) coverages(b *bene) error {
	for kind := covA; kind <= covDual; kind++ {
		if !b.hasCoverage(kind) || (w.req.Version != V3 && kind == covDual) {
			// The dual-eligibility Coverage is v3's; v1 and v2 state dual
			// status in monthly dual_NN extensions (fidelity-audit item 3).
			continue
		}
		if w.skip(b.coverageUpdated(kind)) {
			continue
		}
		r := stream(w.d.Seed, streamCoverage, uint64(b.index), uint64(kind))
		switch w.req.Version {
		case V1:
			w.coverageSTU3(b, kind, &r)
		case V2:
			w.coverageV2(b, kind, &r)
		default:
			w.coverageV3(b, kind, &r)
		}
		if err := w.flush(); err != nil {
			return err
		}
	}
	return nil
}

const (
	bbFHIRExt = "https://bluebutton.cms.gov/fhir/StructureDefinition/"
	bbFHIRCS  = "https://bluebutton.cms.gov/fhir/CodeSystem/"
)

// extV3 writes a v3 Blue Button extension whose URL and code system share
// the variable name.
func (e *enc) extV3(name, code, display string) {
	e.obj()
	e.ks("url", bbFHIRExt+name)
	e.kcoding("valueCoding", code, display, bbFHIRCS+name)
	e.end()
}

const cmsOrgContained = `[{"active":true,"contact":[{"purpose":{"coding":[{"code":"PATINF","display":"Patient","system":"http://terminology.hl7.org/CodeSystem/contactentity-type"}]},"telecom":[{"system":"phone","value":"1-800-633-4227"},{"system":"phone","value":"TTY: 1-877-486-2048"},{"system":"url","value":"www.medicare.gov"}]}],"id":"cms-org","meta":{"profile":["http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-Organization|2.2.0"]},"name":"Centers for Medicare and Medicaid Services","resourceType":"Organization"}]`

func (w *writer) coverageV3(b *bene, kind int, r *rng) {
	e := &w.e
	refDay := day(b.ref / msPerDay)
	e.obj()
	e.ko("beneficiary")
	e.ks("reference", "Patient/"+b.idStr)
	e.end()
	e.ka("class")
	e.obj()
	e.kraw("type", `{"coding":[{"code":"plan","system":"http://terminology.hl7.org/CodeSystem/coverage-class"}]}`)
	e.ks("value", covNames[kind])
	e.end()
	e.endArr()
	payor := kind == covA || kind == covB || kind == covDual
	if payor {
		e.kraw("contained", cmsOrgContained)
	}
	e.ka("extension")
	pbp := "00" + strconv.Itoa(1+r.intn(9))
	switch kind {
	case covA, covB:
		e.extV3("BENE-BUYIN-CD", pick(r, []string{"0", "A", "B", "C", "Z"}), "")
		e.extV3("BENE-ENRLMT-RSN-CD", pick(r, []string{"I", "M", "T", "R"}), "")
		e.extV3("BENE-MDCR-ENTLMT-STUS-CD", "Y", "")
		e.extV3("BENE-MDCR-STUS-CD", pick(r, []string{"10", "10", "20", "11", "31"}), "")
		e.extV3("BENE-ESRD-STUS-ID", pick(r, []string{"N", "N", "N", "Y"}), "")
		e.extV3("BENE-DSBLD-STUS-ID", pick(r, []string{"N", "N", "Y"}), "")
		e.extV3("BENE-MDCR-ENTLMT-RSN-CD", pick(r, []string{"0", "1", "2", "3"}), "")
	case covC, covD:
		e.extString(bbFHIRExt+"BENE-CNTRCT-NUM", b.contract(kind))
		e.extString(bbFHIRExt+"BENE-PBP-NUM", pbp)
		if kind == covD {
			e.extV3("BENE-CVRG-TYPE-CD", "33", "")
			e.extV3("BENE-LIS-COPMT-LVL-CD", pick(r, []string{"1", "2", "3", "4"}), "")
		} else {
			e.extV3("BENE-CVRG-TYPE-CD", pick(r, []string{"11", "12", "13"}), "")
		}
	case covDual:
		e.extV3("BENE-DUAL-STUS-CD", pick(r, []string{"00", "01", "02", "04", "08", "09"}), "")
		e.extV3("BENE-DUAL-TYPE-CD", pick(r, []string{"N", "P", "F"}), "")
		e.obj()
		e.ks("url", bbFHIRExt+"MEDICAID-STATE-CD")
		e.kcoding("valueCoding", b.state.code, "", "https://www.usps.com")
		e.end()
	}
	e.endArr()
	id := covIDs[kind] + b.idStr
	if kind == covC || kind == covD {
		id += "-" + b.contract(kind) + "-" + pbp
	}
	e.ks("id", id)
	e.ka("identifier")
	e.obj()
	e.ks("system", sysMBI)
	e.kraw("type", `{"coding":[{"code":"MB","system":"http://terminology.hl7.org/CodeSystem/v2-0203"}]}`)
	e.ks("value", b.mbi)
	e.end()
	e.endArr()
	e.ko("meta")
	e.kinstant("lastUpdated", b.coverageUpdated(kind))
	e.kraw("profile", `["http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-Coverage|2.2.0","http://hl7.org/fhir/us/core/StructureDefinition/us-core-coverage|7.0.0"]`)
	e.end()
	if payor {
		e.kraw("payor", `[{"reference":"#cms-org"}]`)
	}
	start := b.entitled
	if kind >= covC {
		start = b.entitled + day(r.intn(int(refDay-b.entitled)/2+1))
	}
	status := "active"
	var end day
	if r.chance(8) {
		status = "cancelled"
		end = start + day(r.between(90, 900))
		if end > refDay {
			end = refDay - 1
		}
	}
	e.k("period")
	e.period(start, end)
	e.kraw("relationship", `{"coding":[{"code":"self","display":"Self","system":"http://terminology.hl7.org/CodeSystem/subscriber-relationship"}]}`)
	e.ks("resourceType", "Coverage")
	e.ks("status", status)
	e.ks("subscriberId", b.mbi)
	e.ko("type")
	e.ka("coding")
	switch kind {
	case covA:
		e.coding("1", "MEDICARE", "https://nahdo.org/sopt")
	case covB:
		e.coding("121", "MEDICARE FFS", "https://nahdo.org/sopt")
	case covC:
		e.coding("11", "MEDICARE MANAGED CARE (Includes Medicare Advantage Plans)", "https://nahdo.org/sopt")
	case covD:
		e.coding("19", "MEDICARE OTHER", "https://nahdo.org/sopt")
	case covDual:
		e.coding("14", "Dual Eligibility Medicare/Medicaid Organization", "https://nahdo.org/sopt")
	}
	e.endArr()
	e.end()
	e.end()
}

// contract returns the contract number of a Part C or D plan.
func (b *bene) contract(kind int) string {
	if kind == covD {
		return b.contractD
	}
	return b.contractC
}

// coverageV2 writes the Blue Button v2 (C4BB 1.x) Coverage shape.
func (w *writer) coverageV2(b *bene, kind int, r *rng) {
	e := &w.e
	refDay := day(b.ref / msPerDay)
	e.obj()
	e.ko("beneficiary")
	e.ks("reference", "Patient/"+b.idStr)
	e.end()
	e.ka("class")
	e.obj()
	e.kraw("type", `{"coding":[{"code":"group","display":"Group","system":"http://terminology.hl7.org/CodeSystem/coverage-class"}]}`)
	e.ks("value", "Medicare")
	e.end()
	e.obj()
	e.kraw("type", `{"coding":[{"code":"plan","display":"Plan","system":"http://terminology.hl7.org/CodeSystem/coverage-class"}]}`)
	e.ks("value", covNames[kind])
	e.end()
	e.endArr()
	// Real v2 Coverage carries 27–86 extensions (shared/samples/v2_Coverage.ndjson,
	// up to 19 KB for Part D): the entitlement codes, then a value per month
	// for each enrolment variable of the part, then the reference year and
	// the monthly dual-eligibility codes. Values here are synthetic.
	e.ka("extension")
	ms := msCodes[b.ms]
	if kind != covC {
		e.ccwCoding("ms_cd", ms.code, ms.display)
	}
	year := refDay.year()
	switch kind {
	case covA:
		e.ccwCoding("orec", "0", "Old age and survivor's insurance")
		e.ccwCoding("crec", "0", "Old age and survivor's insurance")
		e.ccwCoding("esrd_ind", "N", "")
		e.ccwCoding("a_trm_cd", "0", "Not Terminated")
	case covB:
		e.ccwCoding("b_trm_cd", "0", "Not Terminated")
	case covC:
		w.monthly("ptc_cntrct_id_", "", b.contractC, "")
		w.monthly("ptc_pbp_id_", "", "001", "")
		w.monthly("ptc_plan_type_cd_", "", "01", "")
		w.monthly("hmo_ind_", "", "C", "Lock-in, CMS to process provider claims")
	case covD:
		w.monthly("ptdcntrct", "", b.contractD, "")
		w.monthly("ptdcntrct", strconv.Itoa(year), b.contractD, "")
		w.monthly("ptdpbpid", "", "001", "")
		w.monthly("sgmtid", "", "000", "")
		cs := pick(r, costShare)
		w.monthly("cstshr", "", cs.code, cs.display)
		w.monthly("rdsind", "", "N", "No employer subsidization")
	}
	w.referenceYear(b)
	dual := "NA"
	if b.dual {
		dual = "02"
	}
	w.monthly("dual_", "", dual, "")
	if kind == covA || kind == covB {
		w.monthly("buyin", "", "3", "Part A and Part B")
	}
	e.endArr()
	e.ks("id", covIDs[kind]+b.idStr)
	e.ko("meta")
	e.kinstant("lastUpdated", b.coverageUpdated(kind))
	e.kraw("profile", `["http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-Coverage"]`)
	e.end()
	e.kraw("payor", `[{"identifier":{"value":"Centers for Medicare and Medicaid Services"}}]`)
	e.k("period")
	end := day(0)
	if kind != covC && r.chance(20) {
		// Some enrolment periods have ended, as in the real v2 lines.
		end = b.entitled + day(r.between(365, 3000))
	}
	e.period(b.entitled, end)
	e.kraw("relationship", `{"coding":[{"code":"self","display":"Self","system":"http://terminology.hl7.org/CodeSystem/subscriber-relationship"}]}`)
	e.ks("resourceType", "Coverage")
	e.ks("status", "active")
	e.ks("subscriberId", b.mbi)
	e.kraw("type", `{"coding":[{"code":"SUBSIDIZ","system":"http://terminology.hl7.org/CodeSystem/v3-ActCode"}]}`)
	e.end()
}

// monthly writes the twelve monthly extensions of a Blue Button v2
// variable: prefix01 … prefix12, or, with a year, prefix01/2021-1 …
// prefix12/2021-12 (v2's Part D contract history), each with the same
// code and display.
func (w *writer) monthly(prefix, year, code, display string) {
	var url [128]byte
	for m := 1; m <= 12; m++ {
		u := append(url[:0], bbVariables...)
		u = append(u, prefix...)
		u = append(u, twoDigits(m)...)
		if year != "" {
			u = append(u, '/')
			u = append(u, year...)
			u = append(u, '-')
			u = strconv.AppendInt(u, int64(m), 10)
		}
		// The system is the monthly variable itself, without the year.
		w.e.extCodingB(u, code, display, u[:len(bbVariables)+len(prefix)+2])
	}
}

type codeDisp struct{ code, display string }

var msCodes = []codeDisp{
	{"10", "Aged without end-stage renal disease (ESRD)"},
	{"10", "Aged without end-stage renal disease (ESRD)"},
	{"11", "Aged with ESRD"},
	{"20", "Disabled without ESRD"},
	{"21", "Disabled with ESRD"},
	{"31", "ESRD only"},
}

var costShare = []codeDisp{
	{"00", "Not Medicare enrolled for the month"},
	{"01", "Beneficiary enrolled in Parts A and/or B, and Part D; deemed eligible for LIS with 100% premium subsidy and no copayment"},
	{"02", "Beneficiary enrolled in Parts A and/or B, and Part D; deemed eligible for LIS with 100% premium subsidy and low copayment"},
	{"07", "Beneficiary enrolled in Parts A and/or B, and Part D; enrolled in LIS with 50% premium subsidy and 15% copayment"},
	{"08", "Beneficiary enrolled in Parts A and/or B, and Part D; enrolled in LIS with 25% premium subsidy and 15% copayment"},
	{"09", "Beneficiary enrolled in Parts A and/or B, and Part D; no LIS"},
}

// coverageSTU3 writes the Blue Button v1 Coverage. Part D carries one
// contract extension per month of enrolment history, which is what makes
// real v1 Coverage lines reach ~32 KB.
func (w *writer) coverageSTU3(b *bene, kind int, r *rng) {
	e := &w.e
	refYear := day(b.ref / msPerDay).year()
	ms := msCodes[b.ms]
	e.obj()
	e.ko("beneficiary")
	e.ks("reference", "Patient/"+b.idStr)
	e.end()
	e.ka("extension")
	e.ccwCoding("ms_cd", ms.code, ms.display)
	var ub, sb [96]byte
	month := func(dst []byte, prefix string, m int) []byte {
		dst = append(dst, bbVariables...)
		dst = append(dst, prefix...)
		return append(dst, byte('0'+m/10), byte('0'+m%10))
	}
	switch kind {
	case covA:
		e.ccwCoding("a_trm_cd", "0", "Not Terminated")
	case covB:
		e.ccwCoding("b_trm_cd", "0", "Not Terminated")
	case covC:
		for m := 1; m <= 12; m++ {
			u := month(ub[:0], "ptc_cntrct_id_", m)
			e.extCodingB(u, b.contractC, "", u)
		}
	case covD:
		for m := 1; m <= 12; m++ {
			u := month(ub[:0], "ptdcntrct", m)
			e.extCodingB(u, b.contractD, "", u)
		}
		first := b.entitled.year()
		if first < refYear-11 {
			first = refYear - 11
		}
		contract := b.contractD
		for y := first; y < refYear; y++ {
			if r.chance(15) {
				contract = "S" + strconv.Itoa(4000+r.intn(6000))
			}
			for m := 1; m <= 12; m++ {
				sys := month(sb[:0], "ptdcntrct", m)
				u := append(ub[:0], sys...)
				u = append(u, '/')
				u = appendInt4(u, y)
				u = append(u, '-')
				u = strconv.AppendInt(u, int64(m), 10)
				e.extCodingB(u, contract, "", sys)
			}
		}
		for m := 1; m <= 12; m++ {
			u := month(ub[:0], "cstshr", m)
			cs := pick(r, costShare)
			e.extCodingB(u, cs.code, cs.display, u)
		}
	}
	w.referenceYear(b)
	e.endArr()
	e.ko("grouping")
	e.ks("subGroup", "Medicare")
	e.ks("subPlan", covNames[kind])
	e.end()
	e.ks("id", covIDs[kind]+b.idStr)
	e.ko("meta")
	e.kinstant("lastUpdated", b.coverageUpdated(kind))
	e.end()
	e.ks("resourceType", "Coverage")
	e.ks("status", "active")
	e.ko("type")
	e.ka("coding")
	e.coding(covNames[kind], "", "Medicare")
	e.endArr()
	e.end()
	e.end()
}
