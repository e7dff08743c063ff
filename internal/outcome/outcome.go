// Package outcome decodes the OperationOutcomes BCDA sends leniently, for
// the client's errors and ndjson's error files alike.
package outcome

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"

	r4 "github.com/samply/golang-fhir-models/fhir-models/fhir"

	"github.com/bcda-go/bcda/fhir"
)

// Unmarshal decodes an OperationOutcome leniently. samply's
// model rejects any issue code or severity outside the R4 value sets, but
// BCDA sends "code": "" for some errors (its generic status mapping). Here an
// unknown or empty issue code becomes "processing" and an unknown severity
// becomes "error", so the diagnostics, which carry the message, survive.
// Everything else must be valid: malformed JSON or other mismatches are
// errors, as with encoding/json.
func Unmarshal(b []byte) (*fhir.OperationOutcome, error) {
	var oo fhir.OperationOutcome
	err := json.Unmarshal(b, &oo)
	if err == nil {
		return &oo, nil
	}
	fixed, ok := fixIssueCodes(b)
	if !ok {
		return nil, err
	}
	oo = fhir.OperationOutcome{}
	if json.Unmarshal(fixed, &oo) != nil {
		return nil, err
	}
	return &oo, nil
}

// fixIssueCodes rewrites unknown issue codes and severities; ok is false when
// there was nothing to fix.
func fixIssueCodes(b []byte) ([]byte, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if dec.Decode(&m) != nil {
		return nil, false
	}
	// Like json.Unmarshal, refuse anything after the value: the fix must
	// not turn malformed input into an outcome.
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, false
	}
	issues, _ := m["issue"].([]any)
	changed := false
	for _, it := range issues {
		issue, _ := it.(map[string]any)
		if issue == nil {
			continue
		}
		if !validCode(issue["code"], (*r4.IssueType).UnmarshalJSON) {
			issue["code"] = r4.IssueTypeProcessing.Code()
			changed = true
		}
		if !validCode(issue["severity"], (*r4.IssueSeverity).UnmarshalJSON) {
			issue["severity"] = r4.IssueSeverityError.Code()
			changed = true
		}
	}
	if !changed {
		return nil, false
	}
	out, err := json.Marshal(m)
	return out, err == nil
}

// validCode reports whether v is a string that samply's enum C accepts,
// asking the enum's own UnmarshalJSON so the value sets cannot drift.
func validCode[C any](v any, unmarshal func(*C, []byte) error) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	raw, _ := json.Marshal(s)
	var c C
	return unmarshal(&c, raw) == nil
}
