package client

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/bcda-go/bcda/fhir"
	r4 "github.com/samply/golang-fhir-models/fhir-models/fhir"
)

// wireOutcome is an OperationOutcome with its codes as plain strings.
// BCDA sends issue codes that are not R4 codes (an empty string for most
// statuses), which samply's enums refuse; decoding here first keeps the
// diagnostics whatever the codes say.
type wireOutcome struct {
	ResourceType string `json:"resourceType"`
	Issue        []struct {
		Severity    string              `json:"severity"`
		Code        string              `json:"code"`
		Details     *r4.CodeableConcept `json:"details"`
		Diagnostics *string             `json:"diagnostics"`
		Location    []string            `json:"location"`
		Expression  []string            `json:"expression"`
	} `json:"issue"`
}

// decodeOutcome returns the OperationOutcome at the start of body, or nil.
// Only the first JSON value is read: BCDA's "no jobs found" 404 is an
// OperationOutcome followed directly by an empty Bundle.
func decodeOutcome(body []byte) *fhir.OperationOutcome {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return nil
	}
	var w wireOutcome
	if err := json.NewDecoder(bytes.NewReader(body)).Decode(&w); err != nil || w.ResourceType != "OperationOutcome" {
		return nil
	}
	oo := &fhir.OperationOutcome{Issue: make([]r4.OperationOutcomeIssue, 0, len(w.Issue))}
	for _, in := range w.Issue {
		is := r4.OperationOutcomeIssue{
			Severity:    r4.IssueSeverityError,
			Code:        r4.IssueTypeProcessing,
			Details:     in.Details,
			Diagnostics: in.Diagnostics,
			Location:    in.Location,
			Expression:  in.Expression,
		}
		var sev r4.IssueSeverity
		if sev.UnmarshalJSON([]byte(strconv.Quote(in.Severity))) == nil {
			is.Severity = sev
		}
		var code r4.IssueType
		if in.Code != "" && code.UnmarshalJSON([]byte(strconv.Quote(in.Code))) == nil {
			is.Code = code
		}
		oo.Issue = append(oo.Issue, is)
	}
	return oo
}
