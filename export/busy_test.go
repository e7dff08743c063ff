package export

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bcda-go/bcda/fhir"
)

// BCDA's hasDuplicates (bcda-app bcda/web/middleware/ratelimit.go).
func TestOverlaps(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"/api/v3/Patient/$export?_type=Patient", "/api/v3/Patient/$export?_type=Patient", true},
		{"/api/v3/Patient/$export", "/api/v3/Patient/$export?_type=Coverage", true},  // one lacks _type
		{"/api/v3/Group/all/$export?_type=Patient", "/api/v3/Patient/$export", true}, // the other lacks it
		{"/api/v3/Patient/$export?_type=Patient,Coverage", "/api/v3/Group/all/$export?_type=Coverage", true},
		{"/api/v3/Patient/$export?_type=Patient", "/api/v3/Patient/$export?_type=Coverage,ExplanationOfBenefit", false},
		{"/api/v3/Patient/$export?_type=Patient&_since=2025-01-01T00:00:00Z", "/api/v3/Patient/$export?_type=Coverage", false},
	}
	for _, tt := range tests {
		a, b := mustParse(t, tt.a), mustParse(t, tt.b)
		if got := overlaps(a, b); got != tt.want {
			t.Errorf("overlaps(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

const (
	kickoffPatient = "GET https://bcda.example/api/v3/Patient/$export?_type=Patient"
	listRunning    = "GET https://bcda.example/api/v3/jobs?_status=Pending,In%20Progress"
)

// busyConn answers the kick-off from kick and the job list with one
// overlapping job (7, Patient and Coverage) started by someone else.
func busyConn(t *testing.T, kick []canned, jobs string) (connection, *script) {
	t.Helper()
	s := &script{resp: map[string][]canned{
		kickoffPatient: kick,
		listRunning:    {{status: 200, body: jobs}},
	}}
	conn := connection{
		BaseURL:       mustParse(t, "https://bcda.example"),
		Version:       "v3",
		API:           &http.Client{Transport: s},
		Anonymous:     &http.Client{Transport: s},
		CheckResponse: testCheckResponse,
	}
	return conn, s
}

var (
	refused  = canned{status: 429, header: map[string]string{"Retry-After": "30"}}
	accepted = canned{status: 202, header: map[string]string{"Content-Location": "https://bcda.example/api/v3/jobs/8"}}
	patient  = []fhir.ResourceType{fhir.TypePatient}
)

func overlapping() string {
	return taskBundleJSON("https://bcda.example", [3]string{"7", "in-progress", "https://bcda.example/api/v3/Patient/$export?_type=Patient,Coverage"})
}

func TestWaitIfBusy(t *testing.T) {
	t.Run("waits out Retry-After and kicks off again", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			conn, _ := busyConn(t, []canned{refused, refused, accepted}, overlapping())
			var seen []Busy
			began := time.Now()
			job, err := start(t.Context(), conn, patient, time.Time{}, WaitIfBusy(10*time.Minute, func(b Busy) { seen = append(seen, b) }))
			if err != nil {
				t.Fatal(err)
			}
			if job.ID() != "8" || !job.Started() {
				t.Errorf("job %s started %v", job.ID(), job.Started())
			}
			if d := time.Since(began); d != time.Minute {
				t.Errorf("waited %v, want two Retry-Afters of 30s", d)
			}
			if len(seen) != 2 || seen[1].Waited != 30*time.Second || seen[0].RetryAfter != 30*time.Second ||
				len(seen[0].Blocking) != 1 || seen[0].Blocking[0].ID != "7" || seen[0].Budget != 10*time.Minute {
				t.Errorf("notified %+v", seen)
			}
		})
	})
	t.Run("budget spent names the blocking job", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			conn, _ := busyConn(t, []canned{refused}, overlapping())
			began := time.Now()
			_, err := start(t.Context(), conn, patient, time.Time{}, WaitIfBusy(45*time.Second, nil))
			var be *BusyError
			if !errors.As(err, &be) || !errors.Is(err, errTestRateLimited) || be.Waited != 30*time.Second {
				t.Fatalf("err = %v", err)
			}
			if d := time.Since(began); d != 30*time.Second {
				t.Errorf("gave up after %v: a wait that would pass the budget must not begin", d)
			}
			for _, want := range []string{"after waiting 30s", "job 7 (In Progress, https://bcda.example/api/v3/Patient/$export?_type=Patient,Coverage)", "DELETE https://bcda.example/api/v3/jobs/7"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
		})
	})
	t.Run("no Retry-After: backoff schedule", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			zero := canned{status: 429, header: map[string]string{"Retry-After": "0"}}
			conn, _ := busyConn(t, []canned{zero, accepted}, `{"resourceType":"Bundle","entry":[]}`)
			var seen []Busy
			if _, err := start(t.Context(), conn, patient, time.Time{}, WaitIfBusy(time.Hour, func(b Busy) { seen = append(seen, b) })); err != nil {
				t.Fatal(err)
			}
			if len(seen) != 1 || seen[0].RetryAfter < busyFloor/2 || seen[0].RetryAfter >= busyFloor || len(seen[0].Blocking) != 0 {
				t.Errorf("notified %+v", seen)
			}
		})
	})
	t.Run("identical job adopted, not waited for", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			same := taskBundleJSON("https://bcda.example", [3]string{"5", "in-progress", "https://bcda.example/api/v3/Patient/$export?_type=Patient"})
			conn, _ := busyConn(t, []canned{refused}, same)
			job, err := start(t.Context(), conn, patient, time.Time{}, WaitIfBusy(time.Hour, nil), AttachIfRunning())
			if err != nil || job.ID() != "5" || job.Started() {
				t.Fatalf("job %v, err %v: want job 5 adopted", job, err)
			}
		})
	})
	t.Run("options validate", func(t *testing.T) {
		conn, _ := busyConn(t, nil, "")
		for _, o := range []KickoffOption{WaitIfBusy(0, nil), nil} {
			if _, err := start(context.Background(), conn, patient, time.Time{}, o); !errors.Is(err, ErrInvalidRequest) {
				t.Errorf("err = %v", err)
			}
		}
	})
}

func TestAttachBareID(t *testing.T) {
	conn, _ := busyConn(t, nil, "")
	for _, in := range []string{"42", " 42 ", "https://bcda.example/api/v3/jobs/42", "/api/v3/jobs/42"} {
		j, err := attach(conn, in)
		if err != nil || j.URL() != "https://bcda.example/api/v3/jobs/42" || j.ID() != "42" || j.Started() {
			t.Errorf("attach(%q) = %v, %v", in, j, err)
		}
	}
	if _, err := attach(conn, "https://elsewhere.example/api/v3/jobs/42"); !errors.Is(err, ErrInvalidRequest) {
		t.Errorf("foreign host: %v", err)
	}
	// A bare ID is one path element, as the /jobs Bundle's are: ".." would
	// name /api/v3 itself, and "a%zz" the base URL.
	for _, in := range []string{".", ".."} {
		if _, err := attach(conn, in); !errors.Is(err, ErrInvalidRequest) {
			t.Errorf("attach(%q): %v", in, err)
		}
	}
	if j, err := attach(conn, "a%zz"); err != nil || j.URL() != "https://bcda.example/api/v3/jobs/a%25zz" {
		t.Errorf("attach(%q) = %v, %v", "a%zz", j, err)
	}
}
