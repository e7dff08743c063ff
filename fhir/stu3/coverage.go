package stu3

import "github.com/bcda-go/bcda/fhir"

// Coverage is a BCDA v1 (STU3) Coverage: one Medicare part of one
// beneficiary. Its part is in Grouping.SubPlan ("Part A"…).
type Coverage struct {
	ID           string            `json:"id"`
	Meta         *Meta             `json:"meta,omitempty"`
	Extension    []Extension       `json:"extension,omitempty"`
	Identifier   []Identifier      `json:"identifier,omitempty"`
	Status       string            `json:"status,omitempty"`
	Type         *CodeableConcept  `json:"type,omitempty"`
	Subscriber   *Reference        `json:"subscriber,omitempty"`
	SubscriberID string            `json:"subscriberId,omitempty"`
	Beneficiary  Reference         `json:"beneficiary"`
	Relationship *CodeableConcept  `json:"relationship,omitempty"`
	Period       *Period           `json:"period,omitempty"`
	Payor        []Reference       `json:"payor,omitempty"`
	Grouping     *CoverageGrouping `json:"grouping,omitempty"`
	Order        *int              `json:"order,omitempty"`
	Network      string            `json:"network,omitempty"`
	Contract     []Reference       `json:"contract,omitempty"`
}

// CoverageGrouping is STU3's plan classification, replaced by class in R4.
type CoverageGrouping struct {
	Group           string `json:"group,omitempty"`
	GroupDisplay    string `json:"groupDisplay,omitempty"`
	SubGroup        string `json:"subGroup,omitempty"`
	SubGroupDisplay string `json:"subGroupDisplay,omitempty"`
	Plan            string `json:"plan,omitempty"`
	PlanDisplay     string `json:"planDisplay,omitempty"`
	SubPlan         string `json:"subPlan,omitempty"`
	SubPlanDisplay  string `json:"subPlanDisplay,omitempty"`
	Class           string `json:"class,omitempty"`
	ClassDisplay    string `json:"classDisplay,omitempty"`
	SubClass        string `json:"subClass,omitempty"`
	SubClassDisplay string `json:"subClassDisplay,omitempty"`
}

// ResourceType returns [fhir.TypeCoverage].
func (*Coverage) ResourceType() fhir.ResourceType { return fhir.TypeCoverage }
