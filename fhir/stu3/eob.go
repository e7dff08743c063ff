package stu3

import (
	"encoding/json"

	"github.com/bcda-go/bcda/fhir"
)

// ExplanationOfBenefit is a BCDA v1 (STU3) claim. Unlike R4, insurance is a
// single object, outcome a CodeableConcept, and the totals are totalCost,
// totalBenefit and unallocDeductable.
type ExplanationOfBenefit struct {
	ID                   string            `json:"id"`
	Meta                 *Meta             `json:"meta,omitempty"`
	Extension            []Extension       `json:"extension,omitempty"`
	Identifier           []Identifier      `json:"identifier,omitempty"`
	Status               string            `json:"status,omitempty"`
	Type                 CodeableConcept   `json:"type"`
	SubType              []CodeableConcept `json:"subType,omitempty"`
	Patient              Reference         `json:"patient"`
	BillablePeriod       *Period           `json:"billablePeriod,omitempty"`
	Created              string            `json:"created,omitempty"`
	Enterer              *Reference        `json:"enterer,omitempty"`
	Insurer              *Reference        `json:"insurer,omitempty"`
	Provider             *Reference        `json:"provider,omitempty"`
	Organization         *Reference        `json:"organization,omitempty"`
	Referral             *Reference        `json:"referral,omitempty"`
	Facility             *Reference        `json:"facility,omitempty"`
	Claim                *Reference        `json:"claim,omitempty"`
	Outcome              *CodeableConcept  `json:"outcome,omitempty"`
	Disposition          string            `json:"disposition,omitempty"`
	CareTeam             []CareTeam        `json:"careTeam,omitempty"`
	Information          []Information     `json:"information,omitempty"`
	Diagnosis            []Diagnosis       `json:"diagnosis,omitempty"`
	Procedure            []Procedure       `json:"procedure,omitempty"`
	Precedence           *int              `json:"precedence,omitempty"`
	Insurance            *Insurance        `json:"insurance,omitempty"`
	Item                 []Item            `json:"item,omitempty"`
	TotalCost            *Money            `json:"totalCost,omitempty"`
	UnallocDeductable    *Money            `json:"unallocDeductable,omitempty"`
	TotalBenefit         *Money            `json:"totalBenefit,omitempty"`
	Payment              *ClaimPayment     `json:"payment,omitempty"`
	BenefitBalance       []json.RawMessage `json:"benefitBalance,omitempty"`
	Contained            []json.RawMessage `json:"contained,omitempty"`
	Related              []json.RawMessage `json:"related,omitempty"`
	Prescription         *Reference        `json:"prescription,omitempty"`
	OriginalPrescription *Reference        `json:"originalPrescription,omitempty"`
	Payee                *json.RawMessage  `json:"payee,omitempty"`
	Form                 *CodeableConcept  `json:"form,omitempty"`
	ProcessNote          []json.RawMessage `json:"processNote,omitempty"`
	AddItem              []json.RawMessage `json:"addItem,omitempty"`
	Accident             *json.RawMessage  `json:"accident,omitempty"`
	Hospitalization      *Period           `json:"hospitalization,omitempty"`
	EmploymentImpacted   *Period           `json:"employmentImpacted,omitempty"`
}

// CareTeam is a member of the claim's care team.
type CareTeam struct {
	Sequence      int              `json:"sequence"`
	Provider      Reference        `json:"provider"`
	Responsible   *bool            `json:"responsible,omitempty"`
	Role          *CodeableConcept `json:"role,omitempty"`
	Qualification *CodeableConcept `json:"qualification,omitempty"`
	Extension     []Extension      `json:"extension,omitempty"`
}

// Information is supporting information (R4's supportingInfo).
type Information struct {
	Sequence       int              `json:"sequence"`
	Category       CodeableConcept  `json:"category"`
	Code           *CodeableConcept `json:"code,omitempty"`
	TimingDate     string           `json:"timingDate,omitempty"`
	TimingPeriod   *Period          `json:"timingPeriod,omitempty"`
	ValueString    string           `json:"valueString,omitempty"`
	ValueQuantity  *Quantity        `json:"valueQuantity,omitempty"`
	ValueReference *Reference       `json:"valueReference,omitempty"`
	Reason         *Coding          `json:"reason,omitempty"`
}

// Diagnosis is a diagnosis on the claim.
type Diagnosis struct {
	Sequence                 int               `json:"sequence"`
	DiagnosisCodeableConcept *CodeableConcept  `json:"diagnosisCodeableConcept,omitempty"`
	DiagnosisReference       *Reference        `json:"diagnosisReference,omitempty"`
	Type                     []CodeableConcept `json:"type,omitempty"`
	PackageCode              *CodeableConcept  `json:"packageCode,omitempty"`
}

// Procedure is a procedure performed.
type Procedure struct {
	Sequence                 int              `json:"sequence"`
	Date                     string           `json:"date,omitempty"`
	ProcedureCodeableConcept *CodeableConcept `json:"procedureCodeableConcept,omitempty"`
	ProcedureReference       *Reference       `json:"procedureReference,omitempty"`
}

// Insurance is the coverage the claim was paid under (one object in STU3).
type Insurance struct {
	Coverage   Reference `json:"coverage"`
	PreAuthRef []string  `json:"preAuthRef,omitempty"`
}

// Item is a claim line.
type Item struct {
	Sequence                int               `json:"sequence"`
	Extension               []Extension       `json:"extension,omitempty"`
	CareTeamLinkID          []int             `json:"careTeamLinkId,omitempty"`
	DiagnosisLinkID         []int             `json:"diagnosisLinkId,omitempty"`
	ProcedureLinkID         []int             `json:"procedureLinkId,omitempty"`
	InformationLinkID       []int             `json:"informationLinkId,omitempty"`
	Revenue                 *CodeableConcept  `json:"revenue,omitempty"`
	Category                *CodeableConcept  `json:"category,omitempty"`
	Service                 *CodeableConcept  `json:"service,omitempty"`
	Modifier                []CodeableConcept `json:"modifier,omitempty"`
	ProgramCode             []CodeableConcept `json:"programCode,omitempty"`
	ServicedDate            string            `json:"servicedDate,omitempty"`
	ServicedPeriod          *Period           `json:"servicedPeriod,omitempty"`
	LocationCodeableConcept *CodeableConcept  `json:"locationCodeableConcept,omitempty"`
	LocationAddress         *Address          `json:"locationAddress,omitempty"`
	LocationReference       *Reference        `json:"locationReference,omitempty"`
	Quantity                *Quantity         `json:"quantity,omitempty"`
	UnitPrice               *Money            `json:"unitPrice,omitempty"`
	Factor                  json.Number       `json:"factor,omitempty"`
	Net                     *Money            `json:"net,omitempty"`
	Adjudication            []Adjudication    `json:"adjudication,omitempty"`
	Detail                  []json.RawMessage `json:"detail,omitempty"`
}

// Adjudication is an amount or value the payer determined.
type Adjudication struct {
	Category CodeableConcept  `json:"category"`
	Reason   *CodeableConcept `json:"reason,omitempty"`
	Amount   *Money           `json:"amount,omitempty"`
	Value    json.Number      `json:"value,omitempty"`
}

// ClaimPayment is the payment made on the claim (the EOB's payment).
type ClaimPayment struct {
	Type             *CodeableConcept `json:"type,omitempty"`
	Adjustment       *Money           `json:"adjustment,omitempty"`
	AdjustmentReason *CodeableConcept `json:"adjustmentReason,omitempty"`
	Date             string           `json:"date,omitempty"`
	Amount           *Money           `json:"amount,omitempty"`
	Identifier       *Identifier      `json:"identifier,omitempty"`
}

// ResourceType returns [fhir.TypeExplanationOfBenefit].
func (*ExplanationOfBenefit) ResourceType() fhir.ResourceType {
	return fhir.TypeExplanationOfBenefit
}
