package client

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/bcda-go/bcda/auth"
	"github.com/bcda-go/bcda/internal/netguard"
	"github.com/bcda-go/bcda/internal/origin"
	"github.com/hashicorp/go-retryablehttp"
)

// baseTransport is the RoundTripper at the bottom of the stack: the
// caller's transport or a clone of net/http's default with a bounded
// connect, under a guard that bounds the header wait and every silence in a
// body. It sits below the retry and token layers, so each attempt (token
// requests included) gets the full limits and a timed-out attempt is
// retried like a lost connection.
func baseTransport(hc *http.Client, to Timeouts) http.RoundTripper {
	limits := netguard.Limits{Connect: to.Connect, Header: to.Header, Idle: to.Idle}
	if hc != nil && hc.Transport != nil {
		return &netguard.Transport{Base: requestKeeper{hc.Transport}, Limits: limits}
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = netguard.Dialer(to.Connect, nil)
	// TLS counts as part of connecting; net/http's own 10 s default is kept
	// unless the connect limit is shorter.
	t.TLSHandshakeTimeout = min(t.TLSHandshakeTimeout, to.Connect)
	return &netguard.Transport{Base: t, Limits: limits}
}

// requestKeeper makes sure every response names its request, as
// net/http's transport does but test transports may not: checkResponse
// reads the method and URL from it.
type requestKeeper struct{ rt http.RoundTripper }

func (k requestKeeper) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := k.rt.RoundTrip(req)
	if resp != nil && resp.Request == nil {
		resp.Request = req
	}
	return resp, err
}

// tokenHTTPClient sends token requests: straight to the base transport, as
// the token source does its own bounded retrying.
func tokenHTTPClient(user *http.Client, base http.RoundTripper) *http.Client {
	hc := &http.Client{Transport: base}
	if user != nil {
		hc.Jar = user.Jar
	}
	return hc
}

// newStack builds the two HTTP clients:
//
//	api:  rewindable → retryablehttp → originGate ─(base origin)→ auth.Transport → base
//	                                              └(elsewhere)──→ base
//	anon: retryablehttp → base
//
// The token layer sits below the retry layer so that every attempt, and
// every redirect hop, decides afresh whether its URL may carry the token.
func newStack(cfg *config, base http.RoundTripper, src auth.TokenSource, baseURL *url.URL) (api, anon *http.Client) {
	gate := &originGate{
		base:   baseURL,
		authed: &auth.Transport{Source: src, Base: base},
		plain:  base,
	}
	api = retrying(cfg, gate)
	api.Transport = rewindable{api.Transport}
	return api, retrying(cfg, base)
}

// retrying wraps rt in retryablehttp with the BCDA retry policy.
func retrying(cfg *config, rt http.RoundTripper) *http.Client {
	inner := &http.Client{Transport: rt}
	if cfg.hc != nil {
		inner.CheckRedirect = cfg.hc.CheckRedirect
		inner.Jar = cfg.hc.Jar
	}
	p := &policy{max: cfg.retryWait}
	rc := &retryablehttp.Client{
		HTTPClient:   inner,
		RetryWaitMin: min(backoffFloor, cfg.retryWait),
		RetryWaitMax: min(backoffCeiling, cfg.retryWait),
		RetryMax:     cfg.retryMax,
		CheckRetry:   p.checkRetry,
		Backoff:      p.backoff,
		ErrorHandler: giveUp,
	}
	if cfg.logger != nil {
		// Assigned only when set: a nil logger in the interface field would
		// look like a logger to retryablehttp.
		rc.Logger = retryLogger{cfg.logger}
	}
	outer := &http.Client{Transport: &retryablehttp.RoundTripper{Client: rc}}
	if cfg.hc != nil {
		outer.Timeout = cfg.hc.Timeout
	}
	return outer
}

// originGate sends requests for the base URL's origin through the token
// layer and all others straight to the base transport, so that neither a
// manifest URL on another host nor a redirect elsewhere ever sees the token.
type originGate struct {
	base          *url.URL
	authed, plain http.RoundTripper
}

func (g *originGate) RoundTrip(req *http.Request) (*http.Response, error) {
	if origin.Same(req.URL, g.base) {
		return g.authed.RoundTrip(req)
	}
	return g.plain.RoundTrip(req)
}

// giveUp is retryablehttp's ErrorHandler: when retries end it hands back the
// last response itself, so that checkResponse can turn it into an *APIError
// with the real status and body (retryablehttp's default drops both for
// "giving up after N attempts"). A response that comes with an error (the
// context ended after it arrived) is closed: net/http would otherwise log
// "RoundTripper returned a response & error" and leak it.
func giveUp(resp *http.Response, err error, _ int) (*http.Response, error) {
	if resp != nil && err != nil {
		resp.Body.Close()
		return nil, err
	}
	return resp, err
}

// rewindable gives a request body without GetBody one, so that the token
// layer can replay the request after a 401 (and net/http can follow a 307
// with it). retryablehttp reads such a body into memory in full anyway;
// here it is read once and handed on as a seekable reader, which
// retryablehttp rewinds without copying.
type rewindable struct{ rt http.RoundTripper }

func (r rewindable) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body == nil || req.Body == http.NoBody || req.GetBody != nil {
		return r.rt.RoundTrip(req)
	}
	b, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("client: %s %s: reading the request body: %w", req.Method, sanitizeURL(req.URL), err)
	}
	c := req.Clone(req.Context())
	c.Body = seekableBody{bytes.NewReader(b)}
	c.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	c.ContentLength = int64(len(b))
	resp, err := r.rt.RoundTrip(c)
	if resp != nil && resp.Request == c {
		// Name the caller's request, not the copy; after a redirect the
		// response keeps the request that reached the server.
		resp.Request = req
	}
	return resp, err
}

// seekableBody is a request body retryablehttp can rewind with Seek.
type seekableBody struct{ *bytes.Reader }

func (seekableBody) Close() error { return nil }
