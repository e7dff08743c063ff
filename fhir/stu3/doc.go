// Package stu3 decodes the FHIR STU3 (3.0.1) resources of BCDA's API v1:
// Patient, Coverage and ExplanationOfBenefit in the Blue Button v1 shape.
//
// The structs are lenient on purpose: codes are plain strings, numbers are
// json.Number, and members they do not list are ignored, so that every line
// BCDA v1 serves decodes. They keep the parts of STU3 that differ from R4 —
// the EOB's single insurance object and totalCost/totalBenefit, the
// Coverage's grouping — and the helpers of package fhir are methods here:
// [Patient.MBI], [ExplanationOfBenefit.PatientID],
// [ExplanationOfBenefit.ClaimType], [Coverage.Part] and so on.
//
// [Patients], [Coverages] and [ExplanationOfBenefits] iterate over a v1 file
// with the machinery of package ndjson (bad lines are reported and skipped,
// gzip is detected, decoding runs in parallel).
package stu3
