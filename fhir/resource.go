package fhir

import r4 "github.com/samply/golang-fhir-models/fhir-models/fhir"

// ResourceType names a FHIR resource type as it appears in a resource's
// "resourceType" member and in a bulk-data manifest's "type" field.
// Unknown values pass through unchanged so that a newer server never breaks an
// older client.
type ResourceType string

// The resource types BCDA serves. Claim and ClaimResponse exist on v2 only
// (partially adjudicated claims for REACH ACOs); OperationOutcome is the type
// of the manifest's error files.
const (
	TypePatient              ResourceType = "Patient"
	TypeCoverage             ResourceType = "Coverage"
	TypeExplanationOfBenefit ResourceType = "ExplanationOfBenefit"
	TypeClaim                ResourceType = "Claim"
	TypeClaimResponse        ResourceType = "ClaimResponse"
	TypeOperationOutcome     ResourceType = "OperationOutcome"
)

// R4 resource types, as modelled by samply's generated structs. They are
// aliases, so values convert freely to and from the samply package.
type (
	Patient              = r4.Patient
	Coverage             = r4.Coverage
	ExplanationOfBenefit = r4.ExplanationOfBenefit
	Claim                = r4.Claim
	ClaimResponse        = r4.ClaimResponse
	OperationOutcome     = r4.OperationOutcome
	CapabilityStatement  = r4.CapabilityStatement
)
