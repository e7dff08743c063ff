// Package auth obtains and applies BCDA bearer tokens.
//
// BCDA exchanges a client ID and secret (Credentials) for a bearer token at
// POST /auth/token with HTTP Basic authentication. Tokens live 20 minutes.
// NewBasic returns a TokenSource that caches the token, replaces it shortly
// before it expires, and lets any number of goroutines share a single
// request to the token endpoint. A refresh that fails while the old token
// has not yet expired leaves callers on the old token, and a rate-limited
// token endpoint (429 with Retry-After) is not asked again before the
// Retry-After has passed. Transport is an http.RoundTripper that adds
// the token to each request and, when the server answers 401, fetches a new
// token and replays the request once.
//
// Most programs do not use this package directly: client.New builds the
// token source and transport from client.WithCredentials, and
// client.WithTokenOptions passes it BasicOptions (WithLeeway, WithTimeout,
// WithMaxWait, WithLogger) without the token URL being spelled out. Use the
// package to supply your own TokenSource (client.WithTokenSource) or to
// authenticate an HTTP client of your own. Like every option of the SDK, a
// BasicOption checks its argument and NewBasic returns the first error; a
// nil option is an error.
//
// Secrets and tokens are never printed: Credentials and Token redact
// themselves under every fmt verb, the token source logs no token, and
// errors (*TokenError, ErrInvalidCredentials) name the client ID only.
package auth
