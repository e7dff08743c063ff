package fhir

import (
	"encoding/json"

	"github.com/cockroachdb/apd/v3"
)

// Decimal converts a FHIR decimal as samply's models hold it (a
// *json.Number, the exact text of the JSON) to an exact decimal. It returns
// false for nil or for text that is not a number.
//
// The result keeps every digit of the source and its exponent, so String
// gives back the source text for any decimal written without an exponent
// ("123.40" stays "123.40", not "123.4"): FHIR R4's decimal is "a rational
// number with implicit precision" (https://hl7.org/fhir/R4/datatypes.html), and json.Number(d.String()) puts an amount back into a
// model unchanged. Sums and comparisons are exact:
//
//	var sum apd.Decimal
//	apd.BaseContext.Add(&sum, &sum, paid) // BaseContext: no rounding
//	if paid.Cmp(limit) > 0 { … }
func Decimal(n *json.Number) (*apd.Decimal, bool) {
	if n == nil {
		return nil, false
	}
	d, _, err := apd.NewFromString(string(*n))
	if err != nil || d.Form != apd.Finite {
		return nil, false
	}
	return d, true
}
