package client

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/netguard"
	"github.com/bcda-go/bcda/internal/retryafter"
)

// Sentinels matched by *APIError through errors.Is, by status code.
var (
	ErrUnauthorized = errors.New("bcda: unauthorized (401)")    // token missing, expired or rejected even after a refresh
	ErrForbidden    = errors.New("bcda: forbidden (403)")       // e.g. the ACO is not enabled for this API version
	ErrNotFound     = errors.New("bcda: not found (404)")       // unknown job, archived file, no attribution
	ErrGone         = errors.New("bcda: gone (410)")            // expired job, or a cancel of a finished job
	ErrRateLimited  = errors.New("bcda: rate limited (429)")    // duplicate export running, or too many requests
	ErrServer       = errors.New("bcda: server error (5xx)")    // any 5xx; on job status, 500 means the job failed
	ErrUnavailable  = errors.New("bcda: unavailable (502-504)") // still failing after the retries
)

// Timeouts (see Timeouts). The errors matching them name the step, the
// request's method and sanitised URL, and the limit; they are net.Error
// timeouts too.
var (
	// ErrConnectTimeout: no connection (TLS included) within Timeouts.Connect.
	ErrConnectTimeout = netguard.ErrConnectTimeout
	// ErrHeaderTimeout: the server took the request but sent no response
	// headers within Timeouts.Header.
	ErrHeaderTimeout = netguard.ErrHeaderTimeout
	// ErrIdleTimeout: a response body delivered no byte for Timeouts.Idle.
	ErrIdleTimeout = netguard.ErrIdleTimeout
)

// APIError is the error for every response that is not a success. It
// carries no credentials or tokens: the URL has its user information and any
// secret-looking query values removed.
type APIError struct {
	// StatusCode is the HTTP status, e.g. 400.
	StatusCode int
	// Method and URL identify the request.
	Method, URL string
	// RetryAfter is the wait the server asked for, or 0.
	RetryAfter time.Duration
	// Outcome is the FHIR OperationOutcome the server explained the error
	// with, or nil (token endpoint, data files, 429 and some 500s are not
	// FHIR). Issue codes BCDA leaves empty or that are not R4 codes are
	// given as processing; severities as error.
	Outcome *fhir.OperationOutcome
	// Body is the start of the response body (at most 1 KiB), trimmed.
	Body string
}

// Error reads like
// "GET /api/v3/Patient/$export: 400 Bad Request: Invalid date format …".
func (e *APIError) Error() string {
	var b strings.Builder
	if e.Method != "" || e.URL != "" {
		b.WriteString(e.Method)
		if u, err := url.Parse(e.URL); err == nil && u.Path != "" {
			b.WriteString(" " + u.Path)
		} else if e.URL != "" {
			b.WriteString(" " + e.URL)
		}
		b.WriteString(": ")
	}
	b.WriteString(strconv.Itoa(e.StatusCode))
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteByte(' ')
		b.WriteString(t)
	}
	if m := e.Message(); m != "" {
		b.WriteString(": ")
		b.WriteString(m)
	}
	if e.RetryAfter > 0 {
		b.WriteString(" (retry after ")
		b.WriteString(e.RetryAfter.String())
		b.WriteByte(')')
	}
	return b.String()
}

// Message returns the server's explanation: the OperationOutcome's
// diagnostics (or details text), else the first line of a plain-text body
// unless it only repeats the status text. It may be empty.
func (e *APIError) Message() string {
	if e.Outcome != nil {
		var msgs []string
		for _, is := range e.Outcome.Issue {
			switch {
			case is.Diagnostics != nil && strings.TrimSpace(*is.Diagnostics) != "":
				msgs = append(msgs, strings.TrimSpace(*is.Diagnostics))
			case is.Details != nil && is.Details.Text != nil && strings.TrimSpace(*is.Details.Text) != "":
				msgs = append(msgs, strings.TrimSpace(*is.Details.Text))
			}
		}
		return strings.Join(msgs, "; ")
	}
	line, _, _ := strings.Cut(e.Body, "\n")
	line = strings.TrimSpace(line)
	if strings.EqualFold(line, http.StatusText(e.StatusCode)) {
		return ""
	}
	return line
}

// Is matches the sentinels: ErrUnauthorized (401), ErrForbidden (403),
// ErrNotFound (404), ErrGone (410), ErrRateLimited (429), ErrServer (5xx),
// ErrUnavailable (502, 503, 504).
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrGone:
		return e.StatusCode == http.StatusGone
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500 && e.StatusCode <= 599
	case ErrUnavailable:
		return e.StatusCode >= 502 && e.StatusCode <= 504
	}
	return false
}

// errBodyLimit bounds how much of an error body is read; OperationOutcomes
// from BCDA are a few hundred bytes.
const errBodyLimit = 64 << 10

// bodyKeep is how much of the body APIError.Body keeps.
const bodyKeep = 1 << 10

// checkResponse returns nil for a 2xx response and leaves it untouched.
// For any other status it reads (up to 64 KiB) and closes the body and
// returns an *APIError.
func checkResponse(resp *http.Response) error {
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		return nil
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, errBodyLimit))
	// Draining a little more lets a short overrun keep its connection alive.
	io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
	resp.Body.Close()

	e := &APIError{StatusCode: resp.StatusCode}
	if req := resp.Request; req != nil {
		e.Method = req.Method
		if req.URL != nil {
			e.URL = sanitizeURL(req.URL)
		}
	}
	e.RetryAfter, _ = retryafter.FromResponse(resp, time.Now())
	e.Outcome = decodeOutcome(body)
	e.Body = trimBody(body)
	return e
}

// trimBody shortens an error body to bodyKeep bytes for APIError.Body,
// dropping a character the cut would split.
func trimBody(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > bodyKeep {
		s = strings.ToValidUTF8(s[:bodyKeep], "") + "…"
	}
	return s
}

// sanitizeURL returns u as a string without user information and with the
// values of secret-looking query parameters (token, signature, key,
// credential, password, code…) replaced by REDACTED, so that a presigned
// download URL can be logged or shown in an error.
func sanitizeURL(u *url.URL) string {
	c := *u
	c.User = nil
	c.RawQuery = redactQuery(c.RawQuery)
	return c.String()
}

// secretParts are the name fragments that mark a query parameter as secret:
// presigned URLs put signatures, keys and session tokens in the query.
var secretParts = []string{"token", "sig", "key", "secret", "credential", "password", "auth", "code", "session"}

// secretParam reports whether the query parameter name may hold a secret.
func secretParam(name string) bool {
	n := strings.ToLower(name)
	return slices.ContainsFunc(secretParts, func(p string) bool { return strings.Contains(n, p) })
}
