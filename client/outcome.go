package client

import (
	"bytes"
	"encoding/json"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/outcome"
)

// decodeOutcome returns the OperationOutcome at the start of body, or nil.
// Only the first JSON value is read: BCDA's "no jobs found" 404 is an
// OperationOutcome followed directly by an empty Bundle. BCDA sends issue
// codes that are not R4 codes (an empty string for most statuses), which
// samply's enums refuse; outcome.Unmarshal keeps the diagnostics whatever
// the codes say.
func decodeOutcome(body []byte) *fhir.OperationOutcome {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return nil
	}
	var first json.RawMessage
	if err := json.NewDecoder(bytes.NewReader(body)).Decode(&first); err != nil {
		return nil
	}
	var head struct {
		ResourceType string `json:"resourceType"`
	}
	if json.Unmarshal(first, &head) != nil || head.ResourceType != "OperationOutcome" {
		return nil
	}
	oo, err := outcome.Unmarshal(first)
	if err != nil {
		return nil
	}
	return oo
}
