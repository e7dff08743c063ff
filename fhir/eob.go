package fhir

import (
	"time"

	"github.com/cockroachdb/apd/v3"
)

// BillablePeriod returns the parsed billablePeriod of an EOB (see
// [ParseDate]); an absent bound is the zero time. Dates are days: an end of
// "2025-02-13" is midnight UTC at the start of that (included) day.
func BillablePeriod(e *ExplanationOfBenefit) (start, end time.Time, err error) {
	if e == nil || e.BillablePeriod == nil {
		return time.Time{}, time.Time{}, nil
	}
	return parsePeriod(e.BillablePeriod.Start, e.BillablePeriod.End)
}

// Payment returns the amount Medicare paid on the claim
// (payment.amount.value) as an exact decimal (see [Decimal] in the package
// doc), and false when the EOB has none.
func Payment(e *ExplanationOfBenefit) (*apd.Decimal, bool) {
	if e == nil || e.Payment == nil || e.Payment.Amount == nil {
		return nil, false
	}
	return Decimal(e.Payment.Amount.Value)
}

// Total returns the claim-level total whose category has a coding with the
// given code, as an exact decimal, and false when there is none. Codes come
// from the FHIR adjudication system ("submitted", "eligible", "benefit",
// "deductible", "copay") or CARIN BB ("paidtoprovider", "paidtopatient") or
// Blue Button's own (e.g. "CLM_SBMT_CHRG_AMT"); any system matches.
func Total(e *ExplanationOfBenefit, category string) (*apd.Decimal, bool) {
	if e == nil {
		return nil, false
	}
	for _, t := range e.Total {
		for _, c := range t.Category.Coding {
			if c.Code != nil && *c.Code == category && t.Amount.Value != nil {
				return Decimal(t.Amount.Value)
			}
		}
	}
	return nil, false
}
