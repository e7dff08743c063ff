// Package fhir holds the FHIR resource types BCDA serves and the helpers an
// ACO engineer needs on every record.
//
// # The types are samply's
//
// The R4 resources of API v2 and v3 ([Patient], [Coverage],
// [ExplanationOfBenefit], [Claim], [ClaimResponse], [OperationOutcome],
// [CapabilityStatement]) are type aliases of samply's generated models
// (github.com/samply/golang-fhir-models/fhir-models/fhir, whose package is
// also named fhir: import it under another name, e.g. r4). go doc shows
// only the alias; the fields are documented there. What that means in
// practice:
//
//   - Optional elements are pointers (*string, *bool, *json.Number, *Period
//     …): check for nil before you dereference. Required elements are
//     values (ExplanationOfBenefit.Type, Coverage.Beneficiary).
//   - Codes are Go enums. A code outside the R4 value set (a Patient gender
//     "F", an EOB status "final") is a decode error, and ndjson reports the
//     line as a *ndjson.LineError; never use a value whose decode failed. A
//     missing required code is not an error: it silently reads as the
//     enum's first value (a Coverage without status reads as "active").
//   - Decimals are *json.Number, the exact text of the JSON; [Payment],
//     [Total] and [Decimal] turn them into exact decimals.
//   - The element types (Coding, Identifier, Reference, Money …) are not
//     aliased here: name them from samply's package when you build values.
//   - An OperationOutcome keeps its message in an issue's diagnostics or in
//     its details.text depending on the BCDA version: [IssueMessage] reads
//     either. BCDA sends issue codes samply rejects (an empty code for most
//     errors): ndjson.Decode[fhir.OperationOutcome] and the client's
//     APIError.Outcome decode them leniently, as "processing".
//
// v1 data is FHIR STU3, which those models cannot hold: use package
// fhir/stu3, whose helpers have the same names as these.
//
// # Helpers
//
// [Peek] reads a line's resourceType and id without decoding it, for routing,
// counting and checkpointing. The helpers read what BCDA puts where:
//
//   - [MBI] and [MBIs]: the beneficiary's current (and past) Medicare
//     Beneficiary Identifier from a Patient;
//   - [PatientID]: the beneficiary id of a Patient, ExplanationOfBenefit or
//     Coverage, the key that joins the three files of an export;
//   - [ClaimTypeOf], [BillablePeriod], [Payment] and [Total] for an
//     ExplanationOfBenefit;
//   - [Part] and [ActiveOn] for a Coverage.
//
// # Money
//
// Amounts are exact decimals, *apd.Decimal from github.com/cockroachdb/apd/v3,
// never floats. An apd.Decimal keeps every digit of the source and its
// exponent, so String gives "1047.50" back for 1047.50 (FHIR R4 defines
// decimal as "a rational number with implicit precision",
// https://hl7.org/fhir/R4/datatypes.html#decimal: a float, or a decimal
// type that trims zeros, would lose it), and it adds and compares exactly:
//
//	var sum apd.Decimal
//	for _, eob := range eobs {
//		if paid, ok := fhir.Payment(eob); ok {
//			apd.BaseContext.Add(&sum, &sum, paid) // BaseContext never rounds a sum
//		}
//	}
//	fmt.Println(sum.String())
//
// apd.BaseContext has no precision, which is what keeps Add, Sub and Cmp
// exact; rounding (Quantize to cents, Quo) needs a context with one, such
// as apd.BaseContext.WithPrecision(34).
package fhir
