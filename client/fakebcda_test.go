package client

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bcda-go/bcda/auth"
	"github.com/bcda-go/bcda/internal/fakebcda"
	"github.com/bcda-go/bcda/internal/fakebcda/fakebcdatest"
)

// handlerTransport serves requests from an http.Handler in memory, so that
// tests using it can run inside a synctest bubble.
type handlerTransport struct{ h http.Handler }

func (ht handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	ht.h.ServeHTTP(rec, req)
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}

func TestFakeServerEndpoints(t *testing.T) {
	for _, v := range []Version{V1, V2, V3} {
		t.Run(string(v), func(t *testing.T) {
			s, ts := fakebcdatest.NewServer(t)
			c, err := New(WithBaseURL(ts.URL), WithVersion(v), WithCredentials(auth.SandboxSmall()))
			if err != nil {
				t.Fatal(err)
			}
			ctx := t.Context()
			cs, err := c.Metadata(ctx)
			if err != nil {
				t.Fatalf("Metadata: %v", err)
			}
			if cs.Software == nil || cs.Software.Name == "" || len(cs.Rest) == 0 {
				t.Errorf("Metadata: %+v", cs)
			}
			if rel, err := c.ServerVersion(ctx); err != nil || rel != "r292" {
				t.Errorf("ServerVersion: %q, %v", rel, err)
			}
			if err := c.Health(ctx); err != nil {
				t.Errorf("Health: %v", err)
			}
			ing, err := c.AttributionStatus(ctx)
			if err != nil || len(ing) == 0 {
				t.Errorf("AttributionStatus: %v, %v", ing, err)
			}
			if n := s.Requests("POST", "/auth/token"); n != 1 {
				t.Errorf("%d token requests", n)
			}
		})
	}
}

func TestFakeServerExpiredTokenReplay(t *testing.T) {
	s, ts := fakebcdatest.NewServer(t)
	c, err := New(WithBaseURL(ts.URL), WithCredentials(auth.SandboxSmall()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.AttributionStatus(t.Context()); err != nil {
		t.Fatal(err)
	}
	s.ExpireTokens()
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			if _, err := c.AttributionStatus(t.Context()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := s.Requests("POST", "/auth/token"); n != 2 {
		t.Errorf("%d token requests, want 2", n)
	}
}

func TestFakeServerRejectedCredentials(t *testing.T) {
	s, ts := fakebcdatest.NewServer(t)
	c, _ := New(WithBaseURL(ts.URL), WithCredentials(auth.Credentials{ClientID: "nobody", ClientSecret: "nothing"}))
	_, err := c.AttributionStatus(t.Context())
	if !errors.Is(err, auth.ErrInvalidCredentials) {
		t.Fatalf("err = %v", err)
	}
	if n := s.Requests("POST", "/auth/token"); n != 1 {
		t.Errorf("rejected credentials retried: %d token requests", n)
	}
}

func TestFakeServerRetryAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := fakebcda.New()
		defer s.Close()
		s.Fail(fakebcda.FaultRule{Method: "GET", Path: "/api/v3/attribution_status", Times: 2, Status: 503, RetryAfter: "7"})
		c, err := New(WithBaseURL("http://fake.localhost"), WithCredentials(auth.SandboxSmall()),
			WithHTTPClient(&http.Client{Transport: handlerTransport{s}}))
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if _, err := c.AttributionStatus(t.Context()); err != nil {
			t.Fatal(err)
		}
		if w := time.Since(start); w < 14*time.Second || w > 16*time.Second {
			t.Errorf("waited %v for two Retry-After: 7", w)
		}
		if n := s.Requests("GET", "/api/v3/attribution_status"); n != 3 {
			t.Errorf("%d attempts, want 3", n)
		}
	})
}

func TestFakeServerTokenExpiryOnClock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := fakebcda.New(fakebcda.WithTokenLifetime(20 * time.Minute))
		defer s.Close()
		c, _ := New(WithBaseURL("http://fake.localhost"), WithCredentials(auth.SandboxSmall()),
			WithHTTPClient(&http.Client{Transport: handlerTransport{s}}))
		for range 7 { // 70 minutes of calls every 10 minutes
			if _, err := c.AttributionStatus(t.Context()); err != nil {
				t.Fatal(err)
			}
			time.Sleep(10 * time.Minute)
		}
		// A token lasts 20 minutes less the leeway: refreshed every other call,
		// and never rejected (no 401 replay needed).
		if n := s.Requests("POST", "/auth/token"); n != 4 {
			t.Errorf("%d token requests over 70 minutes, want 4", n)
		}
		if n := s.Requests("GET", "/api/v3/attribution_status"); n != 7 {
			t.Errorf("%d API requests, want 7 (no 401 replays)", n)
		}
	})
}
