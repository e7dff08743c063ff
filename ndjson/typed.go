package ndjson

import (
	"io"
	"iter"

	"github.com/bcda-go/bcda/fhir"
)

// ExplanationOfBenefits iterates over an NDJSON file of R4 (v2, v3)
// ExplanationOfBenefit resources; see [Decode].
func ExplanationOfBenefits(r io.Reader, opts ...Option) iter.Seq2[*fhir.ExplanationOfBenefit, error] {
	return Decode[fhir.ExplanationOfBenefit](r, opts...)
}

// Patients iterates over an NDJSON file of R4 Patient resources; see [Decode].
func Patients(r io.Reader, opts ...Option) iter.Seq2[*fhir.Patient, error] {
	return Decode[fhir.Patient](r, opts...)
}

// Coverages iterates over an NDJSON file of R4 Coverage resources; see
// [Decode].
func Coverages(r io.Reader, opts ...Option) iter.Seq2[*fhir.Coverage, error] {
	return Decode[fhir.Coverage](r, opts...)
}

// Claims iterates over an NDJSON file of R4 Claim resources (v2 partially
// adjudicated claims); see [Decode].
func Claims(r io.Reader, opts ...Option) iter.Seq2[*fhir.Claim, error] {
	return Decode[fhir.Claim](r, opts...)
}

// ClaimResponses iterates over an NDJSON file of R4 ClaimResponse resources
// (v2); see [Decode].
func ClaimResponses(r io.Reader, opts ...Option) iter.Seq2[*fhir.ClaimResponse, error] {
	return Decode[fhir.ClaimResponse](r, opts...)
}

// OperationOutcomes iterates over a BCDA error file (the manifest's "error"
// entries, including v3's warnings-and-info file); see [Decode]. Unlike the
// other iterators it decodes leniently with [fhir.UnmarshalOperationOutcome]:
// an unknown or empty issue code becomes "processing" and an unknown severity
// "error", so that a message is never lost to a code samply does not know.
func OperationOutcomes(r io.Reader, opts ...Option) iter.Seq2[*fhir.OperationOutcome, error] {
	return decodeWith(r, opts, func(line []byte) (*fhir.OperationOutcome, error) {
		if _, err := decodeLine[struct{}](line, fhir.TypeOperationOutcome); err != nil {
			return nil, err
		}
		return fhir.UnmarshalOperationOutcome(line)
	})
}
