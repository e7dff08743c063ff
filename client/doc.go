// Package client is the typed client for the CMS Beneficiary Claims Data API
// (BCDA).
//
// A Client holds the server's base URL, the API version (V1, V2 or V3),
// the credentials and an HTTP stack built for BCDA:
//
//	retry (go-retryablehttp) → bearer token (auth.Transport, base origin only) → base transport
//
// The retry layer retries connection errors and the statuses 429, 502, 503
// and 504 only, honouring Retry-After (seconds, an HTTP date, or an absolute
// Unix time) up to a cap, with jitter, and stops at once when the context is
// done. It never retries 500, which BCDA uses to say that an export job
// failed, nor a 429 refusing a $export kick-off, which means the same export
// is still running. The token layer adds the token only to requests for the base
// URL's origin, so a redirect or a file URL elsewhere never receives it, and
// it replays a request once with a fresh token after a 401.
//
// Every response that is not a success becomes an *APIError with the status,
// the request, the Retry-After and the OperationOutcome BCDA explained it
// with; match classes of failure with errors.Is and the sentinels
// (ErrUnauthorized, ErrForbidden, ErrNotFound, ErrGone, ErrRateLimited,
// ErrServer, ErrUnavailable).
//
// Clients print nothing unless given a logger (WithLogger), and no secret or
// token ever reaches a log line, an error or a formatted value.
//
// Bulk exports are started with (*Client).Export, which returns an
// export.Job to wait for and download.
package client
