package auth

import (
	"errors"
	"net/http"
	"strconv"
	"time"
)

// ErrInvalidCredentials reports that the token endpoint rejected the client ID
// and secret (HTTP 401 or 403). It is never retried: check the credentials,
// which BCDA expires after 90 days, or the sandbox values in the
// documentation. Match it with errors.Is.
var ErrInvalidCredentials = errors.New("auth: credentials rejected by the token endpoint")

// TokenError describes a failed token request. It never holds the client
// secret or a token.
type TokenError struct {
	// URL is the token endpoint.
	URL string
	// ClientID names the credentials that were used.
	ClientID string
	// StatusCode is the HTTP status, or 0 when no response arrived.
	StatusCode int
	// RetryAfter is the server's requested wait on 429 or 503, when given.
	RetryAfter time.Duration
	// Body is the start of a plain-text error body, trimmed.
	Body string
	// Err is the underlying cause when there was no usable response.
	Err error
}

// Error reads like "auth: POST https://host/auth/token (client 1234…): 401
// Unauthorized: credentials rejected".
func (e *TokenError) Error() string {
	s := "auth: POST " + e.URL
	if e.ClientID != "" {
		s += " (client " + e.ClientID + ")"
	}
	if e.StatusCode != 0 {
		s += ": " + strconv.Itoa(e.StatusCode) + " " + http.StatusText(e.StatusCode)
		switch {
		case e.rejected():
			s += ": credentials rejected"
			if isSandboxClientID(e.ClientID) {
				s += " (CMS rotates the sandbox secrets; the current ones are published at " + SandboxCredentialsURL + ")"
			}
		case e.Body != "":
			s += ": " + e.Body
		}
		if e.RetryAfter > 0 {
			s += " (retry after " + e.RetryAfter.String() + ")"
		}
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying cause.
func (e *TokenError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrInvalidCredentials) true for 401 and 403.
func (e *TokenError) Is(target error) bool {
	return target == ErrInvalidCredentials && e.rejected()
}

// rejected reports whether the endpoint refused the credentials themselves.
func (e *TokenError) rejected() bool {
	return e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden
}
