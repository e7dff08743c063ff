package auth

import (
	"errors"
	"io"
	"net/http"
)

// Transport is an http.RoundTripper that adds "Authorization: Bearer <token>"
// from Source to every request it sends.
//
// When the server answers 401, Transport invalidates the token it sent (not
// a newer one another goroutine may already hold), obtains a fresh token and
// sends the request once more. The replay needs a request without a body or
// with GetBody set (http.NewRequest sets it for in-memory bodies); other
// requests get the 401 back unchanged, though their token is still
// invalidated so that the next request does not repeat the failure.
// Transport sends the token to whatever host the request names: restrict it
// to one origin by routing only that origin's requests through it (the
// client package does).
type Transport struct {
	// Source provides the tokens. It must not be nil.
	Source TokenSource
	// Base sends the requests; nil means http.DefaultTransport.
	Base http.RoundTripper
}

// errNoSource reports a Transport without a Source.
var errNoSource = errors.New("auth: Transport.Source is nil")

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.Source == nil {
		closeBody(req)
		return nil, errNoSource
	}
	tok, err := t.Source.Token(req.Context())
	if err != nil {
		closeBody(req)
		return nil, err
	}
	resp, err := t.base().RoundTrip(withToken(req, tok))
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return hideToken(resp, req), err
	}
	// The token is dropped even when this request cannot be replayed, so
	// that the next request does not meet the same 401.
	t.Source.Invalidate(tok)
	if !replayable(req) {
		return hideToken(resp, req), nil
	}
	fresh, err := t.Source.Token(req.Context())
	if err != nil {
		drain(resp)
		return nil, err
	}
	if fresh.AccessToken == tok.AccessToken {
		// The source cannot do better; the 401 is the answer.
		return hideToken(resp, req), nil
	}
	drain(resp)
	retry := withToken(req, fresh)
	if hasBody(req) {
		if retry.Body, err = req.GetBody(); err != nil {
			return nil, err
		}
	}
	resp, err = t.base().RoundTrip(retry)
	return hideToken(resp, req), err
}

// hideToken points resp back at the caller's request: the copy the base
// transport saw carries the token, and resp.Request is visible to callers.
func hideToken(resp *http.Response, req *http.Request) *http.Response {
	if resp != nil {
		resp.Request = req
	}
	return resp
}

func (t *Transport) base() http.RoundTripper {
	if t.Base != nil {
		return t.Base
	}
	return http.DefaultTransport
}

// withToken returns a shallow copy of req carrying tok; RoundTrippers must not
// modify the caller's request.
func withToken(req *http.Request, tok Token) *http.Request {
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	return r
}

// replayable reports whether req can be sent a second time.
func replayable(req *http.Request) bool {
	return !hasBody(req) || req.GetBody != nil
}

// hasBody reports whether req carries a body that sending consumes.
func hasBody(req *http.Request) bool {
	return req.Body != nil && req.Body != http.NoBody
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// drain reads a little of a discarded response so that its connection can be
// reused, then closes it.
func drain(resp *http.Response) {
	io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
	resp.Body.Close()
}
