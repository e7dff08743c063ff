package auth

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bcda-go/bcda/internal/backoff"
	"github.com/bcda-go/bcda/internal/retryafter"
)

// Defaults of NewBasic, adjustable with BasicOptions.
const (
	// defaultLeeway is how long before its expiry a token is replaced, so
	// that a request started just before expiry does not reach the server
	// with a dead token.
	defaultLeeway = time.Minute
	// defaultLifetime is assumed when the token response carries neither a
	// readable expires_in nor a JWT exp claim; BCDA tokens live 20 minutes
	// (../shared/reference/bcda-server.md, token endpoint).
	defaultLifetime = 20 * time.Minute
	// defaultTimeout bounds one token fetch, waits for Retry-After included.
	defaultTimeout = 2 * time.Minute
	// defaultMaxWait is the longest Retry-After the token source waits out;
	// a longer one (BCDA's token rate limit asks for 300 s) fails at once
	// with a *TokenError carrying RetryAfter.
	defaultMaxWait = 30 * time.Second
	// tokenAttempts is how many requests one fetch may make when the
	// endpoint answers 429 or 503 or the connection fails.
	tokenAttempts = 3
)

// A BasicOption configures the token source NewBasic returns. Each checks
// its argument; NewBasic fails with the first error, and a nil BasicOption
// is an error too. client.WithTokenOptions passes them to the token source a
// client builds for itself.
type BasicOption func(*basic) error

// ErrTokenTimeout is matched (errors.Is) by the *TokenError of a token
// fetch that did not finish within its limit (WithTimeout), retries
// included. The error names the token URL and the limit. A single request
// that stalls is bounded earlier by the HTTP client's own timeouts and
// retried within that limit.
var ErrTokenTimeout = errors.New("token fetch timed out")

// WithLeeway sets how long before its expiry a token is replaced
// (default 1 minute). It must not be negative.
func WithLeeway(d time.Duration) BasicOption {
	return func(s *basic) error {
		if d < 0 {
			return fmt.Errorf("auth: WithLeeway(%v): the leeway must not be negative", d)
		}
		s.leeway = d
		return nil
	}
}

// WithTimeout bounds one token fetch including its retries and their waits
// (default 2 minutes). It must be positive.
func WithTimeout(d time.Duration) BasicOption {
	return func(s *basic) error {
		if d <= 0 {
			return fmt.Errorf("auth: WithTimeout(%v): the timeout must be positive", d)
		}
		s.timeout = d
		return nil
	}
}

// WithMaxWait sets the longest Retry-After the source waits out before
// trying the token endpoint again (default 30 seconds); a longer one fails
// the fetch at once with a *TokenError carrying RetryAfter. Zero means never
// wait: a 429 or 503 fails at once. It must not be negative.
func WithMaxWait(d time.Duration) BasicOption {
	return func(s *basic) error {
		if d < 0 {
			return fmt.Errorf("auth: WithMaxWait(%v): the wait must not be negative", d)
		}
		s.maxWait = d
		return nil
	}
}

// WithLogger sends debug events (fetches, retries, expiry) to l; without it
// the source is silent. Tokens and secrets are never logged. l must not be
// nil.
func WithLogger(l *slog.Logger) BasicOption {
	return func(s *basic) error {
		if l == nil {
			return errors.New("auth: WithLogger(nil)")
		}
		s.logger = l
		return nil
	}
}

// NewBasic returns a TokenSource that exchanges c for bearer tokens with
// "POST tokenURL" and HTTP Basic authentication, as BCDA's /auth/token
// expects. hc sends the token requests; nil means a default client. The
// source does not follow redirects, so the credentials go only to tokenURL.
//
// The source caches the token and replaces it a minute (WithLeeway) before it
// expires (half its life before, for a token living less than twice the
// leeway). However many goroutines ask at once, one request is in flight;
// all of them share its result. A failed fetch is returned to the callers
// waiting on it and not cached, so the next call tries again. The fetch does
// not depend on any one caller's context: a caller that gives up returns
// ctx.Err() at once while the others keep waiting, and the fetch is abandoned
// only when no caller is left. While the cached token has not expired yet
// (the refresh was early, inside the leeway), callers get it instead of a
// failure. 429 and 503 answers are retried after their
// Retry-After (up to WithMaxWait). When the fetch still ends on such an
// answer, calls made before its Retry-After has passed fail at once with a
// copy of that *TokenError (RetryAfter counting down) instead of asking
// again: BCDA limits the token endpoint and more requests only prolong the
// refusal. 401 or 403 fails with an error matching ErrInvalidCredentials and
// is never retried.
func NewBasic(tokenURL string, c Credentials, hc *http.Client, opts ...BasicOption) (TokenSource, error) {
	if u, err := url.Parse(tokenURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("auth: NewBasic: token URL %q is not an absolute http(s) URL", tokenURL)
	}
	if c.ClientID == "" || c.ClientSecret == "" {
		return nil, fmt.Errorf("auth: NewBasic: %v: client ID and secret must both be set", c)
	}
	s := &basic{
		url:     tokenURL,
		creds:   c,
		leeway:  defaultLeeway,
		timeout: defaultTimeout,
		maxWait: defaultMaxWait,
	}
	if hc == nil {
		hc = &http.Client{}
	}
	noRedirect := *hc
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	s.hc = &noRedirect
	for i, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("auth: NewBasic: option %d is nil", i+1)
		}
		if err := o(s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

type basic struct {
	url     string
	creds   Credentials
	hc      *http.Client
	leeway  time.Duration
	timeout time.Duration
	maxWait time.Duration
	logger  *slog.Logger

	// cur is the cached token, read without locking on the hot path;
	// it is written only with mu held.
	cur atomic.Pointer[cached]

	mu     sync.Mutex
	flight *flight
	// holdUntil is when the token endpoint's last Retry-After ends; until
	// then holdErr is returned without a request.
	holdUntil time.Time
	holdErr   *TokenError
}

// cached is a token and the moment to start replacing it.
type cached struct {
	tok       Token
	refreshAt time.Time // zero: the token does not expire
}

// cache computes when tok is due for replacement: the leeway before its
// expiry, but never more than half its remaining life, so that a token
// living shorter than the leeway (a server sending expires_in of 30) is
// still reused instead of being fetched anew for every request.
func (s *basic) cache(tok Token) *cached {
	c := &cached{tok: tok}
	if !tok.Expiry.IsZero() {
		lead := min(s.leeway, max(time.Until(tok.Expiry)/2, 0))
		c.refreshAt = tok.Expiry.Add(-lead)
	}
	return c
}

// fresh reports whether c may still be handed out without a refresh.
func (c *cached) fresh() bool {
	return c != nil && (c.refreshAt.IsZero() || time.Now().Before(c.refreshAt))
}

// flight is one token fetch and the callers waiting for it.
type flight struct {
	done    chan struct{}
	tok     Token
	err     error
	waiters int
	cancel  context.CancelFunc
}

// String identifies the source without its secret or token.
func (s *basic) String() string {
	return "auth.NewBasic(" + s.url + ", " + s.creds.String() + ")"
}

// Format keeps every verb from printing the secret or the token.
func (s *basic) Format(f fmt.State, _ rune) { fmt.Fprint(f, s.String()) }

// Token returns the cached token while it has more than the leeway (or,
// for a short-lived token, half its life) left, and otherwise joins (or
// starts) the one fetch in flight.
func (s *basic) Token(ctx context.Context) (Token, error) {
	if c := s.cur.Load(); c.fresh() {
		return c.tok, nil
	}
	s.mu.Lock()
	if c := s.cur.Load(); c.fresh() {
		s.mu.Unlock()
		return c.tok, nil
	}
	f := s.flight
	if f == nil && s.holdErr != nil {
		if wait := time.Until(s.holdUntil); wait > 0 {
			e := *s.holdErr
			e.RetryAfter = wait
			s.mu.Unlock()
			return s.fallback(&e)
		}
		s.holdErr = nil
	}
	if f == nil {
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.timeout)
		f = &flight{done: make(chan struct{}), cancel: cancel}
		s.flight = f
		go s.run(fctx, f)
	}
	f.waiters++
	s.mu.Unlock()

	select {
	case <-f.done:
		if f.err != nil {
			return s.fallback(f.err)
		}
		return f.tok, nil
	case <-ctx.Done():
		s.mu.Lock()
		f.waiters--
		if f.waiters == 0 && s.flight == f {
			// Nobody wants this fetch any more; a later caller starts afresh.
			s.flight = nil
			f.cancel()
		}
		s.mu.Unlock()
		return Token{}, ctx.Err()
	}
}

// fallback answers a caller whose refresh failed: with the cached token when
// it has not expired yet (the refresh was early, inside the leeway), so that
// a failing token endpoint costs nothing until the token really lapses;
// otherwise with err.
func (s *basic) fallback(err error) (Token, error) {
	if c := s.cur.Load(); c != nil && c.tok.valid(0) {
		s.debug("token refresh failed; using the current token until it expires", "error", err)
		return c.tok, nil
	}
	return Token{}, err
}

// Invalidate drops t if it is the cached token; a newer token stays.
func (s *basic) Invalidate(t Token) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cur := s.cur.Load(); cur != nil && t.AccessToken != "" && cur.tok.AccessToken == t.AccessToken {
		s.cur.Store(nil)
		s.debug("token invalidated after 401")
	}
}

func (s *basic) run(ctx context.Context, f *flight) {
	tok, err := s.fetch(ctx)
	s.mu.Lock()
	if cur := s.cur.Load(); err == nil && (s.flight == f || !cur.fresh()) {
		s.cur.Store(s.cache(tok))
	}
	if s.flight == f {
		s.flight = nil
	}
	var te *TokenError
	if errors.As(err, &te) && te.RetryAfter > 0 &&
		(te.StatusCode == http.StatusTooManyRequests || te.StatusCode == http.StatusServiceUnavailable) {
		s.holdUntil, s.holdErr = time.Now().Add(te.RetryAfter), te
	}
	f.tok, f.err = tok, err
	s.mu.Unlock()
	f.cancel()
	close(f.done)
}

// fetch asks the token endpoint, retrying connection failures, 429 and 503
// a few times.
func (s *basic) fetch(ctx context.Context) (Token, error) {
	for attempt := 1; ; attempt++ {
		tok, wait, err := s.request(ctx)
		if err == nil {
			s.debug("token obtained", "expires", tok.Expiry.UTC().Format(time.RFC3339))
			return tok, nil
		}
		if ctx.Err() != nil {
			// Whatever failed, a cancelled or expired context is the cause
			// (request leaves this one check to its only caller).
			err = s.fail(0, 0, "", s.ctxErr(ctx))
		}
		if wait < 0 || attempt >= tokenAttempts || ctx.Err() != nil {
			s.debug("token request failed", "error", err)
			return Token{}, err
		}
		s.debug("token request failed; retrying", "error", err, "wait", wait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return Token{}, s.fail(0, 0, "", s.ctxErr(ctx))
		case <-t.C:
		}
	}
}

// request makes one token request. On failure it also returns how long to
// wait before another attempt, or -1 when another attempt is pointless.
func (s *basic) request(ctx context.Context) (Token, time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, http.NoBody)
	if err != nil {
		return Token{}, -1, s.fail(0, 0, "", err)
	}
	req.SetBasicAuth(s.creds.ClientID, s.creds.ClientSecret)
	req.Header.Set("Accept", "application/json")
	sent := time.Now()
	resp, err := s.hc.Do(req)
	if err != nil {
		// The transport's error may quote the URL, never the header.
		return Token{}, retryWait(), s.fail(0, 0, "", unwrapURL(err))
	}
	defer resp.Body.Close()

	switch code := resp.StatusCode; {
	case code == http.StatusOK:
		// Read in full first: a body that stalls or breaks is a network
		// failure worth another attempt, not a malformed answer.
		body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		if err != nil {
			return Token{}, retryWait(), s.fail(0, 0, "", fmt.Errorf("reading the token response: %w", err))
		}
		tok, err := decodeToken(bytes.NewReader(body), sent)
		if err != nil {
			return Token{}, -1, s.fail(code, 0, "", err)
		}
		return tok, 0, nil
	case code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable:
		ra, ok := retryafter.FromResponse(resp, time.Now())
		err := s.fail(code, ra, readText(resp.Body), nil)
		if !ok {
			return Token{}, retryWait(), err
		}
		if ra > s.maxWait {
			return Token{}, -1, err
		}
		return Token{}, ra, err
	default:
		return Token{}, -1, s.fail(code, 0, readText(resp.Body), nil)
	}
}

// ctxErr is the fetch context's error, as ErrTokenTimeout when the fetch
// ran out of its own time limit (the context carries no caller deadline:
// see Token).
func (s *basic) ctxErr(ctx context.Context) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w after %v", ErrTokenTimeout, s.timeout)
	}
	return ctx.Err()
}

func (s *basic) fail(code int, ra time.Duration, body string, err error) *TokenError {
	return &TokenError{URL: s.url, ClientID: s.creds.ClientID, StatusCode: code, RetryAfter: ra, Body: body, Err: err}
}

func (s *basic) debug(msg string, args ...any) {
	if s.logger != nil {
		s.logger.Debug("auth: "+msg, args...)
	}
}

// retryWait is the wait before retrying a token request that gave no
// Retry-After: one to two seconds on the module's backoff schedule,
// jittered so that many processes sharing credentials do not retry in step.
func retryWait() time.Duration {
	return backoff.Delay(1, time.Second, 2*time.Second)
}

// tokenResponse is BCDA's answer, e.g.
// {"access_token": "<JWT>", "expires_in": "1200", "token_type":"bearer"}.
// expires_in is a string there but a number in OAuth 2.0, so it stays raw.
type tokenResponse struct {
	AccessToken string          `json:"access_token"`
	ExpiresIn   json.RawMessage `json:"expires_in"`
}

// errBadTokenResponse is deliberately vague: the body holds a token, so it is
// never quoted.
var errBadTokenResponse = errors.New("token response is not a JSON object with an access_token")

func decodeToken(r io.Reader, sent time.Time) (Token, error) {
	var tr tokenResponse
	if err := json.NewDecoder(r).Decode(&tr); err != nil || tr.AccessToken == "" {
		return Token{}, errBadTokenResponse
	}
	life, ok := lifetime(tr.ExpiresIn)
	if !ok {
		life, ok = jwtLifetime(tr.AccessToken, sent)
	}
	if !ok {
		life = defaultLifetime
	}
	return Token{AccessToken: tr.AccessToken, Expiry: sent.Add(life)}, nil
}

// lifetime reads expires_in as a JSON number or string of seconds.
func lifetime(raw json.RawMessage) (time.Duration, bool) {
	v := strings.Trim(string(bytes.TrimSpace(raw)), `"`)
	secs, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || secs <= 0 || secs > 1e9 {
		return 0, false
	}
	return time.Duration(secs * float64(time.Second)), true
}

// jwtLifetime reads the exp claim of a JWT access token (BCDA's are JWTs)
// as a fallback when expires_in is missing. Only a lifetime between one
// minute and a day is believed: beyond that, clock skew between server and
// client would make the token look expired at once or valid for too long.
func jwtLifetime(tok string, sent time.Time) (time.Duration, bool) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return 0, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return 0, false
	}
	var claims struct {
		Exp json.Number `json:"exp"`
	}
	if json.Unmarshal(payload, &claims) != nil {
		return 0, false
	}
	exp, err := claims.Exp.Float64()
	if err != nil {
		return 0, false
	}
	life := time.Unix(int64(exp), 0).Sub(sent)
	if life < time.Minute || life > 24*time.Hour {
		return 0, false
	}
	return life, true
}

// readText returns the start of a plain-text error body, trimmed to one line.
func readText(r io.Reader) string {
	b, _ := io.ReadAll(io.LimitReader(r, 512))
	s := strings.TrimSpace(string(b))
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	return s
}

// unwrapURL drops *url.Error's "Post <url>:" prefix, which TokenError
// already states.
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
