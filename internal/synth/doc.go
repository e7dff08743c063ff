// Package synth generates the project's own deterministic synthetic BCDA data.
//
// A [Dataset] is one ACO's population of synthetic Medicare beneficiaries,
// selected by a seed. [Dataset.Write] streams one NDJSON output file (a
// resource type, an API version and a range of beneficiaries) the way BCDA
// serves it: compact JSON, keys sorted alphabetically at every level as Go's
// json.Marshal of a map emits them, numbers printed as float64, `<`, `>` and
// `&` escaped, one resource per line, every line ending in '\n'.
//
// The shapes follow the real BCDA data: v3 is R4 / CARIN Blue Button 2.2.0
// (Patient, Coverage and ExplanationOfBenefit for carrier, DME, inpatient,
// outpatient, SNF, HHA, hospice and Part D events), v2 is R4 in the Blue
// Button 2.0 shapes BFD v2 writes (MBI currency on the identifier's type
// coding, monthly Coverage extensions; EOBs with their own writer,
// eob_v2.go: CCW variables under /resources/variables/ as extensions and
// code systems, benefitBalance, supportingInfo, careTeam and adjudication
// categories per claim type, pde_id on Part D events) plus partially
// adjudicated Claim and ClaimResponse, and v1 is FHIR STU3 in
// the Blue Button v1 shape BFD v1 writes (EOBs with their own writer,
// eob_stu3.go: carrier claims as the real v1 carrier lines have them,
// claim totals and line payment codes included; DME, institutional and Part D
// claims as BFD v1's transformers write them, with the CCW variables v2
// uses for the same data). TestShapeMatchesSamples compares every version
// and type with the real lines in ../shared/samples; the differences that
// remain are listed with their reasons in testdata/shape-allowlist.txt. Every R4 line decodes with the samply
// models.
//
// Output is a pure function of the seed and the beneficiary index: each
// beneficiary and each of its claims draws from its own random stream, so any
// range of beneficiaries can be generated independently (in parallel, in any
// order) and the bytes never change between runs. Dates are relative to a
// reference instant derived from the seed ([Dataset.Reference]), never to the
// wall clock; every resource's meta.lastUpdated lies in the two years before
// it, which makes _since filtering meaningful.
//
// Real-data quirks are reproduced on purpose, so that consumers are tested
// against them: negative-number ids, PDE claims without an insurer and
// sometimes with a provider that holds only a data-absent-reason
// extension, adjudications with a numeric value instead of an amount,
// insurance.coverage with only a display, mojibake in code displays, and
// strings that need HTML escaping.
//
// Volume: about 8.4 claims per beneficiary. EOB lines are mostly 12–36 KB in
// v2, 9–35 KB in v3 (PDE smallest, inpatient and DME with many lines
// largest) and 6–44 KB in v1 (carrier claims mostly 9–25 KB; the real
// one-line ones are 8.4 KB); about 1 claim in 100 is long (75–130 KB, past the 74 KB of the
// longest real line) and 1 in 4,000 has 80 lines, past 256 KiB for most
// claim types (v2 HHA and SNF lines stay shorter), so that line-length
// limits meet real-sized data; v1 Part D Coverage lines reach ~30 KB. The extra-large sandbox ACO
// (30,000 beneficiaries) exports 244,615 v3 EOBs: 5.29 GB of NDJSON, about
// 355 MB gzipped. Keep test ranges small.
//
// The generator never holds more than one resource in memory and writes
// JSON with a hand-rolled append-based encoder (no reflection), with a flat
// heap. Measured on one core of a 2-core AMD EPYC VM: v3 EOB ≈ 310 MB/s,
// v3 Patient ≈ 265 MB/s of NDJSON; v2 EOB runs at about 1.5–1.7 times and
// v1 EOB at about 1.4 times v3 EOB's rate in the same run
// (go test -run '^$' -bench BenchmarkWrite -benchmem ./internal/synth/).
package synth
