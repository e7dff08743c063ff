package export

import (
	"strings"
	"time"
)

// KickoffOption configures a kick-off request (Client.Export). Options are
// checked before any request is sent.
type KickoffOption func(*kickoff) error

type kickoff struct {
	group      string
	typeFilter string
	attach     bool
	busyBudget time.Duration
	onBusy     func(Busy)
}

// GroupAll exports BCDA's group of every beneficiary attributed to the ACO
// (GET /Group/all/$export) instead of the Patient endpoint. With a since
// time it differs for newly attributed beneficiaries: they get their full
// history, where Patient/$export applies since to everyone.
func GroupAll() KickoffOption { return group("all") }

// GroupRunout exports the previous performance year's run-out group (GET
// /Group/runout/$export): claims of beneficiaries attributed last year,
// through the run-out date. BCDA answers 404 once run-out data has expired,
// 180 days after ingestion.
func GroupRunout() KickoffOption { return group("runout") }

// group selects Group/{id}/$export. BCDA serves only the ids "all" and
// "runout" and answers any other 400 "Invalid group ID"
// (../shared/reference/bcda-server.md §2, requests.go L128-157), so the
// choice is two options rather than a string.
func group(id string) KickoffOption {
	return func(k *kickoff) error {
		if k.group != "" && k.group != id {
			return invalidf("two groups: %q and %q", k.group, id)
		}
		k.group = id
		return nil
	}
}

// TypeFilter sets the v3 _typeFilter, an ExplanationOfBenefit search such as
// "ExplanationOfBenefit?outcome=complete" or
// "ExplanationOfBenefit?_tag=https://bluebutton.cms.gov/fhir/CodeSystem/System-Type|SharedSystem".
// Write it unencoded; export encodes the search once more as the
// specification requires. Other versions reject it (BCDA would silently
// ignore it there).
func TypeFilter(filter string) KickoffOption {
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

// AttachIfRunning makes a kick-off that BCDA refuses with 429 because the
// same export is already running look that job up (GET /jobs) and return it
// instead of an error. Only a running job whose request matches this one
// (endpoint, types, since and filters) is adopted; its Job.Started is
// false, since another process started it and may still be using it.
func AttachIfRunning() KickoffOption {
	return func(k *kickoff) error {
		k.attach = true
		return nil
	}
}
