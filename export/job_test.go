package export

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// script is an in-memory RoundTripper that answers each URL from a queue of
// canned responses (the last one repeats) and records when it was asked.
type script struct {
	mu    sync.Mutex
	resp  map[string][]canned
	calls []call
}

type canned struct {
	status int
	header map[string]string
	body   string
}

type call struct {
	method, url string
	at          time.Time
}

func (s *script) RoundTrip(req *http.Request) (*http.Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, call{req.Method, req.URL.String(), time.Now()})
	key := req.Method + " " + req.URL.String()
	q := s.resp[key]
	if len(q) == 0 {
		return &http.Response{StatusCode: 404, Body: io.NopCloser(strings.NewReader("no script for " + key)), Header: http.Header{}, Request: req}, nil
	}
	c := q[0]
	if len(q) > 1 {
		s.resp[key] = q[1:]
	}
	h := http.Header{}
	for k, v := range c.header {
		h.Set(k, v)
	}
	return &http.Response{StatusCode: c.status, Header: h, Body: io.NopCloser(strings.NewReader(c.body)), Request: req}, nil
}

func (s *script) polls() []call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]call(nil), s.calls...)
}

const jobURL = "https://bcda.example/api/v3/jobs/42"

func scriptedJob(t testing.TB, resp map[string][]canned) (*Job, *script) {
	t.Helper()
	s := &script{resp: resp}
	bodies := &bodyTracker{base: s}
	t.Cleanup(func() {
		if n := bodies.open(); n != 0 {
			t.Errorf("%d response bodies left open", n)
		}
	})
	conn := connection{
		BaseURL:       mustParse(t, "https://bcda.example"),
		Version:       "v3",
		API:           &http.Client{Transport: bodies},
		Anonymous:     &http.Client{Transport: bodies},
		CheckResponse: testCheckResponse,
	}
	j, err := attach(conn, jobURL)
	if err != nil {
		t.Fatal(err)
	}
	return j, s
}

func progress(text string) canned {
	return canned{status: 202, header: map[string]string{"X-Progress": text}}
}

const manifestPage1 = `{"transactionTime":"2026-11-25T10:11:12.123456789Z","request":"https://bcda.example/api/v3/Patient/$export",
"requiresAccessToken":true,"output":[{"type":"Patient","url":"https://bcda.example/data/42/a.ndjson"},{"type":"ExplanationOfBenefit","url":"/data/42/b.ndjson","count":3}],
"error":[{"type":"OperationOutcome","url":"https://bcda.example/data/42/a-error.ndjson"}],"JobID":42,"link":[{"relation":"next","url":"https://bcda.example/api/v3/jobs/42/page/2"}],"extension":{"x":1}}`

const manifestPage2 = `{"transactionTime":"2026-11-25T10:11:12.123456789Z","request":"https://bcda.example/api/v3/Patient/$export",
"requiresAccessToken":true,"output":[{"type":"Coverage","url":"https://bcda.example/data/42/c.ndjson"}],"error":[],
"deleted":[{"type":"Bundle","url":"https://bcda.example/data/42/d.ndjson"}]}`

func TestPoll(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	oo := func(diag string) string {
		return `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"exception","diagnostics":"` + diag + `"}]}`
	}
	tests := []struct {
		name    string
		resp    canned
		state   State
		percent int
		retry   time.Duration
		err     error
		errText string
	}{
		{name: "pending", resp: progress("Pending"), state: Pending, percent: -1},
		{name: "in progress", resp: progress("In Progress"), state: InProgress, percent: -1},
		{name: "in progress pct", resp: progress("In Progress (42%)"), state: InProgress, percent: 42},
		{name: "spec form", resp: progress("42% complete"), state: InProgress, percent: 42},
		{name: "no header", resp: canned{status: 202}, state: InProgress, percent: -1},
		{name: "retry after", resp: canned{status: 202, header: map[string]string{"X-Progress": "In Progress, 80%", "Retry-After": "7"}}, state: InProgress, percent: 80, retry: 7 * time.Second},
		{name: "failed", resp: canned{status: 500, body: oo("Service encountered numerous errors. Job failed to complete.")}, err: ErrJobFailed, errText: "numerous errors"},
		{name: "transient 500", resp: canned{status: 500, body: `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"transient","diagnostics":"database busy"}]}`}, errText: "database busy"},
		{name: "cancelled", resp: canned{status: 404, body: oo("Job has been cancelled.")}, err: ErrJobCancelled, errText: "cancelled"},
		{name: "archived", resp: canned{status: 404, body: `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found"}]}{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found"}]}`}, err: ErrJobExpired},
		{name: "gone", resp: canned{status: 410, body: oo("")}, err: ErrJobExpired},
		{name: "unauthorized", resp: canned{status: 401, body: oo("Expired Token")}, errText: "Expired Token"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			j, s := scriptedJob(t, map[string][]canned{"GET " + jobURL: {tc.resp}})
			st, err := j.Poll(ctx)
			if tc.err != nil || tc.errText != "" {
				if err == nil || (tc.err != nil && !errors.Is(err, tc.err)) || !strings.Contains(err.Error(), tc.errText) {
					t.Fatalf("err = %v, want %v containing %q", err, tc.err, tc.errText)
				}
				var ae *testAPIError
				if !errors.As(err, &ae) || ae.code != tc.resp.status {
					t.Errorf("the client's error is not wrapped: %v", err)
				}
				for _, sentinel := range []error{ErrJobFailed, ErrJobCancelled, ErrJobExpired} {
					if sentinel != tc.err && errors.Is(err, sentinel) {
						t.Errorf("err also matches %v", sentinel)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if st.State != tc.state || st.Percent != tc.percent || st.RetryAfter != tc.retry || st.Text != tc.resp.header["X-Progress"] {
				t.Errorf("status %+v", st)
			}
			if n := len(s.polls()); n != 1 {
				t.Errorf("%d requests", n)
			}
		})
	}
}

func TestPollPartialManifest(t *testing.T) {
	t.Parallel()
	j, s := scriptedJob(t, map[string][]canned{
		"GET " + jobURL:             {{status: 200, body: manifestPage1}},
		"GET " + jobURL + "/page/2": {{status: 200, body: manifestPage2}},
	})
	st, err := j.Poll(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	m := st.Manifest
	if st.State != Completed || st.Percent != 100 || m == nil {
		t.Fatalf("status %+v", st)
	}
	var urls []string
	for _, f := range m.Output {
		urls = append(urls, string(f.Type)+" "+f.URL)
	}
	want := []string{"Patient https://bcda.example/data/42/a.ndjson", "ExplanationOfBenefit https://bcda.example/data/42/b.ndjson", "Coverage https://bcda.example/data/42/c.ndjson"}
	if strings.Join(urls, "|") != strings.Join(want, "|") {
		t.Errorf("output %v", urls)
	}
	if len(m.Error) != 1 || len(m.Deleted) != 1 || m.JobID != 42 || m.next != "" || !m.RequiresAccessToken || m.Output[1].Count != 3 {
		t.Errorf("manifest %+v", m)
	}
	if want := time.Date(2026, 11, 25, 10, 11, 12, 123456789, time.UTC); !m.TransactionTime.Equal(want) {
		t.Errorf("transactionTime %v", m.TransactionTime)
	}
	if n := len(s.polls()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestPollManifestLoop(t *testing.T) {
	t.Parallel()
	loop := strings.Replace(manifestPage1, "/page/2", "", 1)
	j, _ := scriptedJob(t, map[string][]canned{"GET " + jobURL: {{status: 200, body: loop}}})
	if _, err := j.Poll(context.Background()); err == nil || !strings.Contains(err.Error(), "loop") {
		t.Fatalf("err = %v", err)
	}
}

func TestCancel(t *testing.T) {
	t.Parallel()
	j, s := scriptedJob(t, map[string][]canned{
		"DELETE " + jobURL: {{status: 202}, {status: 410, body: `{"resourceType":"OperationOutcome","issue":[{"severity":"error","diagnostics":"job was not cancelled because it is not Pending or In Progress"}]}`}},
		"GET " + jobURL:    {{status: 404, body: `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found"}]}`}},
	})
	ctx := context.Background()
	if err := j.Cancel(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := j.Poll(ctx); !errors.Is(err, ErrJobCancelled) {
		t.Errorf("poll after cancel: %v", err)
	}
	if err := j.Cancel(ctx); err == nil || !strings.Contains(err.Error(), "not Pending") {
		t.Errorf("second cancel: %v", err)
	}
	if c := s.polls(); len(c) != 3 || c[0].method != "DELETE" {
		t.Errorf("calls %v", c)
	}
}

func TestAttach(t *testing.T) {
	t.Parallel()
	conn, _ := newTestConn(t, "https://bcda.example/base", nil)
	for _, tc := range []struct {
		in, url, id string
	}{
		{"https://bcda.example/base/api/v3/jobs/42", "https://bcda.example/base/api/v3/jobs/42", "42"},
		{"https://BCDA.example:443/base/api/v3/jobs/7/", "https://BCDA.example:443/base/api/v3/jobs/7/", "7"},
		{"/base/api/v3/jobs/9", "https://bcda.example/base/api/v3/jobs/9", "9"},
		{"https://evil.example/base/api/v3/jobs/42", "", ""},
		{"http://bcda.example/base/api/v3/jobs/42", "", ""},
		{"https://bcda.example/other/api/v3/jobs/42", "", ""},
		{"https://bcda.example/base/", "", ""},
		{"::", "", ""},
	} {
		j, err := attach(conn, tc.in)
		if tc.url == "" {
			if !errors.Is(err, ErrInvalidRequest) {
				t.Errorf("%s: err = %v, want ErrInvalidRequest", tc.in, err)
			}
			continue
		}
		if err != nil || j.URL() != tc.url || j.ID() != tc.id {
			t.Errorf("%s: %v %v", tc.in, j, err)
		}
	}
}
