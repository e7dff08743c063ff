// Package stu3 decodes the FHIR STU3 (3.0.1) resources of BCDA's API v1:
// Patient, Coverage and ExplanationOfBenefit in the Blue Button v1 shape.
//
// The structs are lenient on purpose: codes are plain strings, numbers are
// json.Number, and members they do not list are ignored, so that every line
// BCDA v1 serves decodes. They keep the parts of STU3 that differ from R4 —
// the EOB's single insurance object and totalCost/totalBenefit, the
// Coverage's grouping.
//
// The helpers have the names and results of package fhir's — [MBI], [MBIs],
// [PatientID], [ClaimTypeOf], [BillablePeriod], [Payment], [Part],
// [ActiveOn] — so moving code from v1 to v3 changes only the package name.
//
// Read a v1 file with the machinery of package ndjson (bad lines are
// reported and skipped, decoding runs in parallel), naming the STU3 type:
//
//	for eob, err := range ndjson.Decode[stu3.ExplanationOfBenefit](r) { … }
//
// Each type's ResourceType method lets ndjson.Decode check every line's
// resourceType. This package imports no stream or HTTP package.
package stu3
