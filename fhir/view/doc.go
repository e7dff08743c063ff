// Package view runs SQL on FHIR v2 ViewDefinitions over FHIR resources: it
// flattens nested JSON resources (BCDA's ExplanationOfBenefit, Coverage,
// Patient) into typed rows that a database or a CSV writer can take as they
// are.
//
// A ViewDefinition (https://sql-on-fhir.org/ig/StructureDefinition-ViewDefinition.html)
// is read with [Parse], checked and compiled once with [Compile], then run
// over any number of resources: one at a time with [View.Eval], or over an
// NDJSON stream with [View.Rows], which decodes each line once, evaluates
// on several goroutines and yields rows in file order.
//
// What is supported is the shareable part of the specification: select,
// column (with type and collection), forEach, forEachOrNull, repeat,
// unionAll, nested selects, where, constant and the %rowIndex environment
// variable, and the FHIRPath subset the Shareable View Definition profile
// requires (literals, paths, indexers, where, exists, empty, first, ofType,
// extension, not, and/or/xor/implies, = != < <= > >=, + - * / div mod &, |)
// plus getResourceKey, getReferenceKey, join, lowBoundary and highBoundary,
// and a few cheap extras (last, count, in, contains). Anything else is
// refused by Compile, with an error naming the view element (such as
// select[1].column[0].path) and the position in the expression.
//
// Conformance: the command in cmd/sof-conformance runs a directory of
// test files in the specification's published format (tests/*.json of
// FHIR/sql-on-fhir-v2) and writes test_report.json. All 134 tests of the
// specification at commit 49fc1ad (May 2026) pass, the 123 shareable ones
// and the 11 experimental ones (join, lowBoundary, highBoundary).
//
// Values in a [Row] are typed by the column's FHIR type: boolean → bool;
// integer, positiveInt, unsignedInt and integer64 → int64; decimal →
// json.Number holding the source text exactly; every other primitive →
// string; an empty result → nil; a collection column → []any. A column
// without a type gets the natural type of its value.
package view
