package fakebcda

import (
	"encoding/json"
	"net/http"
)

// Issue codes as BCDA's responseutils helpers set them.
const (
	codeException = "exception"
	codeNotFound  = "not-found"
	codeStructure = "structure"
	codeForbidden = "forbidden"
	codeEmpty     = ""
)

// opOutcomeCode maps a status to an issue code as BCDA's OpOutcome() does.
func opOutcomeCode(status int) string {
	switch status {
	case http.StatusBadRequest:
		return codeStructure
	case http.StatusUnauthorized, http.StatusForbidden:
		return codeForbidden
	case http.StatusGone:
		return codeNotFound
	}
	return codeEmpty
}

// outcomeJSON builds an OperationOutcome in the shape of the given API
// version's writer: v1 has diagnostics only (omitted when empty); v2 and v3
// use BCDA's own R4 structs, whose details are always present: v2 with a
// constant "Request Error" coding, v3 with text only.
func outcomeJSON(version, severity, code, msg string) []byte {
	type coding struct {
		System  string `json:"system,omitempty"`
		Code    string `json:"code,omitempty"`
		Display string `json:"display,omitempty"`
	}
	type details struct {
		Coding []coding `json:"coding,omitempty"`
		Text   string   `json:"text,omitempty"`
	}
	type issue struct {
		Severity    string   `json:"severity"`
		Code        string   `json:"code"`
		Diagnostics string   `json:"diagnostics,omitempty"`
		Details     *details `json:"details,omitempty"`
	}
	type outcome struct {
		ResourceType string  `json:"resourceType"`
		Issue        []issue `json:"issue"`
	}
	is := issue{Severity: severity, Code: code, Diagnostics: msg}
	switch version {
	case "v2":
		is.Details = &details{
			Coding: []coding{{System: "http://hl7.org/fhir/ValueSet/operation-outcome", Code: "Request Error", Display: msg}},
			Text:   msg,
		}
	case "v3":
		is.Details = &details{Text: msg}
	}
	b, err := json.Marshal(outcome{ResourceType: "OperationOutcome", Issue: []issue{is}})
	if err != nil {
		panic(err) // plain structs of strings always marshal
	}
	return b
}

// writeOutcome answers status with an OperationOutcome body.
func writeOutcome(w http.ResponseWriter, version string, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/fhir+json")
	w.WriteHeader(status)
	_, _ = w.Write(outcomeJSON(version, "error", code, msg))
}
