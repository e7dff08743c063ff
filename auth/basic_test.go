package auth

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
)

const testTokenURL = "https://bcda.test/auth/token"

var testCreds = Credentials{ClientID: "client-id-1", ClientSecret: "s3cr3t-value-never-printed"}

// tokenServer answers token requests with tok-1, tok-2, … and counts them.
type tokenServer struct {
	n         atomic.Int32
	expiresIn string // JSON value of expires_in, raw; "" omits it
	gate      chan struct{}
}

func (ts *tokenServer) respond(req *http.Request) (*http.Response, error) {
	if ts.gate != nil {
		select {
		case <-ts.gate:
		case <-req.Context().Done():
			return nil, req.Context().Err()
		}
	}
	id, secret, ok := req.BasicAuth()
	if !ok || id != testCreds.ClientID || secret != testCreds.ClientSecret {
		return httpmock.NewStringResponse(http.StatusUnauthorized, "Unauthorized\n"), nil
	}
	n := ts.n.Add(1)
	body := fmt.Sprintf(`{"access_token": "tok-%d", "token_type":"bearer"`, n)
	if ts.expiresIn != "" {
		body += `, "expires_in": ` + ts.expiresIn
	}
	return httpmock.NewStringResponse(http.StatusOK, body+"}"), nil
}

func newSource(t *testing.T, ts *tokenServer, opts ...BasicOption) (TokenSource, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodPost, testTokenURL, ts.respond)
	return mustBasic(t, testTokenURL, testCreds, &http.Client{Transport: mt}, opts...), mt
}

func TestBasicRequestShape(t *testing.T) {
	mt := httpmock.NewMockTransport()
	var got *http.Request
	mt.RegisterResponder(http.MethodPost, testTokenURL, func(r *http.Request) (*http.Response, error) {
		got = r
		return httpmock.NewStringResponse(200, `{"access_token": "abc", "expires_in": "1200", "token_type":"bearer"}`), nil
	})
	src := mustBasic(t, testTokenURL, testCreds, &http.Client{Transport: mt})
	tok, err := src.Token(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken != "abc" {
		t.Errorf("token %q", tok.AccessToken)
	}
	id, secret, ok := got.BasicAuth()
	if !ok || id != testCreds.ClientID || secret != testCreds.ClientSecret {
		t.Errorf("basic auth = %q, %v", id, ok)
	}
	if a := got.Header.Get("Accept"); a != "application/json" {
		t.Errorf("Accept = %q", a)
	}
}

func TestBasicExpiresIn(t *testing.T) {
	tests := []struct {
		raw  string
		want time.Duration
	}{
		{`"1200"`, 20 * time.Minute},
		{`1200`, 20 * time.Minute},
		{`3600`, time.Hour},
		{`"300.5"`, 300*time.Second + 500*time.Millisecond},
		{``, defaultLifetime},
		{`null`, defaultLifetime},
		{`"soon"`, defaultLifetime},
		{`-5`, defaultLifetime},
		{`"0"`, defaultLifetime},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				src, _ := newSource(t, &tokenServer{expiresIn: tt.raw})
				start := time.Now()
				tok, err := src.Token(t.Context())
				if err != nil {
					t.Fatal(err)
				}
				if got := tok.Expiry.Sub(start); got != tt.want {
					t.Errorf("lifetime %v, want %v", got, tt.want)
				}
			})
		})
	}
}

func TestBasicSingleFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ts := &tokenServer{expiresIn: `"1200"`, gate: make(chan struct{})}
		src, mt := newSource(t, ts)
		const callers = 50
		var wg sync.WaitGroup
		toks := make([]Token, callers)
		errs := make([]error, callers)
		for i := range callers {
			wg.Go(func() { toks[i], errs[i] = src.Token(t.Context()) })
		}
		synctest.Wait() // every caller is now waiting on the one request
		close(ts.gate)
		wg.Wait()
		for i := range callers {
			if errs[i] != nil || toks[i].AccessToken != "tok-1" {
				t.Fatalf("caller %d: %v, %v", i, toks[i], errs[i])
			}
		}
		if n := mt.GetTotalCallCount(); n != 1 {
			t.Errorf("%d callers made %d token requests, want 1", callers, n)
		}
	})
}

func TestBasicRefreshAheadOfExpiry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src, mt := newSource(t, &tokenServer{expiresIn: `"1200"`})
		ctx := t.Context()
		first, _ := src.Token(ctx)
		time.Sleep(20*time.Minute - defaultLeeway - time.Second)
		if tok, _ := src.Token(ctx); tok.AccessToken != first.AccessToken {
			t.Fatalf("refreshed too early: %v", tok)
		}
		time.Sleep(2 * time.Second) // now inside the leeway
		tok, err := src.Token(ctx)
		if err != nil || tok.AccessToken != "tok-2" {
			t.Fatalf("after leeway: %v, %v", tok, err)
		}
		if time.Until(tok.Expiry) < 19*time.Minute {
			t.Errorf("new token expires in %v", time.Until(tok.Expiry))
		}
		if n := mt.GetTotalCallCount(); n != 2 {
			t.Errorf("%d requests, want 2", n)
		}
	})
}

func TestBasicFailureNotCached(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mt := httpmock.NewMockTransport()
		gate := make(chan struct{})
		var calls atomic.Int32
		mt.RegisterResponder(http.MethodPost, testTokenURL, func(r *http.Request) (*http.Response, error) {
			if calls.Add(1) == 1 {
				<-gate
				return httpmock.NewStringResponse(500, "Internal Server Error\n"), nil
			}
			return httpmock.NewStringResponse(200, `{"access_token":"good","expires_in":1200}`), nil
		})
		src := mustBasic(t, testTokenURL, testCreds, &http.Client{Transport: mt})
		var wg sync.WaitGroup
		errs := make([]error, 5)
		for i := range errs {
			wg.Go(func() { _, errs[i] = src.Token(t.Context()) })
		}
		synctest.Wait()
		close(gate)
		wg.Wait()
		for i, err := range errs {
			var te *TokenError
			if !errors.As(err, &te) || te.StatusCode != 500 {
				t.Fatalf("waiter %d: %v", i, err)
			}
		}
		if tok, err := src.Token(t.Context()); err != nil || tok.AccessToken != "good" {
			t.Fatalf("after failure: %v, %v", tok, err)
		}
		if n := calls.Load(); n != 2 {
			t.Errorf("%d requests, want 2 (500 is not retried)", n)
		}
	})
}

func TestBasicInvalidCredentials(t *testing.T) {
	src, mt := newSource(t, &tokenServer{})
	bad := mustBasic(t, testTokenURL, Credentials{ClientID: "who", ClientSecret: "wrong-secret-xyz"}, &http.Client{Transport: mt})
	_, err := bad.Token(t.Context())
	if !errors.Is(err, ErrInvalidCredentials) {
		t.Fatalf("err = %v, want ErrInvalidCredentials", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "401") || !strings.Contains(msg, "who") || strings.Contains(msg, "wrong-secret-xyz") {
		t.Errorf("error text %q", msg)
	}
	if n := mt.GetTotalCallCount(); n != 1 {
		t.Errorf("401 was retried: %d requests", n)
	}
	_ = src
}

func TestBasicRetryAfter(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		header    string
		wantErr   bool
		wantCalls int
		wantWait  time.Duration
	}{
		{"503 retry-after 1", 503, "1", false, 2, time.Second},
		{"429 retry-after 20", 429, "20", false, 2, 20 * time.Second},
		{"429 retry-after 300 exceeds cap", 429, "300", true, 1, 0},
		{"503 without retry-after", 503, "", false, 2, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				mt := httpmock.NewMockTransport()
				var calls atomic.Int32
				mt.RegisterResponder(http.MethodPost, testTokenURL, func(r *http.Request) (*http.Response, error) {
					if calls.Add(1) == 1 {
						resp := httpmock.NewStringResponse(tt.status, "client-id-1 exceeded the rate limit for /auth/token.")
						if tt.header != "" {
							resp.Header.Set("Retry-After", tt.header)
						}
						return resp, nil
					}
					return httpmock.NewStringResponse(200, `{"access_token":"ok"}`), nil
				})
				src := mustBasic(t, testTokenURL, testCreds, &http.Client{Transport: mt})
				start := time.Now()
				_, err := src.Token(t.Context())
				waited := time.Since(start)
				if (err != nil) != tt.wantErr {
					t.Fatalf("err = %v", err)
				}
				if tt.wantErr {
					var te *TokenError
					if !errors.As(err, &te) || te.RetryAfter != 300*time.Second || !errors.Is(err, err) {
						t.Errorf("err = %#v", err)
					}
				}
				if int(calls.Load()) != tt.wantCalls {
					t.Errorf("%d calls, want %d", calls.Load(), tt.wantCalls)
				}
				if waited < tt.wantWait || waited > tt.wantWait+time.Second {
					t.Errorf("waited %v, want about %v", waited, tt.wantWait)
				}
			})
		})
	}
}

func TestBasicCallerCancellation(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ts := &tokenServer{expiresIn: "1200", gate: make(chan struct{})}
		src, _ := newSource(t, ts)
		impatient, cancel := context.WithCancel(t.Context())
		var wg sync.WaitGroup
		var errA, errB error
		var tokB Token
		wg.Go(func() { _, errA = src.Token(impatient) })
		wg.Go(func() { tokB, errB = src.Token(t.Context()) })
		synctest.Wait()
		cancel()
		synctest.Wait()
		if !errors.Is(errA, context.Canceled) {
			t.Errorf("cancelled caller: %v", errA)
		}
		close(ts.gate)
		wg.Wait()
		if errB != nil || tokB.AccessToken != "tok-1" {
			t.Errorf("patient caller: %v, %v", tokB, errB)
		}
	})
}

func TestBasicAbandonedFetch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ts := &tokenServer{expiresIn: "1200", gate: make(chan struct{})}
		src, _ := newSource(t, ts)
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() { _, err := src.Token(ctx); done <- err }()
		synctest.Wait()
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
		synctest.Wait() // the abandoned request has returned: its context was cancelled
		if n := ts.n.Load(); n != 0 {
			t.Fatalf("abandoned fetch completed %d requests", n)
		}
		close(ts.gate)
		tok, err := src.Token(t.Context())
		if err != nil || tok.AccessToken != "tok-1" {
			t.Fatalf("fresh fetch: %v, %v", tok, err)
		}
	})
}

func TestBasicFetchTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ts := &tokenServer{gate: make(chan struct{})} // never answers
		src, _ := newSource(t, ts, WithTimeout(5*time.Second))
		start := time.Now()
		_, err := src.Token(t.Context())
		if !errors.Is(err, ErrTokenTimeout) || time.Since(start) != 5*time.Second {
			t.Fatalf("err = %v after %v", err, time.Since(start))
		}
		if msg := err.Error(); !strings.Contains(msg, testTokenURL) || !strings.Contains(msg, "token fetch timed out after 5s") {
			t.Errorf("message %q: want the URL, the step and the limit", msg)
		}
	})
}

// brokenBody fails its first read the way a stalled connection does.
type brokenBody struct{}

func (brokenBody) Read([]byte) (int, error) { return 0, errors.New("response body stalled") }
func (brokenBody) Close() error             { return nil }

func TestBasicBodyFailureRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ts := &tokenServer{}
		mt := httpmock.NewMockTransport()
		var calls atomic.Int32
		mt.RegisterResponder(http.MethodPost, testTokenURL, func(req *http.Request) (*http.Response, error) {
			if calls.Add(1) == 1 {
				return &http.Response{StatusCode: 200, Body: brokenBody{}, Header: http.Header{}, Request: req}, nil
			}
			return ts.respond(req)
		})
		src := mustBasic(t, testTokenURL, testCreds, &http.Client{Transport: mt})
		tok, err := src.Token(t.Context())
		if err != nil || tok.AccessToken != "tok-1" || calls.Load() != 2 {
			t.Fatalf("token %q, err %v after %d requests; want tok-1 on the second", tok.AccessToken, err, calls.Load())
		}
	})
}

func TestBasicNoRedirect(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodPost, testTokenURL, func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(http.StatusTemporaryRedirect, "")
		resp.Header.Set("Location", "https://elsewhere.test/steal")
		return resp, nil
	})
	src := mustBasic(t, testTokenURL, testCreds, &http.Client{Transport: mt})
	_, err := src.Token(t.Context())
	var te *TokenError
	if !errors.As(err, &te) || te.StatusCode != http.StatusTemporaryRedirect {
		t.Fatalf("err = %v", err)
	}
	if n := mt.GetTotalCallCount(); n != 1 {
		t.Errorf("redirect followed: %d calls", n)
	}
}

func TestBasicBadResponseNotQuoted(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodPost, testTokenURL,
		httpmock.NewStringResponder(200, `{"access_token": "leaky-token-123", "expires_in": `))
	_, err := mustBasic(t, testTokenURL, testCreds, &http.Client{Transport: mt}).Token(t.Context())
	if err == nil || strings.Contains(err.Error(), "leaky-token-123") {
		t.Fatalf("err = %v", err)
	}
}

func TestBasicInvalidateKeepsNewer(t *testing.T) {
	src, mt := newSource(t, &tokenServer{expiresIn: "1200"})
	ctx := t.Context()
	old, _ := src.Token(ctx)
	src.Invalidate(old)
	fresh, _ := src.Token(ctx)
	if fresh.AccessToken != "tok-2" {
		t.Fatalf("after invalidate: %v", fresh)
	}
	src.Invalidate(old) // a late 401 for the old token must not drop the new one
	if again, _ := src.Token(ctx); again.AccessToken != "tok-2" {
		t.Fatalf("newer token dropped: %v", again)
	}
	if n := mt.GetTotalCallCount(); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestRedaction(t *testing.T) {
	secret := testCreds.ClientSecret
	tok := Token{AccessToken: "eyJhbGciOiJSUzUxMiJ9.payload.sig", Expiry: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	src := mustBasic(t, testTokenURL, testCreds, nil)
	b := src.(*basic)
	b.cur.Store(&cached{tok: tok})
	values := []any{tok, &tok, testCreds, &testCreds, src, &Transport{Source: src},
		struct{ T Token }{tok}, struct{ C Credentials }{testCreds}, []Token{tok}}
	for _, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%t", "%T"} {
			out := fmt.Sprintf(verb, v)
			if strings.Contains(out, secret) || strings.Contains(out, tok.AccessToken) ||
				strings.Contains(out, fmt.Sprintf("%x", secret)) || strings.Contains(out, fmt.Sprintf("%x", tok.AccessToken)) {
				t.Errorf("%s of %T leaks: %s", verb, v, out)
			}
		}
	}
}

func TestBasicJWTExpiryFallback(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		jwt := func(exp int64) string {
			payload := base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf(`{"iss":"ssas","exp":%d,"use":"AccessToken"}`, exp)))
			return "eyJhbGciOiJSUzUxMiJ9." + payload + ".c2ln"
		}
		now := time.Now().Unix()
		tests := []struct {
			name, body string
			want       time.Duration
		}{
			{"expires_in wins", `{"access_token":"` + jwt(now+600) + `","expires_in":"1200"}`, 20 * time.Minute},
			{"exp when expires_in missing", `{"access_token":"` + jwt(now+600) + `"}`, 10 * time.Minute},
			{"exp already past", `{"access_token":"` + jwt(now-600) + `"}`, defaultLifetime},
			{"exp too far", `{"access_token":"` + jwt(now+7*86400) + `"}`, defaultLifetime},
			{"not a JWT", `{"access_token":"opaque"}`, defaultLifetime},
		}
		for _, tt := range tests {
			mt := httpmock.NewMockTransport()
			mt.RegisterResponder(http.MethodPost, testTokenURL, httpmock.NewStringResponder(200, tt.body))
			tok, err := mustBasic(t, testTokenURL, testCreds, &http.Client{Transport: mt}).Token(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if got := time.Until(tok.Expiry); got != tt.want {
				t.Errorf("%s: lifetime %v, want %v", tt.name, got, tt.want)
			}
		}
	})
}

func TestBasicShortLivedTokenReused(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// A lifetime below the leeway must not turn every call into a fetch.
		src, mt := newSource(t, &tokenServer{expiresIn: "30"})
		ctx := t.Context()
		for range 10 {
			if tok, err := src.Token(ctx); err != nil || tok.AccessToken != "tok-1" {
				t.Fatalf("within the first half of its life: %v, %v", tok, err)
			}
			time.Sleep(time.Second)
		}
		time.Sleep(6 * time.Second) // 16 s of 30: past half its life
		if tok, err := src.Token(ctx); err != nil || tok.AccessToken != "tok-2" {
			t.Fatalf("after half its life: %v, %v", tok, err)
		}
		if n := mt.GetTotalCallCount(); n != 2 {
			t.Errorf("%d token requests, want 2", n)
		}
	})
}

func TestBasicRateLimitHold(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mt := httpmock.NewMockTransport()
		var calls atomic.Int32
		mt.RegisterResponder(http.MethodPost, testTokenURL, func(*http.Request) (*http.Response, error) {
			if calls.Add(1) == 1 {
				resp := httpmock.NewStringResponse(429, "client-id-1 exceeded the rate limit for /auth/token.")
				resp.Header.Set("Retry-After", "300")
				return resp, nil
			}
			return httpmock.NewStringResponse(200, `{"access_token":"ok","expires_in":1200}`), nil
		})
		src := mustBasic(t, testTokenURL, testCreds, &http.Client{Transport: mt})
		if _, err := src.Token(t.Context()); err == nil {
			t.Fatal("429 gave a token")
		}
		// While the Retry-After runs, callers get the refusal without a request.
		time.Sleep(100 * time.Second)
		_, err := src.Token(t.Context())
		var te *TokenError
		if !errors.As(err, &te) || te.StatusCode != 429 || te.RetryAfter != 200*time.Second {
			t.Fatalf("during Retry-After: %#v", err)
		}
		if n := calls.Load(); n != 1 {
			t.Fatalf("%d token requests during Retry-After, want 1", n)
		}
		time.Sleep(200 * time.Second)
		if tok, err := src.Token(t.Context()); err != nil || tok.AccessToken != "ok" {
			t.Fatalf("after Retry-After: %v, %v", tok, err)
		}
		if n := calls.Load(); n != 2 {
			t.Errorf("%d token requests, want 2", n)
		}
	})
}

func TestBasicEarlyRefreshFailureKeepsToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mt := httpmock.NewMockTransport()
		var calls atomic.Int32
		mt.RegisterResponder(http.MethodPost, testTokenURL, func(*http.Request) (*http.Response, error) {
			if calls.Add(1) == 1 {
				return httpmock.NewStringResponse(200, `{"access_token":"first","expires_in":"1200"}`), nil
			}
			resp := httpmock.NewStringResponse(429, "A9994 exceeded the rate limit for /auth/token.")
			resp.Header.Set("Retry-After", "300")
			return resp, nil
		})
		src := mustBasic(t, testTokenURL, testCreds, &http.Client{Transport: mt})
		ctx := t.Context()
		if tok, err := src.Token(ctx); err != nil || tok.AccessToken != "first" {
			t.Fatalf("first: %v, %v", tok, err)
		}
		// Inside the leeway the refresh fails, but the token is still good.
		time.Sleep(19*time.Minute + 30*time.Second)
		for range 3 {
			if tok, err := src.Token(ctx); err != nil || tok.AccessToken != "first" {
				t.Fatalf("inside the leeway: %v, %v", tok, err)
			}
		}
		if n := calls.Load(); n != 2 {
			t.Errorf("%d token requests, want 2 (the refusal's Retry-After is honoured)", n)
		}
		// Once the token has lapsed, the refusal reaches the caller.
		time.Sleep(time.Minute)
		_, err := src.Token(ctx)
		var te *TokenError
		if !errors.As(err, &te) || te.StatusCode != 429 || te.RetryAfter != 4*time.Minute {
			t.Fatalf("after expiry: %#v", err)
		}
	})
}

// mustBasic is NewBasic for tests whose options are valid.
func mustBasic(t testing.TB, tokenURL string, c Credentials, hc *http.Client, opts ...BasicOption) TokenSource {
	t.Helper()
	src, err := NewBasic(tokenURL, c, hc, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func TestNewBasicRejects(t *testing.T) {
	for _, tt := range []struct {
		name string
		url  string
		c    Credentials
		opts []BasicOption
		want string
	}{
		{"nil option", testTokenURL, testCreds, []BasicOption{nil}, "option 1 is nil"},
		{"negative leeway", testTokenURL, testCreds, []BasicOption{WithLeeway(-time.Second)}, "WithLeeway(-1s)"},
		{"zero timeout", testTokenURL, testCreds, []BasicOption{WithLeeway(0), WithTimeout(0)}, "WithTimeout(0s)"},
		{"nil logger", testTokenURL, testCreds, []BasicOption{WithLogger(nil)}, "WithLogger(nil)"},
		{"negative max wait", testTokenURL, testCreds, []BasicOption{WithMaxWait(-1)}, "WithMaxWait(-1ns)"},
		{"relative URL", "/auth/token", testCreds, nil, "not an absolute http(s) URL"},
		{"no secret", testTokenURL, Credentials{ClientID: "id"}, nil, "must both be set"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src, err := NewBasic(tt.url, tt.c, nil, tt.opts...)
			if err == nil || src != nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("NewBasic = %v, %v; want an error containing %q", src, err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), testCreds.ClientSecret) {
				t.Errorf("error leaks the secret: %v", err)
			}
		})
	}
}
