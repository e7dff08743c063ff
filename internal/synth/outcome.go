package synth

import (
	"fmt"
	"io"

	"github.com/bcda-go/bcda/fhir"
)

// WarningsAndInfo is the single line of the warnings-and-info.ndjson file
// that BCDA v3 lists in a manifest's error[] array, newline included.
const WarningsAndInfo = `{"resourceType":"OperationOutcome","issue":[{"severity":"warning","code":"processing","details":{"text":"Default System-Type behavior includes only claims from NCH and DDPS in this export."}}]}` + "\n"

// WriteOperationOutcome writes one error-file line: an OperationOutcome
// with a single issue, in the field order BCDA's worker writes (it uses a
// struct, not a map, so these lines are NOT key-sorted), ending in '\n'.
func WriteOperationOutcome(w io.Writer, severity, code, diagnostics string) error {
	b := make([]byte, 0, 128+len(diagnostics))
	b = append(b, `{"resourceType":"OperationOutcome","issue":[{"severity":`...)
	b = appendString(b, severity)
	b = append(b, `,"code":`...)
	b = appendString(b, code)
	b = append(b, `,"diagnostics":`...)
	b = appendString(b, diagnostics)
	b = append(b, "}]}\n"...)
	_, err := w.Write(b)
	return err
}

// WriteRetrievalErrors writes, for each beneficiary index, the error-file
// line BCDA writes when it cannot retrieve resources of type typ for that
// beneficiary ("Error retrieving ExplanationOfBenefit for beneficiary MBI
// … in ACO …"). It returns the number of lines written.
func (d Dataset) WriteRetrievalErrors(w io.Writer, typ fhir.ResourceType, acoID string, indices ...int) (int, error) {
	for n, i := range indices {
		if i < 0 || i >= d.Beneficiaries {
			return n, fmt.Errorf("%w: index %d of %d beneficiaries", ErrRange, i, d.Beneficiaries)
		}
		msg := fmt.Sprintf("Error retrieving %s for beneficiary MBI %s in ACO %s", typ, d.MBI(i), acoID)
		if err := WriteOperationOutcome(w, "error", "not-found", msg); err != nil {
			return n, err
		}
	}
	return len(indices), nil
}
