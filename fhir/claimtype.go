package fhir

import (
	"iter"
	"strings"
)

// ClaimType is the Medicare claim type of an ExplanationOfBenefit, as Blue
// Button names it in its EOB-TYPE code system.
type ClaimType string

// The Medicare fee-for-service claim types BCDA serves. The zero value means
// the type could not be determined.
const (
	ClaimCarrier    ClaimType = "CARRIER"    // Part B professional/physician-supplier
	ClaimInpatient  ClaimType = "INPATIENT"  // Part A inpatient hospital
	ClaimOutpatient ClaimType = "OUTPATIENT" // Part B institutional outpatient
	ClaimPDE        ClaimType = "PDE"        // Part D prescription drug event
	ClaimSNF        ClaimType = "SNF"        // skilled nursing facility
	ClaimHHA        ClaimType = "HHA"        // home health agency
	ClaimHospice    ClaimType = "HOSPICE"    // hospice
	ClaimDME        ClaimType = "DME"        // durable medical equipment (DME MAC)
)

// Code systems that name the claim type on a Blue Button EOB.
const (
	systemEOBType       = "https://bluebutton.cms.gov/fhir/CodeSystem/EOB-TYPE"            // v3
	systemEOBTypeLegacy = "https://bluebutton.cms.gov/resources/codesystem/eob-type"       // v1, v2
	systemClaimTypeCode = "https://bluebutton.cms.gov/fhir/CodeSystem/CLM-TYPE-CD"         // v3
	systemNCHClaimType  = "https://bluebutton.cms.gov/resources/variables/nch_clm_type_cd" // v1, v2
	systemFHIRClaimType = "http://terminology.hl7.org/CodeSystem/claim-type"               // R4
	systemFHIRClaimSTU3 = "http://hl7.org/fhir/ex-claimtype"                               // STU3
)

// nchClaimTypes maps NCH/IDR claim type codes to claim types.
var nchClaimTypes = map[string]ClaimType{
	"10": ClaimHHA,
	"20": ClaimSNF, "30": ClaimSNF,
	"40": ClaimOutpatient,
	"50": ClaimHospice,
	"60": ClaimInpatient, "61": ClaimInpatient,
	"71": ClaimCarrier, "72": ClaimCarrier,
	"81": ClaimDME, "82": ClaimDME,
}

// claimTypeFromCodings determines a claim type from the (system, code) pairs
// of an EOB's "type" codings; it serves both R4 and STU3 resources. An
// EOB-TYPE coding wins; otherwise a numeric NCH claim type code decides;
// otherwise the FHIR claim-type "pharmacy" means a Part D event. It returns
// "" when nothing identifies the type.
func claimTypeFromCodings(codings iter.Seq2[string, string]) ClaimType {
	var byCode, byFHIR ClaimType
	for system, code := range codings {
		switch system {
		case systemEOBType, systemEOBTypeLegacy:
			switch t := ClaimType(strings.ToUpper(code)); t {
			case ClaimCarrier, ClaimInpatient, ClaimOutpatient, ClaimPDE,
				ClaimSNF, ClaimHHA, ClaimHospice, ClaimDME:
				return t
			}
		case systemClaimTypeCode, systemNCHClaimType:
			if t, ok := nchClaimTypes[code]; ok && byCode == "" {
				byCode = t
			}
		case systemFHIRClaimType, systemFHIRClaimSTU3:
			if code == "pharmacy" {
				byFHIR = ClaimPDE
			}
		}
	}
	if byCode != "" {
		return byCode
	}
	return byFHIR
}

// ClaimTypeOf returns the Medicare claim type of an R4 ExplanationOfBenefit,
// from its "type" codings (see [claimTypeFromCodings]), or "" if unknown.
func ClaimTypeOf(e *ExplanationOfBenefit) ClaimType {
	if e == nil {
		return ""
	}
	return claimTypeFromCodings(func(yield func(string, string) bool) {
		for _, c := range e.Type.Coding {
			if c.System == nil || c.Code == nil {
				continue
			}
			if !yield(*c.System, *c.Code) {
				return
			}
		}
	})
}
