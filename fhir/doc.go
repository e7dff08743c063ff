// Package fhir holds the FHIR resource types BCDA serves and the helpers an
// ACO engineer needs on every record.
//
// The R4 resources of API v2 and v3 are type aliases of samply's generated
// models (github.com/samply/golang-fhir-models), so they convert freely to and
// from that package. Mind its rules: an unknown code is a decode error, and a
// missing required code silently decodes as the first value of its enum
// (a Coverage without status reads as "active"). v1 data is FHIR STU3, which
// those models cannot hold: use package fhir/stu3 for it.
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
//   - [Part] and [ActiveOn] for a Coverage;
//   - [UnmarshalOperationOutcome], a lenient decoder for BCDA error bodies
//     and error files.
//
// Amounts are returned as json.Number, the exact decimal text, never as a
// float.
package fhir
