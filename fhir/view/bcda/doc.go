// Package bcda holds the built-in SQL on FHIR views for BCDA data: seven
// ViewDefinitions that flatten an export into the tables an ACO analyses,
// for each BCDA API version (v2 and v3 data, FHIR R4; v1 data, FHIR STU3).
//
// The views, by name ([Names] lists them in load order):
//
//	beneficiaries  Patient              one row per beneficiary: current MBI, birth and death
//	                                    dates, sex, name, first address
//	enrollment     Coverage             one row per Coverage: Medicare part, status, period
//	claims         ExplanationOfBenefit one row per claim: type, status, outcome, billable
//	                                    period, provider, payment, totals, claim group
//	claim_lines    ExplanationOfBenefit one row per claim line (item)
//	diagnoses      ExplanationOfBenefit one row per claim diagnosis
//	procedures     ExplanationOfBenefit one row per claim procedure
//	part_d_events  ExplanationOfBenefit one row per Part D prescription drug event
//
// Every column of every view, with its source field and what differs between
// versions, is described in the view's JSON (the column "description"), and
// [view.View.Columns] returns those descriptions; the views follow both the
// Shareable and the Tabular ViewDefinition profiles (a url, a name, a
// fhirVersion, a type on every column, no collections), so any SQL on FHIR
// runner can run them. The JSON files are embedded: [JSON] returns them as
// shipped.
//
// # Which version of a claim counts
//
// When Medicare adjusts a claim, BCDA keeps serving the earlier version with
// ExplanationOfBenefit.status "cancelled" and the current one with "active"
// (BCDA documents the two values in bcda-static-site
// src/_pages/bcda-data/comparison-bcda-cclf-files.md). Every claim view
// therefore carries the where
//
//	{"path": "status = 'active'", "description": "current-version: …"}
//
// so that a sum over claims counts each claim once. [AllVersions] drops that
// where and keeps every version, with the status column telling them apart.
//
// # Version differences worth knowing
//
// The current MBI: v2 lists current and historic MBIs and marks each with the
// identifier-currency extension inside identifier.type.coding; v1 puts that
// extension on the identifier itself; v3 marks nothing and gives each MBI a
// period, the current one without an end (shared/reference/fidelity-audit.md,
// item 2, and the real sample lines). Claim types come from the EOB-TYPE code
// system on v3 and the older eob-type system on v1/v2; v1/v2 claims carry a
// claim-group identifier, v3 claims none; v3 marks final action in meta.tag.
//
// # Sources
//
// Every path was written against BCDA's real lines (the sample files
// described in ../shared/samples/README.md, one per version and resource
// type) and checked on them by this package's tests: the identifier
// systems (us-mbi, clm_id, pde_id, claim-group, the C4BB "uc" type), the
// claim type code systems (also in package fhir's claimtype.go), v3's
// contained "#insurer-org" beside the contained provider, v3's Final-Action
// meta.tag, and Part D's C4BB supportingInfo codes (dayssupply, refillnum)
// as v2 sends them. No real v3 Part D event was available: the v3
// part_d_events view assumes the same C4BB codes as v2 and is tested on
// hand-written lines only.
//
// Typical use, with the runner of package view:
//
//	views, err := bcda.All(bcda.V3)
//	for _, v := range views { ... v.Rows(ctx, file) ... }
package bcda
