package stu3

import (
	"time"

	"github.com/cockroachdb/apd/v3"
	r4 "github.com/samply/golang-fhir-models/fhir-models/fhir"

	"github.com/bcda-go/bcda/fhir"
)

// The helpers below have the names and results of package fhir's, so that
// code moving from v1 to v3 changes only the package it calls. Each carries
// the STU3 fields over to the R4 shape they share and lets package fhir
// decide, so the rules cannot drift apart.

// MBI returns the beneficiary's current Medicare Beneficiary Identifier, or
// "" when the Patient carries none; see [fhir.MBIs] for how "current" is
// decided.
func MBI(p *Patient) string { return fhir.MBI(r4Identifiers(p)) }

// MBIs returns every MBI of the beneficiary, the current one first; see
// [fhir.MBIs].
func MBIs(p *Patient) []fhir.MBIEntry { return fhir.MBIs(r4Identifiers(p)) }

// PatientID returns the logical id of the beneficiary a resource is about:
// the Patient's own id, or the id in an ExplanationOfBenefit's "patient" or
// a Coverage's "beneficiary" reference; "" when there is none. See
// [fhir.PatientID].
func PatientID[R *Patient | *ExplanationOfBenefit | *Coverage](r R) string {
	switch v := any(r).(type) {
	case *Patient:
		if v != nil {
			return v.ID
		}
	case *ExplanationOfBenefit:
		if v != nil {
			return fhir.ReferenceID(v.Patient.Reference, fhir.TypePatient)
		}
	case *Coverage:
		if v != nil {
			return fhir.ReferenceID(v.Beneficiary.Reference, fhir.TypePatient)
		}
	}
	return ""
}

// ClaimTypeOf returns the Medicare claim type of an ExplanationOfBenefit
// from its type codings, or "" if unknown; see [fhir.ClaimTypeOf].
func ClaimTypeOf(e *ExplanationOfBenefit) fhir.ClaimType {
	if e == nil {
		return ""
	}
	return fhir.ClaimTypeOf(&fhir.ExplanationOfBenefit{Type: r4Concept(&e.Type)})
}

// BillablePeriod returns the parsed billablePeriod; an absent bound is the
// zero time. See [fhir.BillablePeriod].
func BillablePeriod(e *ExplanationOfBenefit) (start, end time.Time, err error) {
	if e == nil || e.BillablePeriod == nil {
		return time.Time{}, time.Time{}, nil
	}
	return fhir.BillablePeriod(&fhir.ExplanationOfBenefit{BillablePeriod: r4Period(e.BillablePeriod)})
}

// Payment returns the amount paid on the claim (payment.amount.value) as an
// exact decimal, and false when there is none; see [fhir.Payment] and
// [fhir.Decimal].
func Payment(e *ExplanationOfBenefit) (*apd.Decimal, bool) {
	if e == nil || e.Payment == nil || e.Payment.Amount == nil || e.Payment.Amount.Value == "" {
		return nil, false
	}
	return fhir.Decimal(&e.Payment.Amount.Value)
}

// Part returns the Medicare part of a Coverage: from grouping.subPlan
// ("Part A"), else the type's codings, else the id ("part-a-…"); "" when
// none says. See [fhir.Part].
func Part(c *Coverage) fhir.MedicarePart {
	if c == nil {
		return ""
	}
	if c.Grouping != nil {
		plan := r4.CoverageClass{Type: r4.CodeableConcept{Coding: []r4.Coding{{Code: ptr("plan")}}}, Value: c.Grouping.SubPlan}
		if p := fhir.Part(&fhir.Coverage{Class: []r4.CoverageClass{plan}}); p != "" {
			return p
		}
	}
	if c.Type != nil {
		t := r4Concept(c.Type)
		if p := fhir.Part(&fhir.Coverage{Type: &t}); p != "" {
			return p
		}
	}
	return fhir.Part(&fhir.Coverage{Id: ptr(c.ID)})
}

// ActiveOn reports whether a Coverage is in force at t: its status is
// "active" and t lies within its period; see [fhir.ActiveOn].
func ActiveOn(c *Coverage, t time.Time) bool {
	if c == nil || c.Status != "active" {
		return false
	}
	return fhir.ActiveOn(&fhir.Coverage{Status: r4.FinancialResourceStatusCodesActive, Period: r4Period(c.Period)}, t)
}

// r4Identifiers carries a Patient's identifiers over to an R4 Patient, whose
// Identifier has the same shape.
func r4Identifiers(p *Patient) *fhir.Patient {
	if p == nil {
		return nil
	}
	var out fhir.Patient
	for _, id := range p.Identifier {
		r := r4.Identifier{System: ptr(id.System), Value: ptr(id.Value), Period: r4Period(id.Period)}
		for _, e := range id.Extension {
			x := r4.Extension{Url: e.URL}
			if e.ValueCoding != nil {
				x.ValueCoding = &r4.Coding{System: ptr(e.ValueCoding.System), Code: ptr(e.ValueCoding.Code)}
			}
			r.Extension = append(r.Extension, x)
		}
		out.Identifier = append(out.Identifier, r)
	}
	return &out
}

// r4Concept carries the codings of a CodeableConcept over.
func r4Concept(c *CodeableConcept) r4.CodeableConcept {
	var out r4.CodeableConcept
	for _, cd := range c.Coding {
		out.Coding = append(out.Coding, r4.Coding{System: ptr(cd.System), Code: ptr(cd.Code)})
	}
	return out
}

// r4Period carries a Period over; nil stays nil.
func r4Period(p *Period) *r4.Period {
	if p == nil {
		return nil
	}
	return &r4.Period{Start: ptr(p.Start), End: ptr(p.End)}
}

// ptr returns a pointer to s, or nil for "".
func ptr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
