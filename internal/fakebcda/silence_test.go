package fakebcda

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
)

func TestSilence(t *testing.T) {
	for _, tt := range []struct {
		name       string
		after      int64
		wantHeader bool
		wantBody   int
	}{
		{"no answer at all", -1, false, 0},
		{"headers then nothing", 0, true, 0},
		{"some bytes then nothing", 5, true, 5},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := New()
				defer s.Close()
				s.Silence(SilenceRule{Path: "/_version", AfterBytes: tt.after, Times: 1})
				ctx, hangUp := context.WithCancel(t.Context())
				rec := httptest.NewRecorder()
				done := make(chan struct{})
				go func() {
					s.ServeHTTP(rec, httptest.NewRequestWithContext(ctx, "GET", "/_version", nil))
					close(done)
				}()
				synctest.Wait() // the handler is now silent
				select {
				case <-done:
					t.Fatal("the handler finished instead of going silent")
				default:
				}
				if rec.Flushed != tt.wantHeader || rec.Body.Len() != tt.wantBody {
					t.Errorf("flushed %v with %d body bytes, want %v and %d", rec.Flushed, rec.Body.Len(), tt.wantHeader, tt.wantBody)
				}
				hangUp()
				<-done
				if w := do(t, s, "GET", "/_version"); w.Code != 200 || !strings.Contains(w.Body.String(), "r292") {
					t.Errorf("after Times: %d %q", w.Code, w.Body)
				}
			})
		})
	}
}

func TestStartJobElsewhere(t *testing.T) {
	s := New()
	defer s.Close()
	id, err := s.StartJobElsewhere(advSmall.id, "/api/v3/Patient/$export?_type=Patient")
	if err != nil || id != 1 {
		t.Fatalf("id %d, err %v", id, err)
	}
	a := bearer(t, s, advSmall)
	// Overlapping _type: BCDA's duplicate rule refuses it. (BCDA compares
	// the running job's _type as one string, so the new request must hold
	// the list.)
	if w := do(t, s, "GET", "/api/v3/Group/all/$export?_type=Coverage,Patient", kickoffHeaders(a)...); w.Code != http.StatusTooManyRequests {
		t.Errorf("overlapping kick-off: %d", w.Code)
	}
	w := do(t, s, "GET", "/api/v3/jobs?_status=Pending,In%20Progress", kickoffHeaders(a)...)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "_type=Patient") {
		t.Errorf("/jobs: %d %s", w.Code, w.Body)
	}
	if _, err := s.StartJobElsewhere("nobody", "/api/v3/Patient/$export"); err == nil {
		t.Error("unknown client accepted")
	}
}
