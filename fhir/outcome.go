package fhir

import (
	"bytes"
	"encoding/json"

	r4 "github.com/samply/golang-fhir-models/fhir-models/fhir"
)

// UnmarshalOperationOutcome decodes an OperationOutcome leniently. samply's
// model rejects any issue code or severity outside the R4 value sets, but
// BCDA sends "code": "" for some errors (its generic status mapping). Here an
// unknown or empty issue code becomes "processing" and an unknown severity
// becomes "error", so the diagnostics, which carry the message, survive.
// Everything else must be valid: malformed JSON or other mismatches are
// errors, as with encoding/json.
func UnmarshalOperationOutcome(b []byte) (*OperationOutcome, error) {
	var oo OperationOutcome
	err := json.Unmarshal(b, &oo)
	if err == nil {
		return &oo, nil
	}
	fixed, ok := fixIssueCodes(b)
	if !ok {
		return nil, err
	}
	oo = OperationOutcome{}
	if json.Unmarshal(fixed, &oo) != nil {
		return nil, err
	}
	return &oo, nil
}

// IssueMessage returns the human-readable message of one OperationOutcome
// issue: its diagnostics, else its details.text, else the display of its
// first details coding that has one; "" when the issue carries none.
//
// BCDA puts the message in different places by version
// (../shared/reference/bcda-server.md §8 "Error body shapes", from
// CMSgov/bcda-app responseutils/writer.go, v2/writer.go, v3/writer.go):
// v1 fills diagnostics only, v2 diagnostics plus details, v3 details.text
// only; the lines of an error file carry diagnostics (§7.3) and v3's
// warnings-and-info file details.text (§7.4). Read it through this function
// rather than one field.
func IssueMessage(issue r4.OperationOutcomeIssue) string {
	if issue.Diagnostics != nil && *issue.Diagnostics != "" {
		return *issue.Diagnostics
	}
	if d := issue.Details; d != nil {
		if d.Text != nil && *d.Text != "" {
			return *d.Text
		}
		for _, c := range d.Coding {
			if c.Display != nil && *c.Display != "" {
				return *c.Display
			}
		}
	}
	return ""
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
