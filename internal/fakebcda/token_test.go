package fakebcda

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

func basic(c creds) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(c.id+":"+c.secret))
}

func TestTokenEndpoint(t *testing.T) {
	s := New()
	defer s.Close()
	for _, c := range []creds{guideXS, guideSmall, guideMedium, guideLarge, guideXL} {
		w := do(t, s, "POST", "/auth/token", "Authorization", basic(c), "Accept", "application/json")
		if w.Code != http.StatusOK {
			t.Fatalf("%v: status %d", c, w.Code)
		}
		re := regexp.MustCompile(`^\{"access_token": "([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)", "expires_in": "1200", "token_type":"bearer"\}$`)
		m := re.FindStringSubmatch(w.Body.String())
		if m == nil {
			t.Fatalf("body %q does not match BCDA's format", w.Body)
		}
		for k, v := range map[string]string{"Content-Type": "application/json", "Cache-Control": "no-store", "Pragma": "no-cache", "Connection": "close"} {
			if got := w.Header().Get(k); got != v {
				t.Errorf("%s = %q, want %q", k, got, v)
			}
		}
		payload, err := base64.RawURLEncoding.DecodeString(strings.Split(m[1], ".")[1])
		if err != nil {
			t.Fatal(err)
		}
		var cl map[string]any
		if err := json.Unmarshal(payload, &cl); err != nil {
			t.Fatal(err)
		}
		if cl["cid"] != c.id || cl["iss"] != "ssas" || !strings.Contains(cl["dat"].(string), "cms_ids") {
			t.Errorf("claims %v", cl)
		}
		if exp, iat := cl["exp"].(float64), cl["iat"].(float64); exp-iat != 1200 {
			t.Errorf("exp-iat = %v", exp-iat)
		}
	}
}

func TestTokenErrors(t *testing.T) {
	s := New()
	defer s.Close()
	bad := guideSmall
	bad.secret = "nope"
	tests := []struct {
		name   string
		method string
		hdr    []string
		status int
		body   string
	}{
		{"no auth", "POST", nil, 400, "Bad Request\n"},
		{"bearer instead of basic", "POST", []string{"Authorization", "Bearer x"}, 400, "Bad Request\n"},
		{"wrong secret", "POST", []string{"Authorization", basic(bad)}, 401, "Unauthorized\n"},
		{"unknown id", "POST", []string{"Authorization", basic(creds{"x", "y"})}, 401, "Unauthorized\n"},
		{"GET", "GET", []string{"Authorization", basic(guideSmall)}, 405, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(t, s, tt.method, "/auth/token", tt.hdr...)
			if w.Code != tt.status || w.Body.String() != tt.body {
				t.Fatalf("got %d %q, want %d %q", w.Code, w.Body, tt.status, tt.body)
			}
			if tt.body != "" && w.Header().Get("Content-Type") != "text/plain; charset=utf-8" {
				t.Errorf("Content-Type %q", w.Header().Get("Content-Type"))
			}
		})
	}
}

func TestTokenLifetimeOption(t *testing.T) {
	s := New(WithTokenLifetime(90 * time.Second))
	defer s.Close()
	w := do(t, s, "POST", "/auth/token", "Authorization", basic(guideSmall))
	if !strings.Contains(w.Body.String(), `"expires_in": "90"`) {
		t.Fatalf("body %s", w.Body)
	}
}

func TestRegister(t *testing.T) {
	s := New()
	defer s.Close()
	c := creds{"my-id", "my-secret"}
	if w := do(t, s, "POST", "/auth/token", "Authorization", basic(c)); w.Code != 401 {
		t.Fatalf("before Register: %d", w.Code)
	}
	s.Register(c.id, c.secret, 3)
	if w := do(t, s, "POST", "/auth/token", "Authorization", basic(c)); w.Code != 200 {
		t.Fatalf("after Register: %d", w.Code)
	}
	if err := s.RegisterACO(ACO{ClientID: "x"}); err == nil {
		t.Fatal("RegisterACO accepted an empty secret")
	}
}

func TestBearerChecks(t *testing.T) {
	clock := newClock()
	s := New(WithClock(clock.now))
	defer s.Close()
	good := bearer(t, s, guideXS)
	garbage := "Bearer not-a-jwt"
	tests := []struct {
		name   string
		path   string
		authz  string
		status int
		body   string
	}{
		{"missing v1", "/api/v1/jobs/1", "", 401,
			`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"forbidden","diagnostics":"Invalid Token"}]}`},
		{"missing v2", "/api/v2/jobs/1", "", 401,
			`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"forbidden","diagnostics":"Invalid Token","details":{"coding":[{"system":"http://hl7.org/fhir/ValueSet/operation-outcome","code":"Request Error","display":"Invalid Token"}],"text":"Invalid Token"}}]}`},
		{"missing v3", "/api/v3/jobs/1", "", 401,
			`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"forbidden","diagnostics":"Invalid Token","details":{"text":"Invalid Token"}}]}`},
		{"lowercase bearer", "/api/v1/jobs/1", strings.Replace(good, "Bearer", "bearer", 1), 401,
			`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"forbidden","diagnostics":"Invalid Token"}]}`},
		{"two spaces", "/api/v1/jobs/1", strings.Replace(good, " ", "  ", 1), 401,
			`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"forbidden","diagnostics":"Invalid Token"}]}`},
		{"garbage jwt", "/api/v1/jobs/1", garbage, 400,
			`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"structure","diagnostics":"Request Error"}]}`},
		{"garbage on metadata", "/api/v3/metadata", garbage, 400, ""},
		{"data without token", "/data/1/x.ndjson", "", 401,
			`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"forbidden","diagnostics":"Invalid Token"}]}`},
		{"welcome", "/auth/welcome", good, 200, `{"success":"Welcome to the Beneficiary Claims Data API!"}`},
		{"welcome without token", "/auth/welcome", "", 401, ""},
		{"metadata without token", "/api/v1/metadata", "", 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hdr []string
			if tt.authz != "" {
				hdr = []string{"Authorization", tt.authz}
			}
			w := do(t, s, "GET", tt.path, hdr...)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			if tt.body != "" && w.Body.String() != tt.body {
				t.Fatalf("body\n%s\nwant\n%s", w.Body, tt.body)
			}
			if tt.status >= 400 && w.Header().Get("Content-Type") != "application/fhir+json" {
				t.Errorf("Content-Type %q", w.Header().Get("Content-Type"))
			}
		})
	}

	t.Run("expiry on the clock", func(t *testing.T) {
		tok := bearer(t, s, guideXS)
		clock.add(20*time.Minute - time.Second)
		if w := do(t, s, "GET", "/auth/welcome", "Authorization", tok); w.Code != 200 {
			t.Fatalf("before expiry: %d", w.Code)
		}
		clock.add(time.Second)
		w := do(t, s, "GET", "/api/v2/jobs/1", "Authorization", tok)
		if w.Code != 401 || !strings.Contains(w.Body.String(), `"diagnostics":"Expired Token"`) {
			t.Fatalf("after expiry: %d %s", w.Code, w.Body)
		}
	})
	t.Run("ExpireTokens", func(t *testing.T) {
		tok := bearer(t, s, guideXS)
		s.ExpireTokens()
		w := do(t, s, "GET", "/auth/welcome", "Authorization", tok)
		if w.Code != 401 || !strings.Contains(w.Body.String(), "Expired Token") {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		if w := do(t, s, "GET", "/auth/welcome", "Authorization", bearer(t, s, guideXS)); w.Code != 200 {
			t.Fatalf("new token after ExpireTokens: %d", w.Code)
		}
	})
	t.Run("ExpireTokens before any token", func(t *testing.T) {
		s := New()
		defer s.Close()
		s.ExpireTokens() // no token exists yet: the first one used meets the 401
		tok := bearer(t, s, guideXS)
		for i, want := range []int{401, 200} {
			if i == 1 {
				tok = bearer(t, s, guideXS)
			}
			if w := do(t, s, "GET", "/auth/welcome", "Authorization", tok); w.Code != want {
				t.Fatalf("request %d: %d %s, want %d", i+1, w.Code, w.Body, want)
			}
		}
	})
}

func TestRequestLogBounded(t *testing.T) {
	s := New()
	defer s.Close()
	for range maxLog + 5 {
		do(t, s, "GET", "/_version")
	}
	do(t, s, "GET", "/_health")
	if n := s.Requests("GET", "/_version"); n != maxLog+5 {
		t.Errorf("Requests = %d", n)
	}
	if n := s.Requests("", ""); n != maxLog+6 {
		t.Errorf("all requests = %d", n)
	}
	log := s.Log()
	if len(log) != maxLog || log[len(log)-1].Path != "/_health" || log[len(log)-1].Status != 200 {
		t.Errorf("log of %d, last %+v", len(log), log[len(log)-1])
	}
	s.ResetLog()
	if s.Requests("", "") != 0 || len(s.Log()) != 0 {
		t.Error("ResetLog kept something")
	}
}

func TestInvalidOptionsPanic(t *testing.T) {
	for name, o := range map[string]Option{
		"clock":     WithClock(nil),
		"lifetime":  WithTokenLifetime(0),
		"pending":   WithPendingPolls(-1),
		"progress":  WithInProgressPolls(-1),
		"latency":   WithLatency(-1),
		"bandwidth": WithBandwidth(-1),
		"retry":     WithRetryAfter(-1),
		"batch":     WithBatchSize("Observation", 5),
		"batch0":    WithBatchSize("Patient", 0),
		"logger":    WithLogger(nil),
		"gzip":      WithGzipLevel(10),
		"cache":     WithCacheDir(""),
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.HasPrefix(fmt.Sprint(r), "fakebcda: ") {
					t.Errorf("%s: panic %v", name, r)
				}
			}()
			New(o)
		}()
	}
}
