package fakebcda

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func v1Outcome(code, msg string) string {
	return `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"` + code + `","diagnostics":"` + msg + `"}]}`
}

func TestKickoffValidation(t *testing.T) {
	clock := newClock()
	tests := []struct {
		name   string
		target string
		hdr    []string // replaces the default Accept/Prefer when set
		status int
		code   string
		msg    string
	}{
		{"bad outputFormat", "/api/v1/Patient/$export?_outputFormat=csv", nil, 400, "structure",
			"_outputFormat parameter must be one of [ndjson application/fhir+ndjson application/ndjson]"},
		{"plus in outputFormat decodes to space", "/api/v1/Patient/$export?_outputFormat=application/fhir+ndjson", nil, 400, "structure",
			"_outputFormat parameter must be one of [ndjson application/fhir+ndjson application/ndjson]"},
		{"elements", "/api/v1/Patient/$export?_elements=id", nil, 400, "structure",
			"Invalid parameter: this server does not support the _elements parameter."},
		{"question key", "/api/v1/Patient/$export?_type=Patient&?_since=2020-01-01T00:00:00Z", nil, 400, "structure",
			"Invalid parameter: query parameters cannot start with ?"},
		{"since date only", "/api/v1/Patient/$export?_since=2020-02-13", nil, 400, "structure",
			"Invalid date format supplied in _since parameter.  Date must be in FHIR Instant format."},
		{"since no zone", "/api/v1/Patient/$export?_since=2020-02-13T08:00:00", nil, 400, "structure",
			"Invalid date format supplied in _since parameter.  Date must be in FHIR Instant format."},
		{"since unencoded plus", "/api/v1/Patient/$export?_since=2020-02-13T08:00:00+05:00", nil, 400, "structure",
			"Invalid date format supplied in _since parameter.  Date must be in FHIR Instant format."},
		{"since future", "/api/v1/Patient/$export?_since=2026-11-25T12:00:01Z", nil, 400, "structure",
			"Invalid date format supplied in _since parameter. Date must be a date that has already passed"},
		{"repeated type", "/api/v1/Patient/$export?_type=Patient,Coverage,Patient", nil, 400, "structure",
			"Repeated resource type Patient"},
		{"elements before since", "/api/v1/Patient/$export?_since=bad&_elements=x", nil, 400, "structure",
			"Invalid parameter: this server does not support the _elements parameter."},
		{"url before headers", "/api/v1/Patient/$export?_elements=x", []string{}, 400, "structure",
			"Invalid parameter: this server does not support the _elements parameter."},
		{"no accept", "/api/v1/Patient/$export", []string{"Prefer", "respond-async"}, 400, "structure", "Accept header is required"},
		{"json accept", "/api/v1/Patient/$export", []string{"Accept", "application/json", "Prefer", "respond-async"}, 400, "structure",
			"application/fhir+json is the only supported response format"},
		{"star accept", "/api/v1/Patient/$export", []string{"Accept", "*/*", "Prefer", "respond-async"}, 400, "structure",
			"application/fhir+json is the only supported response format"},
		{"no prefer", "/api/v1/Patient/$export", []string{"Accept", "application/fhir+json"}, 400, "structure", "Prefer header is required"},
		{"sync prefer", "/api/v1/Patient/$export", []string{"Accept", "application/fhir+json", "Prefer", "respond-sync"}, 400, "structure",
			"Only asynchronous responses are supported"},
		{"accept list ok", "/api/v1/Patient/$export", []string{"Accept", "application/json, Application/FHIR+JSON;q=0.9", "Prefer", "respond-async, wait=10"}, 202, "", ""},
		{"unknown group", "/api/v1/Group/mine/$export", nil, 400, "structure", "Invalid group ID"},
		{"unknown type v1", "/api/v1/Patient/$export?_type=Claim", nil, 400, "structure",
			"invalid resource type Claim. Supported types [Patient Coverage ExplanationOfBenefit]"},
		{"unknown type v3", "/api/v3/Patient/$export?_type=Observation", nil, 400, "structure",
			"invalid resource type Observation. Supported types [Patient Coverage ExplanationOfBenefit]"},
		{"claim unauthorized v2", "/api/v2/Patient/$export?_type=Claim", nil, 400, "structure",
			"unauthorized resource type Claim"},
		{"typeFilter ignored v2", "/api/v2/Patient/$export?_type=Patient&_typeFilter=garbage", nil, 202, "", ""},
		{"typeFilter twice", "/api/v3/Patient/$export?_typeFilter=a&_typeFilter=b", nil, 400, "structure",
			"failed to process request given more that one _typeFilter parameter"},
		{"typeFilter no question", "/api/v3/Patient/$export?_typeFilter=ExplanationOfBenefit", nil, 400, "structure",
			"missing question mark ExplanationOfBenefit"},
		{"typeFilter patient", "/api/v3/Patient/$export?_typeFilter=Patient%3Fgender%3Dmale", nil, 400, "structure",
			"invalid _typeFilter Resource Type (Only EOBs valid): Patient"},
		{"typeFilter param", "/api/v3/Patient/$export?_typeFilter=ExplanationOfBenefit%3Ftype%3Dx", nil, 400, "structure",
			"invalid _typeFilter subquery parameter: type"},
		{"typeFilter no value", "/api/v3/Patient/$export?_typeFilter=ExplanationOfBenefit%3Foutcome", nil, 400, "structure",
			"invalid _typeFilter parameter/value: outcome"},
		{"typeFilter outcome", "/api/v3/Patient/$export?_typeFilter=ExplanationOfBenefit%3Foutcome%3Ddone", nil, 400, "structure",
			"invalid outcome value: done. Supported outcome values are 'complete' and 'partial'"},
		{"typeFilter tag no bar", "/api/v3/Patient/$export?_typeFilter=ExplanationOfBenefit%3F_tag%3DSharedSystem", nil, 400, "structure",
			"invalid _tag value: SharedSystem. Searching by tag requires a token (system|code) to be specified"},
		{"typeFilter tag code", "/api/v3/Patient/$export?_typeFilter=ExplanationOfBenefit%3F_tag%3Dhttps%3A%2F%2Fbluebutton.cms.gov%2Ffhir%2FCodeSystem%2FSystem-Type%7CFoo", nil, 400, "structure",
			"invalid _tag value: https://bluebutton.cms.gov/fhir/CodeSystem/System-Type|Foo"},
		{"typeFilter date", "/api/v3/Patient/$export?_typeFilter=ExplanationOfBenefit%3Fservice-date%3Dgt2024-13", nil, 400, "structure",
			"invalid service-date value: gt2024-13. Pass a valid FHIR date parameter"},
		{"typeFilter ok", "/api/v3/Patient/$export?_typeFilter=ExplanationOfBenefit%3Foutcome%3Dcomplete%26service-date%3Dge2024-01-01", nil, 202, "", ""},
		{"since ok encoded plus", "/api/v1/Patient/$export?_since=2020-02-13T08:00:00.000%2B05:00", nil, 202, "", ""},
		{"group runout ok", "/api/v2/Group/runout/$export?_type=Coverage", nil, 202, "", ""},
		{"ignored params", "/api/v3/Group/all/$export?patient=1&includeAssociatedData=x", nil, 202, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(WithClock(clock.now))
			defer s.Close()
			a := bearer(t, s, guideXS)
			hdr := kickoffHeaders(a)
			if tt.hdr != nil {
				hdr = append([]string{"Authorization", a}, tt.hdr...)
			}
			w := do(t, s, "GET", tt.target, hdr...)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			if tt.status == 202 {
				if w.Body.Len() != 0 || !strings.HasPrefix(w.Header().Get("Content-Location"), "http://example.com/api/v") {
					t.Fatalf("202 body %q, Content-Location %q", w.Body, w.Header().Get("Content-Location"))
				}
				return
			}
			if !strings.HasPrefix(tt.target, "/api/v1/") {
				if !strings.Contains(w.Body.String(), `"diagnostics":"`+jsonEscape(tt.msg)+`"`) {
					t.Fatalf("body %s lacks %q", w.Body, tt.msg)
				}
				return
			}
			if want := v1Outcome(tt.code, jsonEscape(tt.msg)); w.Body.String() != want {
				t.Fatalf("body\n%s\nwant\n%s", w.Body, want)
			}
		})
	}
}

func jsonEscape(s string) string {
	return strings.NewReplacer("&", `\u0026`, "<", `\u003c`, ">", `\u003e`).Replace(s)
}

func TestKickoffResponse(t *testing.T) {
	s := New()
	defer s.Close()
	a := bearer(t, s, guideXS)
	for i, target := range []string{"/api/v1/Patient/$export", "/api/v2/Group/all/$export", "/api/v3/Group/runout/$export"} {
		w := do(t, s, "GET", target, kickoffHeaders(a)...)
		if w.Code != http.StatusAccepted {
			t.Fatalf("%s: %d %s", target, w.Code, w.Body)
		}
		want := "http://example.com/api/" + target[5:7] + "/jobs/" + string(rune('1'+i))
		if got := w.Header().Get("Content-Location"); got != want {
			t.Errorf("Content-Location %q, want %q", got, want)
		}
	}
}

func TestDuplicateJob429(t *testing.T) {
	tests := []struct {
		name       string
		first, two string
		conflict   bool
	}{
		{"identical", "/api/v3/Patient/$export?_type=Patient", "/api/v3/Patient/$export?_type=Patient", true},
		{"no type new", "/api/v3/Patient/$export?_type=Patient", "/api/v3/Group/all/$export", true},
		{"no type old", "/api/v3/Patient/$export", "/api/v3/Group/all/$export?_type=Coverage", true},
		{"overlap", "/api/v3/Patient/$export?_type=Patient", "/api/v3/Group/all/$export?_type=Coverage,Patient", true},
		{"disjoint", "/api/v3/Patient/$export?_type=Patient", "/api/v3/Patient/$export?_type=Coverage", false},
		{"BCDA quirk: old list not split", "/api/v3/Patient/$export?_type=Patient,Coverage", "/api/v3/Patient/$export?_type=Patient", false},
		{"other version", "/api/v3/Patient/$export", "/api/v2/Patient/$export", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(WithRetryAfter(7))
			defer s.Close()
			a := bearer(t, s, advSmall)
			if w := do(t, s, "GET", tt.first, kickoffHeaders(a)...); w.Code != 202 {
				t.Fatalf("first: %d", w.Code)
			}
			w := do(t, s, "GET", tt.two, kickoffHeaders(a)...)
			if !tt.conflict {
				if w.Code != 202 {
					t.Fatalf("second: %d %s", w.Code, w.Body)
				}
				return
			}
			if w.Code != 429 || w.Body.Len() != 0 || w.Header().Get("Retry-After") != "7" {
				t.Fatalf("second: %d %q Retry-After %q", w.Code, w.Body, w.Header().Get("Retry-After"))
			}
			// Another ACO is not affected.
			if w := do(t, s, "GET", tt.two, kickoffHeaders(bearer(t, s, guideSmall))...); w.Code != 202 {
				t.Fatalf("other ACO: %d", w.Code)
			}
		})
	}
	t.Run("freed by completion", func(t *testing.T) {
		s := New(WithRetryAfter(0))
		defer s.Close()
		a := bearer(t, s, advSmall)
		runJob(t, s, a, "/api/v3/Patient/$export")
		if w := do(t, s, "GET", "/api/v3/Patient/$export", kickoffHeaders(a)...); w.Code != 202 {
			t.Fatalf("after completion: %d", w.Code)
		}
		w := do(t, s, "GET", "/api/v3/Patient/$export", kickoffHeaders(a)...)
		if w.Code != 429 || w.Header().Get("Retry-After") != "0" {
			t.Fatalf("dup: %d %q", w.Code, w.Header().Get("Retry-After"))
		}
	})
	t.Run("test ACO exempt", func(t *testing.T) {
		// bcda-app shouldRateLimit: IsTestACO wins (A9994 matches testACORegex).
		s := New()
		defer s.Close()
		a := bearer(t, s, guideXS)
		for i := range 2 {
			if w := do(t, s, "GET", "/api/v3/Patient/$export", kickoffHeaders(a)...); w.Code != 202 {
				t.Fatalf("kick-off %d: %d", i, w.Code)
			}
		}
	})
	t.Run("sandbox config: listed ACOs only", func(t *testing.T) {
		s := New(WithRateLimit(false, "SBXAL001"))
		defer s.Close()
		a := bearer(t, s, advSmall) // SBXAS001, not listed
		for i := range 2 {
			if w := do(t, s, "GET", "/api/v3/Patient/$export", kickoffHeaders(a)...); w.Code != 202 {
				t.Fatalf("kick-off %d: %d", i, w.Code)
			}
		}
		s2 := New(WithRateLimit(false, "SBXAS001"))
		defer s2.Close()
		a = bearer(t, s2, advSmall)
		do(t, s2, "GET", "/api/v3/Patient/$export", kickoffHeaders(a)...)
		if w := do(t, s2, "GET", "/api/v3/Patient/$export", kickoffHeaders(a)...); w.Code != 429 {
			t.Fatalf("listed ACO duplicate: %d", w.Code)
		}
	})
	t.Run("older than 24h ignored", func(t *testing.T) {
		clock := newClock()
		s := New(WithClock(clock.now))
		defer s.Close()
		do(t, s, "GET", "/api/v3/Patient/$export", kickoffHeaders(bearer(t, s, advSmall))...)
		clock.add(24 * time.Hour)
		if w := do(t, s, "GET", "/api/v3/Patient/$export", kickoffHeaders(bearer(t, s, advSmall))...); w.Code != 202 {
			t.Fatalf("%d", w.Code)
		}
	})
}
