package export

import (
	"strings"
	"time"
)

// Option configures a kick-off request (Start, Client.Export). Options are
// checked before any request is sent.
type Option func(*kickoff) error

type kickoff struct {
	group        string
	typeFilter   string
	outputFormat string
	attach       bool
	busyBudget   time.Duration
	onBusy       func(Busy)
}

// Group exports a group instead of every attributed patient:
// "all" (BCDA's Group/all: with a since time, newly attributed beneficiaries
// still get their full history) or "runout" (the previous performance year's
// run-out claims).
func Group(id string) Option {
	return func(k *kickoff) error {
		switch id {
		case "all", "runout":
			k.group = id
			return nil
		}
		return invalidf("group %q: BCDA serves only \"all\" and \"runout\"", id)
	}
}

// TypeFilter sets the v3 _typeFilter, an ExplanationOfBenefit search such as
// "ExplanationOfBenefit?outcome=complete" or
// "ExplanationOfBenefit?_tag=https://bluebutton.cms.gov/fhir/CodeSystem/System-Type|SharedSystem".
// Write it unencoded; export encodes the search once more as the
// specification requires. Other versions reject it (BCDA would silently
// ignore it there).
func TypeFilter(filter string) Option {
	return func(k *kickoff) error {
		f := strings.TrimSpace(filter)
		if f == "" {
			return invalidf("empty type filter")
		}
		if k.typeFilter != "" {
			return invalidf("BCDA accepts a single _typeFilter")
		}
		k.typeFilter = f
		return nil
	}
}

// OutputFormat sets _outputFormat: "ndjson", "application/ndjson" or
// "application/fhir+ndjson" (the default). BCDA always produces NDJSON.
func OutputFormat(format string) Option {
	return func(k *kickoff) error {
		switch format {
		case "ndjson", "application/ndjson", "application/fhir+ndjson":
			k.outputFormat = format
			return nil
		}
		return invalidf("output format %q: want ndjson, application/ndjson or application/fhir+ndjson", format)
	}
}

// AttachIfRunning makes a kick-off that BCDA refuses with 429 because the
// same export is already running look that job up (GET /jobs) and return it
// instead of an error. Only a running job whose request matches this one
// (endpoint, types, since and filters) is adopted; its Job.Started is
// false, since another process started it and may still be using it.
func AttachIfRunning() Option {
	return func(k *kickoff) error {
		k.attach = true
		return nil
	}
}
