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
