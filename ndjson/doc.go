// Package ndjson streams BCDA's NDJSON output files: one FHIR resource per
// line, of any length, plain or gzip-compressed.
//
// [Lines] splits a stream into lines. [Decode] decodes each line into a
// fresh value of the type it is given — fhir.ExplanationOfBenefit,
// fhir.Patient, fhir.Coverage, fhir.Claim, fhir.ClaimResponse,
// fhir.OperationOutcome for R4 (v2, v3), or stu3.ExplanationOfBenefit,
// stu3.Patient, stu3.Coverage for v1 — and yields it with a nil error:
//
//	for eob, err := range ndjson.Decode[fhir.ExplanationOfBenefit](r) {
//		var le *ndjson.LineError
//		if errors.As(err, &le) {
//			log.Printf("skipping line %d: %v", le.Line, le.Err)
//			continue
//		}
//		if err != nil {
//			return err // reading failed
//		}
//		use(eob)
//	}
//
// A bad line (too long, invalid JSON, a code the models reject, the wrong
// resourceType) yields a [*LineError] and iteration goes on; any other error
// ends it. Breaking out of the loop stops the reading.
//
// Decoding gives exactly what encoding/json would, with a faster engine
// (github.com/goccy/go-json) and, by default, on GOMAXPROCS goroutines with
// records still yielded in file order; on a 2-core machine that is several
// times the speed of bufio.Scanner plus encoding/json. Memory stays flat: a
// few hundred kilobytes of buffered lines per worker, whatever the file size.
package ndjson
