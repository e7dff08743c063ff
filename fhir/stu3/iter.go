package stu3

import (
	"io"
	"iter"

	"github.com/bcda-go/bcda/ndjson"
)

// Patients iterates over a v1 Patient NDJSON file; see [ndjson.Decode].
func Patients(r io.Reader, opts ...ndjson.Option) iter.Seq2[*Patient, error] {
	return ndjson.Decode[Patient](r, opts...)
}

// Coverages iterates over a v1 Coverage NDJSON file; see [ndjson.Decode].
func Coverages(r io.Reader, opts ...ndjson.Option) iter.Seq2[*Coverage, error] {
	return ndjson.Decode[Coverage](r, opts...)
}

// ExplanationOfBenefits iterates over a v1 ExplanationOfBenefit NDJSON file;
// see [ndjson.Decode].
func ExplanationOfBenefits(r io.Reader, opts ...ndjson.Option) iter.Seq2[*ExplanationOfBenefit, error] {
	return ndjson.Decode[ExplanationOfBenefit](r, opts...)
}
