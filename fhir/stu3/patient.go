package stu3

import (
	"github.com/bcda-go/bcda/fhir"
)

// Patient is a BCDA v1 (STU3) Patient: one beneficiary.
type Patient struct {
	ID               string       `json:"id"`
	Meta             *Meta        `json:"meta,omitempty"`
	Extension        []Extension  `json:"extension,omitempty"`
	Identifier       []Identifier `json:"identifier,omitempty"`
	Name             []HumanName  `json:"name,omitempty"`
	Gender           string       `json:"gender,omitempty"`
	BirthDate        string       `json:"birthDate,omitempty"`
	DeceasedBoolean  *bool        `json:"deceasedBoolean,omitempty"`
	DeceasedDateTime string       `json:"deceasedDateTime,omitempty"`
	Address          []Address    `json:"address,omitempty"`
}

// ResourceType returns [fhir.TypePatient].
func (*Patient) ResourceType() fhir.ResourceType { return fhir.TypePatient }

// MBI returns the beneficiary's current Medicare Beneficiary Identifier (the
// us-mbi identifier marked "current"), or "".
func (p *Patient) MBI() string {
	return fhir.MBI(p.r4Identifiers())
}

// MBIs returns every MBI of the beneficiary, the current one first; see
// [fhir.MBIs].
func (p *Patient) MBIs() []fhir.MBIEntry {
	return fhir.MBIs(p.r4Identifiers())
}

// r4Identifiers carries the identifiers over to an R4 Patient, whose
// Identifier has the same shape, so the rules of package fhir apply as they
// are.
func (p *Patient) r4Identifiers() *fhir.Patient {
	if p == nil {
		return nil
	}
	var out fhir.Patient
	for _, id := range p.Identifier {
		r := fhir.Identifier{System: ptr(id.System), Value: ptr(id.Value)}
		if id.Period != nil {
			r.Period = &fhir.Period{Start: ptr(id.Period.Start), End: ptr(id.Period.End)}
		}
		for _, e := range id.Extension {
			x := fhir.Extension{Url: e.URL}
			if e.ValueCoding != nil {
				x.ValueCoding = &fhir.Coding{System: ptr(e.ValueCoding.System), Code: ptr(e.ValueCoding.Code)}
			}
			r.Extension = append(r.Extension, x)
		}
		out.Identifier = append(out.Identifier, r)
	}
	return &out
}

// ptr returns a pointer to s, or nil for "".
func ptr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
