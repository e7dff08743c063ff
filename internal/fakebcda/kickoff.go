package fakebcda

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bcda-go/bcda/fhir"
)

// supportedTypes are the _type values each API version accepts, in the
// order its "Supported types" message lists them.
var supportedTypes = map[string][]fhir.ResourceType{
	"v1": {fhir.TypePatient, fhir.TypeCoverage, fhir.TypeExplanationOfBenefit},
	"v2": {fhir.TypePatient, fhir.TypeCoverage, fhir.TypeExplanationOfBenefit, fhir.TypeClaim, fhir.TypeClaimResponse},
	"v3": {fhir.TypePatient, fhir.TypeCoverage, fhir.TypeExplanationOfBenefit},
}

const (
	systemTypeURL  = "https://bluebutton.cms.gov/fhir/CodeSystem/System-Type"
	finalActionURL = "https://bluebutton.cms.gov/fhir/CodeSystem/Final-Action"
)

type exportParams struct {
	since      time.Time
	types      []string // split first _type value; nil when absent
	typeValues []string // every raw _type value
	hasType    bool
	systemType bool // v3 _typeFilter carries a System-Type _tag
	// serviceDate holds a v3 _typeFilter's service-date conditions.
	serviceDate serviceDateFilter
}

// validateURL is BCDA's ValidateRequestURL: checks in its order, first
// failure answers 400 with the exact diagnostics.
func (s *Server) validateURL(w http.ResponseWriter, r *http.Request, version string) (exportParams, bool) {
	q := r.URL.Query()
	fail := func(msg string) (exportParams, bool) {
		writeOutcome(w, version, http.StatusBadRequest, codeStructure, msg)
		return exportParams{}, false
	}
	if v, ok := q["_outputFormat"]; ok {
		switch v[0] {
		case "ndjson", "application/fhir+ndjson", "application/ndjson":
		default:
			return fail("_outputFormat parameter must be one of [ndjson application/fhir+ndjson application/ndjson]")
		}
	}
	if _, ok := q["_elements"]; ok {
		return fail("Invalid parameter: this server does not support the _elements parameter.")
	}
	for k := range q {
		if strings.HasPrefix(k, "?") {
			return fail("Invalid parameter: query parameters cannot start with ?")
		}
	}
	var p exportParams
	if v, ok := q["_since"]; ok {
		t, err := time.Parse(time.RFC3339Nano, v[0])
		if err != nil {
			return fail("Invalid date format supplied in _since parameter.  Date must be in FHIR Instant format.")
		}
		if t.After(s.cfg.clock()) {
			return fail("Invalid date format supplied in _since parameter. Date must be a date that has already passed")
		}
		p.since = t
	}
	if v, ok := q["_type"]; ok {
		p.hasType, p.typeValues = true, v
		seen := map[string]bool{}
		for _, t := range strings.Split(v[0], ",") {
			if seen[t] {
				return fail("Repeated resource type " + t)
			}
			seen[t] = true
			p.types = append(p.types, t)
		}
	}
	// v1 and v2 ignore _typeFilter, even a malformed one
	// (validateTypeFilterParameter returns early unless the version is v3).
	if v, ok := q["_typeFilter"]; ok && version == "v3" {
		st, sd, msg := validateTypeFilter(v)
		if msg != "" {
			return fail(msg)
		}
		p.systemType, p.serviceDate = st, sd
	}
	return p, true
}

// validateTypeFilter checks a v3 _typeFilter as bcda-app's
// GetTypeFilterParams does, error texts included (lowercase there), and
// reports whether it names a System-Type tag and its service-date
// conditions. A non-empty message is the 400 diagnostics.
func validateTypeFilter(values []string) (bool, serviceDateFilter, string) {
	if len(values) > 1 {
		return false, nil, "failed to process request given more that one _typeFilter parameter"
	}
	decoded, err := url.QueryUnescape(values[0])
	if err != nil {
		return false, nil, "failed to unescape " + values[0]
	}
	rt, params, ok := strings.Cut(decoded, "?")
	if !ok {
		return false, nil, "missing question mark " + decoded
	}
	if rt != "ExplanationOfBenefit" {
		return false, nil, "invalid _typeFilter Resource Type (Only EOBs valid): " + rt
	}
	systemType := false
	var dates serviceDateFilter
	for _, pair := range strings.Split(params, "&") {
		name, value, ok := strings.Cut(pair, "=")
		if !ok {
			return false, nil, "invalid _typeFilter parameter/value: " + pair
		}
		var check func(string) string
		switch name {
		case "_tag":
			check = checkTag
		case "outcome":
			check = func(v string) string {
				if v != "complete" && v != "partial" {
					return "invalid outcome value: " + v + ". Supported outcome values are 'complete' and 'partial'"
				}
				return ""
			}
		case "service-date":
			check = checkServiceDate
		default:
			return false, nil, "invalid _typeFilter subquery parameter: " + name
		}
		for _, v := range strings.Split(value, ",") {
			if msg := check(v); msg != "" {
				return false, nil, msg
			}
			if name == "_tag" && strings.HasPrefix(v, systemTypeURL+"|") {
				systemType = true
			}
		}
		if name == "service-date" {
			var alts []dateCond
			for _, v := range strings.Split(value, ",") {
				if c, ok := parseServiceDate(v); ok {
					alts = append(alts, c)
				}
			}
			dates = append(dates, alts)
		}
	}
	return systemType, dates, ""
}

func checkTag(tag string) string {
	if !strings.Contains(tag, "|") {
		return "invalid _tag value: " + tag + ". Searching by tag requires a token (system|code) to be specified"
	}
	parts := strings.Split(tag, "|")
	valid := map[string][]string{
		systemTypeURL:  {"SharedSystem", "NationalClaimsHistory", "DDPS"},
		finalActionURL: {"FinalAction", "NotFinalAction"},
	}
	codes, ok := valid[parts[0]]
	if !ok || !slices.Contains(codes, parts[1]) {
		return "invalid _tag value: " + tag
	}
	return ""
}

func checkServiceDate(v string) string {
	d := v
	// bcda-app validateServiceDateSubqueryParameter: BFD supports only
	// these prefixes; "ne", "sa", "eb", "ap" make the value invalid.
	if len(v) > 2 && slices.Contains([]string{"eq", "lt", "gt", "le", "ge"}, v[:2]) {
		d = v[2:]
	}
	// The same layouts as BCDA, quirks included: "+07:00" is literal there.
	for _, layout := range []string{"2006", "2006-01", "2006-01-02", "2006-01-02T15:04:05",
		"2006-01-02T15:04:05+07:00", "2006-01-02T15:04:05-07:00", "2006-01-02T15:04:05Z"} {
		if _, err := time.Parse(layout, d); err == nil {
			return ""
		}
	}
	return "invalid service-date value: " + v + ". Pass a valid FHIR date parameter"
}

// validateHeaders is BCDA's ValidateRequestHeaders for kick-off and the job
// list: Accept must offer application/fhir+json, Prefer respond-async.
func validateHeaders(w http.ResponseWriter, r *http.Request, version string) bool {
	fail := func(msg string) bool {
		writeOutcome(w, version, http.StatusBadRequest, codeStructure, msg)
		return false
	}
	accept := r.Header.Get("Accept")
	if accept == "" {
		return fail("Accept header is required")
	}
	if !headerHasToken(accept, "application/fhir+json") {
		return fail("application/fhir+json is the only supported response format")
	}
	prefer := r.Header.Get("Prefer")
	if prefer == "" {
		return fail("Prefer header is required")
	}
	if !headerHasToken(prefer, "respond-async") {
		return fail("Only asynchronous responses are supported")
	}
	return true
}

// headerHasToken reports whether a comma-separated header value lists tok,
// ignoring case and ;parameters.
func headerHasToken(v, tok string) bool {
	for _, part := range strings.Split(v, ",") {
		part, _, _ = strings.Cut(part, ";")
		if strings.EqualFold(strings.TrimSpace(part), tok) {
			return true
		}
	}
	return false
}

func requestScheme(r *http.Request) string {
	if r.TLS != nil {
		return "https"
	}
	return "http"
}

// serveKickoff is GET /api/vN/{Patient|Group/id}/$export.
func (s *Server) serveKickoff(w http.ResponseWriter, r *http.Request, version string) {
	tok, ok := s.requireToken(w, r, version)
	if !ok {
		return
	}
	p, ok := s.validateURL(w, r, version)
	if !ok {
		return
	}
	if !validateHeaders(w, r, version) {
		return
	}
	a := tok.aco
	now := s.cfg.clock()
	pathQuery := r.URL.Path
	if uq, err := url.QueryUnescape(r.URL.RawQuery); err == nil && uq != "" {
		pathQuery += "?" + uq
	} else if r.URL.RawQuery != "" {
		pathQuery += "?" + r.URL.RawQuery
	}

	s.mu.Lock()
	if s.duplicateLocked(a, version, pathQuery, p, now) {
		s.mu.Unlock()
		w.Header().Set("Retry-After", strconv.Itoa(s.cfg.retryAfter))
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	s.mu.Unlock()

	if strings.HasPrefix(r.URL.Path, "/api/"+version+"/Group/") {
		group := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/api/"+version+"/Group/"), "/$export")
		if group != "all" && group != "runout" {
			writeOutcome(w, version, http.StatusBadRequest, opOutcomeCode(http.StatusBadRequest), "Invalid group ID")
			return
		}
	}

	types, msg := resolveTypes(version, a, p)
	if msg != "" {
		writeOutcome(w, version, http.StatusBadRequest, opOutcomeCode(http.StatusBadRequest), msg)
		return
	}
	// After the resource types are validated and before a job exists, as
	// bcda-app's bulkRequest looks up the runout file (runout.go).
	if r.URL.Path == "/api/"+version+"/Group/runout/$export" && s.runoutExpired(now) {
		writeOutcome(w, version, http.StatusNotFound, opOutcomeCode(http.StatusNotFound), runoutExpiredMsg)
		return
	}

	empty := s.emptyBatches(a, version, types, p.since)
	s.mu.Lock()
	j := &job{
		id:          s.nextJob,
		aco:         a,
		version:     version,
		requestURL:  fmt.Sprintf("%s://%s%s", requestScheme(r), r.Host, r.URL.String()),
		pathQuery:   pathQuery,
		typeValues:  p.typeValues,
		hasType:     p.hasType,
		types:       types,
		since:       p.since,
		serviceDate: p.serviceDate,
		state:       StatePending,
		created:     dbTime(now),
		updated:     dbTime(now),
	}
	s.nextJob++
	if s.failNext > 0 {
		s.failNext--
		j.failAtEnd = true
	}
	warn := version == "v3" && slices.Contains(types, fhir.TypeExplanationOfBenefit) && !p.systemType
	s.planLocked(j, s.errorLines, warn, empty)
	s.jobs[j.id] = j
	s.mu.Unlock()

	w.Header().Set("Content-Location", fmt.Sprintf("%s://%s/api/%s/jobs/%d", requestScheme(r), r.Host, version, j.id))
	w.WriteHeader(http.StatusAccepted)
}

// duplicateLocked is BCDA's CheckConcurrentJobs and hasDuplicates
// (bcda-app bcda/web/middleware/ratelimit.go): only for rate-limited ACOs
// (shouldRateLimit), among the ACO's Pending and In Progress jobs of the same
// version from the last 24 h, a request is refused when its unescaped path
// and query equal the job's, when either has no _type, or when a new type
// equals the job's _type, compared as one comma string (BCDA's quirk: a job
// for "Patient,Coverage" never overlaps a new "Patient").
func (s *Server) duplicateLocked(a *aco, version, pathQuery string, p exportParams, now time.Time) bool {
	if testACO.MatchString(a.CMSID) || !(s.cfg.rateLimitAll || slices.Contains(s.cfg.rateLimitACOs, a.CMSID)) {
		return false
	}
	for _, j := range s.jobs {
		s.tickLocked(j)
		if j.aco != a || j.version != version || j.finished() || now.Sub(j.created) >= 24*time.Hour {
			continue
		}
		if j.pathQuery == pathQuery || !p.hasType || !j.hasType {
			return true
		}
		for _, old := range j.typeValues {
			if slices.Contains(p.types, old) {
				return true
			}
		}
	}
	return false
}

// resolveTypes applies the defaults and checks each type against the
// version and the ACO's data class, with the handler's messages.
func resolveTypes(version string, a *aco, p exportParams) ([]fhir.ResourceType, string) {
	if !p.hasType {
		out := []fhir.ResourceType{fhir.TypePatient, fhir.TypeExplanationOfBenefit, fhir.TypeCoverage}
		if version == "v2" && a.PartiallyAdjudicated {
			out = append(out, fhir.TypeClaim, fhir.TypeClaimResponse)
		}
		return out, ""
	}
	supported := supportedTypes[version]
	out := make([]fhir.ResourceType, 0, len(p.types))
	for _, t := range p.types {
		rt := fhir.ResourceType(t)
		if !slices.Contains(supported, rt) {
			return nil, fmt.Sprintf("invalid resource type %s. Supported types %v", t, supported)
		}
		if (rt == fhir.TypeClaim || rt == fhir.TypeClaimResponse) && !a.PartiallyAdjudicated {
			return nil, "unauthorized resource type " + t
		}
		out = append(out, rt)
	}
	return out, ""
}
