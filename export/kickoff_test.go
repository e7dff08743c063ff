package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bcda-go/bcda/fhir"
)

func TestKickoffURL(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	plus5 := time.FixedZone("", 5*3600)
	eob, pat, cov, claim := fhir.TypeExplanationOfBenefit, fhir.TypePatient, fhir.TypeCoverage, fhir.TypeClaim
	tests := []struct {
		name    string
		version string
		types   []fhir.ResourceType
		since   time.Time
		opts    []KickoffOption
		want    string // path?query, or "" when invalid
		errText string
	}{
		{name: "default", version: "v3", want: "/api/v3/Patient/$export"},
		{name: "types", version: "v3", types: []fhir.ResourceType{eob, pat}, want: "/api/v3/Patient/$export?_type=ExplanationOfBenefit,Patient"},
		{name: "since plus offset", version: "v2", since: time.Date(2026, 2, 13, 8, 0, 0, 123456789, plus5),
			want: "/api/v2/Patient/$export?_since=2026-02-13T08%3A00%3A00.123%2B05%3A00"},
		{name: "since UTC", version: "v1", since: time.Date(2020, 2, 13, 8, 0, 0, 0, time.UTC),
			want: "/api/v1/Patient/$export?_since=2020-02-13T08%3A00%3A00.000Z"},
		{name: "group all", version: "v3", opts: []KickoffOption{GroupAll()}, want: "/api/v3/Group/all/$export"},
		{name: "group runout", version: "v3", types: []fhir.ResourceType{cov}, opts: []KickoffOption{GroupRunout()}, want: "/api/v3/Group/runout/$export?_type=Coverage"},
		{name: "type filter", version: "v3", opts: []KickoffOption{TypeFilter("ExplanationOfBenefit?outcome=complete")},
			want: "/api/v3/Patient/$export?_typeFilter=ExplanationOfBenefit%3Foutcome%3Dcomplete"},
		{name: "type filter tag", version: "v3", opts: []KickoffOption{TypeFilter("ExplanationOfBenefit?_tag=https://bluebutton.cms.gov/fhir/CodeSystem/System-Type|SharedSystem&service-date=gt2024-01-01T00:00:00+05:00")},
			want: "/api/v3/Patient/$export?_typeFilter=ExplanationOfBenefit%3F_tag%3Dhttps%253A%252F%252Fbluebutton.cms.gov%252Ffhir%252FCodeSystem%252FSystem-Type%257CSharedSystem%26service-date%3Dgt2024-01-01T00%253A00%253A00%252B05%253A00"},
		{name: "type filter pre-encoded", version: "v3", opts: []KickoffOption{TypeFilter("ExplanationOfBenefit%3Foutcome%3Dpartial")},
			want: "/api/v3/Patient/$export?_typeFilter=ExplanationOfBenefit%3Foutcome%3Dpartial"},
		{name: "v2 claim", version: "v2", types: []fhir.ResourceType{claim}, want: "/api/v2/Patient/$export?_type=Claim"},
		{name: "v3 claim", version: "v3", types: []fhir.ResourceType{claim}, errText: `"Claim" is not served by BCDA v3`},
		{name: "v1 claim response", version: "v1", types: []fhir.ResourceType{fhir.TypeClaimResponse}, errText: "not served"},
		{name: "unknown type", version: "v2", types: []fhir.ResourceType{"Observation"}, errText: "not served"},
		{name: "repeated", version: "v3", types: []fhir.ResourceType{eob, pat, eob}, errText: "repeated"},
		{name: "future since", version: "v3", since: now.Add(time.Minute), errText: "in the future"},
		{name: "two groups", version: "v3", opts: []KickoffOption{GroupAll(), GroupRunout()}, errText: "two groups"},
		{name: "type filter on v2", version: "v2", opts: []KickoffOption{TypeFilter("ExplanationOfBenefit?outcome=complete")}, errText: "v3 only"},
		{name: "type filter other type", version: "v3", opts: []KickoffOption{TypeFilter("Patient?gender=male")}, errText: "ExplanationOfBenefit only"},
		{name: "type filter bad param", version: "v3", opts: []KickoffOption{TypeFilter("ExplanationOfBenefit?status=active")}, errText: "not supported"},
		{name: "type filter twice", version: "v3", opts: []KickoffOption{TypeFilter("ExplanationOfBenefit?outcome=complete"), TypeFilter("ExplanationOfBenefit?outcome=partial")}, errText: "single"},
		{name: "bad version", version: "v4", errText: "API version"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			conn, _ := newTestConn(t, "https://bcda.example/prefix", nil)
			conn.Version = tc.version
			var k kickoff
			var err error
			for _, o := range tc.opts {
				if err = o(&k); err != nil {
					break
				}
			}
			if err == nil {
				err = conn.validate()
			}
			var got string
			if err == nil {
				var u interface{ RequestURI() string }
				u, err = kickoffURL(conn, tc.types, tc.since, k, now)
				if err == nil {
					got = strings.TrimPrefix(u.RequestURI(), "/prefix")
				}
			}
			if tc.errText != "" {
				if !errors.Is(err, ErrInvalidRequest) || !strings.Contains(err.Error(), tc.errText) {
					t.Fatalf("err = %v, want ErrInvalidRequest containing %q", err, tc.errText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// kickoffServer answers kick-offs and job lists like BCDA.
type kickoffServer struct {
	mu        sync.Mutex
	status    int
	location  string
	jobs      string // Bundle JSON for /jobs; "" = 404 no jobs
	requests  []*http.Request
	listQuery string
}

func (s *kickoffServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r)
	s.mu.Unlock()
	if r.Header.Get("Accept") != "application/fhir+json" || r.Header.Get("Prefer") != "respond-async" {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","diagnostics":"Accept header is required"}]}`)
		return
	}
	if strings.HasSuffix(r.URL.Path, "/jobs") {
		s.mu.Lock()
		s.listQuery = r.URL.RawQuery
		s.mu.Unlock()
		if s.jobs == "" {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","diagnostics":"no Jobs found for acoID 1 with job statuses [Pending]"}]}{"resourceType":"Bundle"}`)
			return
		}
		io.WriteString(w, s.jobs)
		return
	}
	switch s.status {
	case http.StatusAccepted:
		w.Header().Set("Content-Location", s.location)
		w.WriteHeader(http.StatusAccepted)
	case http.StatusTooManyRequests:
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(http.StatusTooManyRequests)
	default:
		w.WriteHeader(s.status)
		io.WriteString(w, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","diagnostics":"Invalid date format"}]}`)
	}
}

func taskBundleJSON(host string, tasks ...[3]string) string {
	var entries []string
	for _, t := range tasks { // id, status, request
		entries = append(entries, fmt.Sprintf(`{"resource":{"resourceType":"Task","identifier":[{"use":"official","system":"%s/api/v3/jobs","value":"%s"}],"status":"%s","intent":"order","input":[{"type":{"text":"BULK FHIR Export"},"valueString":"GET %s"}],"executionPeriod":{"start":"2026-11-25T10:00:0%sZ","end":"2026-11-25T10:01:00Z"}}}`,
			host, t[0], t[1], t[2], t[0][len(t[0])-1:]))
	}
	return `{"resourceType":"Bundle","type":"searchset","total":` + fmt.Sprint(len(tasks)) + `,"entry":[` + strings.Join(entries, ",") + `]}`
}

func TestStart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	types := []fhir.ResourceType{fhir.TypePatient, fhir.TypeCoverage}
	since := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

	t.Run("202 relative location", func(t *testing.T) {
		ks := &kickoffServer{status: http.StatusAccepted, location: "/api/v3/jobs/42"}
		ts := httptest.NewServer(ks)
		defer ts.Close()
		conn, _ := newTestConn(t, ts.URL, nil)
		job, err := start(ctx, conn, types, since)
		if err != nil {
			t.Fatal(err)
		}
		if job.ID() != "42" || job.URL() != ts.URL+"/api/v3/jobs/42" {
			t.Errorf("job %s at %s", job.ID(), job.URL())
		}
		r := ks.requests[0]
		if r.Header.Get("User-Agent") != "export-test" || r.Header.Get("Authorization") != "Bearer tok0" {
			t.Errorf("headers %v", r.Header)
		}
		if got, want := r.URL.RawQuery, "_since=2025-01-02T03%3A04%3A05.000Z&_type=Patient,Coverage"; got != want {
			t.Errorf("query %s, want %s", got, want)
		}
	})
	t.Run("refused", func(t *testing.T) {
		ks := &kickoffServer{status: http.StatusBadRequest}
		ts := httptest.NewServer(ks)
		defer ts.Close()
		conn, _ := newTestConn(t, ts.URL, nil)
		_, err := start(ctx, conn, types, since)
		var ae *testAPIError
		if !errors.As(err, &ae) || ae.code != 400 || !strings.Contains(err.Error(), "Invalid date format") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("invalid before any request", func(t *testing.T) {
		ks := &kickoffServer{status: http.StatusAccepted}
		ts := httptest.NewServer(ks)
		defer ts.Close()
		conn, _ := newTestConn(t, ts.URL, nil)
		_, err := start(ctx, conn, []fhir.ResourceType{fhir.TypeClaim}, since)
		if !errors.Is(err, ErrInvalidRequest) || len(ks.requests) != 0 {
			t.Fatalf("err = %v after %d requests", err, len(ks.requests))
		}
	})
	t.Run("duplicate", func(t *testing.T) {
		ks := &kickoffServer{status: http.StatusTooManyRequests}
		ts := httptest.NewServer(ks)
		defer ts.Close()
		conn, _ := newTestConn(t, ts.URL, nil)
		_, err := start(ctx, conn, types, since)
		var be *BusyError
		if !errors.Is(err, errTestRateLimited) || !errors.As(err, &be) || !strings.Contains(err.Error(), "no pending or running job of this ACO overlaps it") {
			t.Fatalf("err = %v, want a *BusyError matching rate limited", err)
		}
		if len(ks.requests) != 2 {
			t.Errorf("%d requests, want the kick-off and the job list", len(ks.requests))
		}
	})
	t.Run("duplicate attach", func(t *testing.T) {
		ks := &kickoffServer{status: http.StatusTooManyRequests}
		ts := httptest.NewServer(ks)
		defer ts.Close()
		ks.jobs = taskBundleJSON(ts.URL,
			[3]string{"5", "in-progress", ts.URL + "/api/v3/Patient/$export?_type=Patient"},
			[3]string{"6", "accepted", ts.URL + "/api/v3/Patient/$export?_type=Coverage,Patient&_since=2025-01-02T03%3A04%3A05.000Z"},
			[3]string{"7", "in-progress", ts.URL + "/api/v2/Patient/$export?_type=Coverage,Patient&_since=2025-01-02T03%3A04%3A05.000Z"},
		)
		conn, _ := newTestConn(t, ts.URL, nil)
		job, err := start(ctx, conn, types, since, AttachIfRunning())
		if err != nil {
			t.Fatal(err)
		}
		if job.ID() != "6" || job.URL() != ts.URL+"/api/v3/jobs/6" || job.Started() {
			t.Errorf("attached to %s, started %v (want adopted)", job.URL(), job.Started())
		}
		if ks.listQuery != "_status=Pending,In%20Progress" {
			t.Errorf("jobs query %q", ks.listQuery)
		}
		if len(ks.requests) != 2 {
			t.Errorf("%d requests, want 2", len(ks.requests))
		}
	})
	t.Run("duplicate attach, none matches", func(t *testing.T) {
		ks := &kickoffServer{status: http.StatusTooManyRequests}
		ts := httptest.NewServer(ks)
		defer ts.Close()
		conn, _ := newTestConn(t, ts.URL, nil)
		_, err := start(ctx, conn, types, since, AttachIfRunning())
		if !errors.Is(err, errTestRateLimited) || !strings.Contains(err.Error(), "no pending or running job of this ACO overlaps it") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestListJobs(t *testing.T) {
	t.Parallel()
	ks := &kickoffServer{}
	ts := httptest.NewServer(ks)
	defer ts.Close()
	conn, _ := newTestConn(t, ts.URL, nil)
	ctx := context.Background()
	jobs, err := listJobs(ctx, conn)
	if err != nil || len(jobs) != 0 {
		t.Fatalf("no jobs: %v, %v", jobs, err)
	}
	ks.jobs = taskBundleJSON(ts.URL, [3]string{"3", "completed", ts.URL + "/api/v3/Group/all/$export"})
	jobs, err = listJobs(ctx, conn, Completed, Archived)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("jobs %v, err %v", jobs, err)
	}
	want := JobInfo{ID: "3", URL: ts.URL + "/api/v3/jobs/3", State: Completed, Request: ts.URL + "/api/v3/Group/all/$export",
		Created: time.Date(2026, 11, 25, 10, 0, 3, 0, time.UTC), Updated: time.Date(2026, 11, 25, 10, 1, 0, 0, time.UTC)}
	if jobs[0] != want {
		t.Errorf("got  %+v\nwant %+v", jobs[0], want)
	}
	if ks.listQuery != "_status=Completed,Archived" {
		t.Errorf("query %q", ks.listQuery)
	}
	for _, bad := range [][]State{{"Running"}, {Pending, Pending}} {
		if _, err := listJobs(ctx, conn, bad...); !errors.Is(err, ErrInvalidRequest) {
			t.Errorf("%v: err = %v", bad, err)
		}
	}
}
