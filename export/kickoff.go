package export

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/bcda-go/bcda/fhir"
)

// sinceLayout is a FHIR instant with millisecond precision, the form BCDA's
// documentation uses.
const sinceLayout = "2006-01-02T15:04:05.000Z07:00"

var versionTypes = map[string][]fhir.ResourceType{
	"v1": {fhir.TypePatient, fhir.TypeCoverage, fhir.TypeExplanationOfBenefit},
	"v2": {fhir.TypePatient, fhir.TypeCoverage, fhir.TypeExplanationOfBenefit, fhir.TypeClaim, fhir.TypeClaimResponse},
	"v3": {fhir.TypePatient, fhir.TypeCoverage, fhir.TypeExplanationOfBenefit},
}

// typeFilterParams are the EOB search parameters BCDA v3 accepts in a
// _typeFilter.
var typeFilterParams = []string{"_tag", "outcome", "service-date"}

// start kicks off an export (GET /api/vN/Patient/$export, or
// /Group/{id}/$export with Group) and returns the job. types nil means every
// type the server allows; a zero since means all data. Arguments are checked
// before any request: types unknown to the version, repeated types, a since
// in the future, and invalid options fail with ErrInvalidRequest.
//
// A refusal is the error from conn.CheckResponse. BCDA refuses with 429
// while a pending or running job of the ACO overlaps this one (see Busy);
// start then lists the ACO's jobs and returns a *BusyError naming the
// blocking job, which still matches the client's ErrRateLimited. With
// AttachIfRunning an identical running job is adopted instead (Job.Started
// reports false); with WaitIfBusy, it waits out Retry-After and kicks
// off again within a budget.
func start(ctx context.Context, conn connection, types []fhir.ResourceType, since time.Time, opts ...KickoffOption) (*Job, error) {
	if err := conn.validate(); err != nil {
		return nil, err
	}
	var k kickoff
	for i, o := range opts {
		if o == nil {
			return nil, invalidf("KickoffOption %d is nil", i+1)
		}
		if err := o(&k); err != nil {
			return nil, err
		}
	}
	u, err := kickoffURL(conn, types, since, k, time.Now())
	if err != nil {
		return nil, err
	}
	var waited time.Duration
	for attempt := 0; ; attempt++ {
		req, err := conn.newRequest(ctx, http.MethodGet, u, mediaFHIRJSON, true)
		if err != nil {
			return nil, err
		}
		conn.debug("export: kick-off", "url", redact(u))
		resp, err := conn.API.Do(req)
		if err != nil {
			return nil, fmt.Errorf("export: kick-off: %w", err)
		}
		switch resp.StatusCode {
		case http.StatusAccepted:
			drain(resp.Body)
			loc := resp.Header.Get("Content-Location")
			if loc == "" {
				return nil, fmt.Errorf("export: kick-off answered 202 without Content-Location")
			}
			jobURL, err := u.Parse(loc)
			if err != nil {
				return nil, fmt.Errorf("export: kick-off: bad Content-Location %q: %w", loc, err)
			}
			job, err := newJob(conn, jobURL)
			if err != nil {
				return nil, err
			}
			job.started = true
			return job, nil
		case http.StatusTooManyRequests:
			job, wait, err := k.refused(ctx, conn, u, resp, attempt, waited)
			if job != nil || err != nil {
				return job, err
			}
			if err := sleep(ctx, wait); err != nil {
				return nil, err
			}
			waited += wait
		default:
			return nil, conn.CheckResponse(resp)
		}
	}
}

func kickoffURL(conn connection, types []fhir.ResourceType, since time.Time, k kickoff, now time.Time) (*url.URL, error) {
	allowed := versionTypes[conn.Version]
	seen := make(map[fhir.ResourceType]bool, len(types))
	names := make([]string, 0, len(types))
	for _, t := range types {
		if !slices.Contains(allowed, t) {
			return nil, invalidf("resource type %q is not served by BCDA %s (allowed: %v)", t, conn.Version, allowed)
		}
		if seen[t] {
			return nil, invalidf("resource type %q repeated", t)
		}
		seen[t] = true
		names = append(names, string(t))
	}
	var params []string
	if !since.IsZero() {
		if since.After(now) {
			return nil, invalidf("since %s is in the future", since.Format(time.RFC3339))
		}
		if since.Year() < 1 {
			return nil, invalidf("since %s is before year 1", since.UTC().Format(time.RFC3339))
		}
		params = append(params, "_since="+queryEscape(sinceValue(since)))
	}
	if len(names) > 0 {
		params = append(params, "_type="+queryEscape(strings.Join(names, ",")))
	}
	if k.typeFilter != "" {
		if conn.Version != "v3" {
			return nil, invalidf("_typeFilter is supported by BCDA v3 only (this client uses %s)", conn.Version)
		}
		f, err := encodeTypeFilter(k.typeFilter)
		if err != nil {
			return nil, err
		}
		params = append(params, "_typeFilter="+queryEscape(f))
	}
	var u *url.URL
	if k.group != "" {
		u = conn.apiURL("Group", k.group, "$export")
	} else {
		u = conn.apiURL("Patient", "$export")
	}
	u.RawQuery = strings.Join(params, "&")
	return u, nil
}

// sinceValue formats since as BCDA reads _since, with time.RFC3339Nano
// (../shared/reference/bcda-server.md §3.2 item 4). Its own offset is kept
// unless RFC 3339 cannot write it (seconds, as in old local mean times, or a
// day or more): then it is sent in UTC, the same instant.
func sinceValue(since time.Time) string {
	if _, off := since.Zone(); off%60 != 0 || off <= -24*3600 || off >= 24*3600 {
		since = since.UTC()
	}
	return since.Format(sinceLayout)
}

// queryEscape escapes a query value ('+' becomes %2B, space %20) but keeps
// the commas of lists readable.
func queryEscape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(url.QueryEscape(s), "+", "%20"), "%2C", ",")
}

// encodeTypeFilter checks a v3 _typeFilter and percent-encodes its search
// part, because BCDA decodes the parameter's value a second time.
func encodeTypeFilter(f string) (string, error) {
	if !strings.Contains(f, "?") {
		// Already encoded by the caller ("ExplanationOfBenefit%3Foutcome%3Dcomplete").
		// Decoded as BCDA decodes it (QueryUnescape: "+" is a space), so
		// that the server reads what it would have read from f itself
		// (bcda-app bcda/web/middleware/validation.go GetTypeFilterParams).
		dec, err := url.QueryUnescape(f)
		if err != nil || !strings.Contains(dec, "?") {
			return "", invalidf("type filter %q: want ExplanationOfBenefit?<param>=<value>", f)
		}
		f = dec
	}
	typ, search, _ := strings.Cut(f, "?")
	if typ != string(fhir.TypeExplanationOfBenefit) {
		return "", invalidf("type filter %q: BCDA filters ExplanationOfBenefit only", f)
	}
	if search == "" {
		return "", invalidf("type filter %q has no search parameters", f)
	}
	var parts []string
	for _, kv := range strings.Split(search, "&") {
		key, val, ok := strings.Cut(kv, "=")
		if !ok || val == "" {
			return "", invalidf("type filter %q: %q is not <param>=<value>", f, kv)
		}
		if !slices.Contains(typeFilterParams, key) {
			return "", invalidf("type filter %q: parameter %q not supported (want one of %v)", f, key, typeFilterParams)
		}
		parts = append(parts, key+"="+url.QueryEscape(val))
	}
	return typ + "?" + strings.Join(parts, "&"), nil
}
