package client

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	r4 "github.com/samply/golang-fhir-models/fhir-models/fhir"
)

func response(method, rawURL string, code int, body string, kv ...string) *http.Response {
	u, _ := url.Parse(rawURL)
	resp := &http.Response{
		StatusCode: code,
		Header:     http.Header{},
		Body:       io.NopCloser(strings.NewReader(body)),
		Request:    &http.Request{Method: method, URL: u},
	}
	for i := 0; i+1 < len(kv); i += 2 {
		resp.Header.Set(kv[i], kv[i+1])
	}
	return resp
}

func TestCheckResponse(t *testing.T) {
	const export = "https://sandbox.bcda.cms.gov/api/v3/Patient/$export?_since=2020-02-13"
	tests := []struct {
		name     string
		resp     *http.Response
		wantMsg  string
		sentinel error
		code     r4.IssueType
		hasOO    bool
	}{
		{
			name: "v1 shape",
			resp: response("GET", "https://h/api/v1/Patient/$export", 400,
				`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"structure","diagnostics":"Invalid date format supplied in _since parameter.  Date must be in FHIR Instant format."}]}`),
			wantMsg: "GET /api/v1/Patient/$export: 400 Bad Request: Invalid date format supplied in _since parameter.  Date must be in FHIR Instant format.",
			code:    r4.IssueTypeStructure, hasOO: true,
		},
		{
			name: "v2 shape",
			resp: response("GET", export, 400,
				`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"structure","details":{"coding":[{"system":"http://hl7.org/fhir/ValueSet/operation-outcome","code":"Request Error","display":"Invalid date format supplied in _since parameter.  Date must be in FHIR Instant format."}],"text":"Invalid date format supplied in _since parameter.  Date must be in FHIR Instant format."},"diagnostics":"Invalid date format supplied in _since parameter.  Date must be in FHIR Instant format."}]}`),
			wantMsg: "GET /api/v3/Patient/$export: 400 Bad Request: Invalid date format supplied in _since parameter.  Date must be in FHIR Instant format.",
			code:    r4.IssueTypeStructure, hasOO: true,
		},
		{
			name: "v3 shape, details only, empty code",
			resp: response("GET", "https://h/api/v3/jobs/7", 404,
				`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"","details":{"text":"Job not found"}}]}`),
			wantMsg: "GET /api/v3/jobs/7: 404 Not Found: Job not found", sentinel: ErrNotFound,
			code: r4.IssueTypeProcessing, hasOO: true,
		},
		{
			name: "two JSON values back to back",
			resp: response("GET", "https://h/api/v2/jobs?_status=Pending", 404,
				`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","diagnostics":"no Jobs found for acoID 1 with job statuses [Pending]"}]}{"resourceType":"Bundle","type":"searchset","total":0}`),
			wantMsg: "GET /api/v2/jobs: 404 Not Found: no Jobs found for acoID 1 with job statuses [Pending]", sentinel: ErrNotFound,
			code: r4.IssueTypeNotFound, hasOO: true,
		},
		{
			name:    "plain text from /data",
			resp:    response("GET", "https://h/data/1/x.ndjson", 404, "404 page not found\n"),
			wantMsg: "GET /data/1/x.ndjson: 404 Not Found: 404 page not found", sentinel: ErrNotFound,
		},
		{
			// BCDA's duplicate-job refusal has no body (bcda-app
			// bcda/web/middleware/ratelimit.go). It reaches callers only
			// inside export.BusyError, which explains it from /jobs, so the
			// APIError adds no explanation of its own to contradict that.
			name:    "empty 429 with Retry-After on a kick-off",
			resp:    response("GET", "https://h/api/v3/Patient/$export", 429, "", "Retry-After", "600"),
			wantMsg: "GET /api/v3/Patient/$export: 429 Too Many Requests (retry after 10m0s)", sentinel: ErrRateLimited,
		},
		{
			name:    "empty 429 elsewhere",
			resp:    response("GET", "https://h/api/v3/jobs/7", 429, "", "Retry-After", "5"),
			wantMsg: "GET /api/v3/jobs/7: 429 Too Many Requests (retry after 5s)", sentinel: ErrRateLimited,
		},
		{
			name:    "status text body is not repeated",
			resp:    response("DELETE", "https://h/api/v3/jobs/1", 401, "Unauthorized\n"),
			wantMsg: "DELETE /api/v3/jobs/1: 401 Unauthorized", sentinel: ErrUnauthorized,
		},
		{
			name:    "403 v3 not enabled",
			resp:    response("GET", "https://h/api/v3/Patient/$export", 403, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"forbidden","diagnostics":"V3 access not enabled for this ACO"}]}`),
			wantMsg: "GET /api/v3/Patient/$export: 403 Forbidden: V3 access not enabled for this ACO", sentinel: ErrForbidden,
			code: r4.IssueTypeForbidden, hasOO: true,
		},
		{
			name:    "410 gone",
			resp:    response("GET", "https://h/api/v3/jobs/1", 410, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","diagnostics":"job expired"}]}`),
			wantMsg: "GET /api/v3/jobs/1: 410 Gone: job expired", sentinel: ErrGone, code: r4.IssueTypeNotFound, hasOO: true,
		},
		{
			name:    "500 plain",
			resp:    response("GET", "https://h/api/v3/jobs/1", 500, "Internal Server Error\n"),
			wantMsg: "GET /api/v3/jobs/1: 500 Internal Server Error", sentinel: ErrServer,
		},
		{
			name:    "JSON that is not an OperationOutcome",
			resp:    response("GET", "https://h/_health", 502, `{"database":"ok","ssas":"unable to connect"}`),
			wantMsg: `GET /_health: 502 Bad Gateway: {"database":"ok","ssas":"unable to connect"}`, sentinel: ErrUnavailable,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkResponse(tt.resp)
			var e *APIError
			if !errors.As(err, &e) {
				t.Fatalf("err = %v", err)
			}
			if err.Error() != tt.wantMsg {
				t.Errorf("Error()\n got %s\nwant %s", err, tt.wantMsg)
			}
			if tt.sentinel != nil && !errors.Is(err, tt.sentinel) {
				t.Errorf("errors.Is(%v) = false", tt.sentinel)
			}
			if (e.Outcome != nil) != tt.hasOO {
				t.Fatalf("Outcome = %v", e.Outcome)
			}
			if tt.hasOO && (len(e.Outcome.Issue) != 1 || e.Outcome.Issue[0].Code != tt.code || e.Outcome.Issue[0].Severity != r4.IssueSeverityError) {
				t.Errorf("Outcome issue = %+v", e.Outcome.Issue)
			}
		})
	}
}

func TestCheckResponseSuccess(t *testing.T) {
	for _, code := range []int{200, 202, 204} {
		resp := response("GET", "https://h/x", code, "body")
		if err := checkResponse(resp); err != nil {
			t.Errorf("%d: %v", code, err)
		}
		if b, _ := io.ReadAll(resp.Body); string(b) != "body" {
			t.Errorf("%d: body consumed", code)
		}
	}
}

func TestAPIErrorSentinelsExclusive(t *testing.T) {
	all := []error{ErrUnauthorized, ErrForbidden, ErrNotFound, ErrGone, ErrRateLimited}
	for _, code := range []int{401, 403, 404, 410, 429} {
		e := &APIError{StatusCode: code}
		n := 0
		for _, s := range all {
			if errors.Is(e, s) {
				n++
			}
		}
		if n != 1 || errors.Is(e, ErrServer) {
			t.Errorf("%d matches %d sentinels", code, n)
		}
	}
}

func TestCheckResponseLongBody(t *testing.T) {
	resp := response("GET", "https://h/x", 500, strings.Repeat("é", 100_000))
	var e *APIError
	errors.As(checkResponse(resp), &e)
	if len(e.Body) > bodyKeep+len("…") || !strings.HasSuffix(e.Body, "…") {
		t.Errorf("body kept %d bytes", len(e.Body))
	}
	if !strings.HasPrefix(e.Error(), "GET /x: 500 Internal Server Error: ééé") {
		t.Errorf("Error() = %.60s", e.Error())
	}
}

func TestSanitizeURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://h/data/1/a.ndjson", "https://h/data/1/a.ndjson"},
		{"https://user:pw@h/x", "https://h/x"},
		{"https://s3.test/f?X-Amz-Signature=abc&X-Amz-Credential=def&part=1", "https://s3.test/f?X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED&part=1"},
		{"https://h/x?access_token=abc", "https://h/x?access_token=REDACTED"},
		{"https://h/api/v3/Patient/$export?_since=2020-01-01T00:00:00Z&_type=Patient", "https://h/api/v3/Patient/$export?_since=2020-01-01T00:00:00Z&_type=Patient"},
		// A URL passed along unescaped in a value: its pairs are redacted too.
		{"https://h/x?next=https://s3.test/f?X-Amz-Signature=abc&part=1", "https://h/x?next=https://s3.test/f?X-Amz-Signature=REDACTED&part=1"},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.in)
		if got := sanitizeURL(u); got != tt.want {
			t.Errorf("sanitizeURL(%s) = %s", tt.in, got)
		}
	}
}

func TestScrubURLs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"GET https://h/f?X-Amz-Signature=abc failed", "GET https://h/f?X-Amz-Signature=REDACTED failed"},
		{"HTTPS://h/f?access_token=abc", "https://h/f?access_token=REDACTED"},
		// %q-quoted URL cut short by its quote: the pairs after it.
		{`url "https://h/f?a=\"1&sig=abc"`, `url "https://h/f?a=\"1&sig=REDACTED"`},
		// A pair hidden in the value of another (found by FuzzScrubURLs).
		{"&0=?sig=abc", "&0=?sig=REDACTED"},
		{"see https://h/x?next=?code=abc", "see https://h/x?next=?code=REDACTED"},
		// A separator that sanitizing removes (found by FuzzScrubURLs): the
		// "&" here is user information, dropped with it.
		{"http://&@sig=abc", "http://sig=REDACTED"},
		{"https://user:pw@h/f?code=abc", "https://h/f?code=REDACTED"},
		{"no secrets: ?part=1&_type=Patient", "no secrets: ?part=1&_type=Patient"},
	}
	for _, tt := range tests {
		if got := scrubURLs(tt.in); got != tt.want {
			t.Errorf("scrubURLs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAPIErrorWithoutRequest(t *testing.T) {
	e := &APIError{StatusCode: 503, Body: "upstream down"}
	if got := e.Error(); got != "503 Service Unavailable: upstream down" {
		t.Errorf("Error() = %q", got)
	}
}
