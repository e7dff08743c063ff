package ndjson

import (
	"encoding/json"
	"fmt"
	"io"
	"iter"

	gojson "github.com/goccy/go-json"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/outcome"
)

// Decode iterates over the resources of an NDJSON stream, decoding each line
// into a new T. Each record is yielded as a fresh *T that the caller owns.
// T names the resource: fhir.ExplanationOfBenefit, fhir.Patient,
// fhir.Coverage, fhir.Claim, fhir.ClaimResponse and fhir.OperationOutcome for
// v2 and v3 (R4), stu3.ExplanationOfBenefit, stu3.Patient and stu3.Coverage
// for v1, or any struct of your own.
//
// A bad line yields (nil, *[LineError]) and iteration goes on with the next
// line: a line that is too long, not valid JSON, or that the model rejects
// (samply's R4 types reject unknown codes). When T is one of the resource
// types of package fhir or fhir/stu3 (or has a method
// ResourceType() fhir.ResourceType), each line's resourceType is checked
// with [fhir.Peek] first, and a mismatch is a LineError wrapping
// [ErrResourceType]. Nothing partly decoded is ever yielded. A read error
// yields (nil, err) and ends the iteration; so does an invalid [Option].
// Stopping the range loop stops the reading and the decoding goroutines
// before the loop statement returns.
//
// Values are exactly what encoding/json.Unmarshal would produce (the same
// value, and an error for the same lines, with encoding/json's message), but
// decoded with the faster github.com/goccy/go-json, which honours the models'
// UnmarshalJSON methods; a line it rejects is decoded again with
// encoding/json, so errors read as they would with the standard library.
// With [Workers] above 1 (the default on a multi-core machine), lines are
// decoded on several goroutines and yielded in file order, so any
// UnmarshalJSON method of T must be safe for concurrent use (samply's are);
// should one panic, the panic is raised on the caller's goroutine when that
// line's turn comes, as it would be with one worker.
// A missing required code is not an error: samply decodes it as the first
// value of its enum (see package fhir).
//
// Decode[fhir.OperationOutcome] reads a BCDA error file (the manifest's
// "error" entries, v3's warnings-and-info file included) leniently: an
// unknown or empty issue code becomes "processing" and an unknown severity
// "error", so that a message is never lost to a code samply does not know.
func Decode[T any](r io.Reader, opts ...Option) iter.Seq2[*T, error] {
	want := resourceTypeOf[T]()
	if _, ok := any((*T)(nil)).(*fhir.OperationOutcome); ok {
		return decodeWith(r, opts, func(line []byte) (*T, error) {
			if _, err := decodeLine[struct{}](line, want); err != nil {
				return nil, err
			}
			oo, err := outcome.Unmarshal(line)
			return any(oo).(*T), err
		})
	}
	return decodeWith(r, opts, func(line []byte) (*T, error) {
		return decodeLine[T](line, want)
	})
}

// resourceTyper is implemented by resource structs that know their type.
type resourceTyper interface {
	ResourceType() fhir.ResourceType
}

// resourceTypeOf returns the resourceType lines must have to decode into T,
// or "" when T is not a known resource type.
func resourceTypeOf[T any]() fhir.ResourceType {
	switch any((*T)(nil)).(type) {
	case *fhir.Patient:
		return fhir.TypePatient
	case *fhir.Coverage:
		return fhir.TypeCoverage
	case *fhir.ExplanationOfBenefit:
		return fhir.TypeExplanationOfBenefit
	case *fhir.Claim:
		return fhir.TypeClaim
	case *fhir.ClaimResponse:
		return fhir.TypeClaimResponse
	case *fhir.OperationOutcome:
		return fhir.TypeOperationOutcome
	case *fhir.CapabilityStatement:
		return "CapabilityStatement"
	}
	if rt, ok := any(new(T)).(resourceTyper); ok {
		return rt.ResourceType()
	}
	return ""
}

// decodeLine decodes one line as Decode documents.
func decodeLine[T any](line []byte, want fhir.ResourceType) (*T, error) {
	if want != "" {
		got, _, err := fhir.Peek(line)
		switch {
		case err == nil && got != want:
			return nil, fmt.Errorf("%w %q, want %q", ErrResourceType, got, want)
		case err != nil:
			// Prefer encoding/json's account of malformed JSON.
			if jerr := json.Unmarshal(line, new(T)); jerr != nil {
				return nil, jerr
			}
			if err == fhir.ErrNoResourceType {
				return nil, fmt.Errorf("%w: none, want %q", ErrResourceType, want)
			}
			// Valid JSON but not an object with a resourceType (null).
			return nil, fmt.Errorf("%w: not a resource, want %q (%v)", ErrResourceType, want, err)
		}
	}
	return unmarshal[T](line)
}

// unmarshal decodes like encoding/json.Unmarshal, faster.
func unmarshal[T any](line []byte) (*T, error) {
	v := new(T)
	if fastUnmarshal(line, v) {
		return v, nil
	}
	// go-json stops at the first error as encoding/json does, but its
	// messages differ in places: let the standard library decide and word
	// the failure.
	v = new(T)
	if err := json.Unmarshal(line, v); err != nil {
		return nil, err
	}
	return v, nil
}

// fastUnmarshal decodes with go-json and reports success. A panic in it (none
// is known; fuzzing found none) counts as a failure, so that encoding/json
// has the last word rather than the caller's program crashing.
func fastUnmarshal(line []byte, v any) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return gojson.Unmarshal(line, v) == nil
}
