package fakebcda

import (
	"encoding/json"
	"testing"
	"time"
)

// TestRunoutWindow: Group/runout is served for 180 days after the runout
// ingestion, then answers BCDA's 404 (bcda-server.md §3.3; CMSgov/bcda-app
// bcda/api/requests.go), and attribution_status reports the same ingestion.
func TestRunoutWindow(t *testing.T) {
	clock := newClock()
	ingested := time.Date(2026, 5, 1, 9, 30, 0, 250000000, time.UTC)
	for _, tt := range []struct {
		name    string
		opts    []Option
		advance time.Duration
		status  int
		stamp   time.Time
	}{
		{"default is inside the window", nil, 0, 202, clock.now().Add(-defaultRunoutAge).Truncate(time.Microsecond)},
		{"default still open after 149 days", nil, 149 * 24 * time.Hour, 202, clock.now().Add(-defaultRunoutAge).Truncate(time.Microsecond)},
		{"default expires after 150 days", nil, 150*24*time.Hour + time.Second, 404, clock.now().Add(-defaultRunoutAge).Truncate(time.Microsecond)},
		{"set: last instant of the window", []Option{WithRunoutIngestion(clock.now().Add(-runoutExpiry))}, 0, 202, clock.now().Add(-runoutExpiry)},
		{"set: older than 180 days", []Option{WithRunoutIngestion(ingested)}, 0, 404, ingested},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := &fixedClock{t: clock.now()}
			s := New(append([]Option{WithClock(c.now)}, tt.opts...)...)
			c.add(tt.advance)
			a := bearer(t, s, guideXS)
			for _, v := range []string{"v1", "v2", "v3"} {
				w := do(t, s, "GET", "/api/"+v+"/Group/runout/$export?_type=Patient", kickoffHeaders(a)...)
				if w.Code != tt.status {
					t.Fatalf("%s runout: %d %s, want %d", v, w.Code, w.Body, tt.status)
				}
				if tt.status == 404 {
					var oo struct {
						Issue []struct{ Diagnostics string }
					}
					if err := json.Unmarshal(w.Body.Bytes(), &oo); err != nil || len(oo.Issue) != 1 ||
						oo.Issue[0].Diagnostics != "runout data is no longer available. Runout data expires 180 days after ingestion" {
						t.Errorf("%s runout 404 body %s (%v)", v, w.Body, err)
					}
					if ct := w.Header().Get("Content-Type"); ct != "application/fhir+json" {
						t.Errorf("%s Content-Type %q", v, ct)
					}
				}
				// Group/all is not affected by the runout window.
				if w := do(t, s, "GET", "/api/"+v+"/Group/all/$export?_type=Patient", kickoffHeaders(a)...); w.Code != 202 {
					t.Errorf("%s all: %d %s", v, w.Code, w.Body)
				}
			}
			w := do(t, s, "GET", "/api/v3/attribution_status", "Authorization", a)
			var st struct {
				Dates []struct {
					Timestamp time.Time
					Type      string
				} `json:"ingestion_dates"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &st); err != nil || w.Code != 200 || len(st.Dates) != 2 {
				t.Fatalf("attribution_status %d %s (%v)", w.Code, w.Body, err)
			}
			if d := st.Dates[1]; d.Type != "last_runout_update" || !d.Timestamp.Equal(tt.stamp) {
				t.Errorf("last_runout_update %v %q, want %v", d.Timestamp, d.Type, tt.stamp)
			}
		})
	}
}

func TestWithRunoutIngestionRejectsZero(t *testing.T) {
	if err := WithRunoutIngestion(time.Time{})(&config{}); err == nil {
		t.Error("zero time accepted")
	}
}
