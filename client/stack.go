package client

import (
	"net/http"
	"net/url"
	"time"

	"github.com/bcda-go/bcda/auth"
	"github.com/bcda-go/bcda/internal/origin"
	"github.com/hashicorp/go-retryablehttp"
)

// responseHeaderTimeout bounds the wait for a response's headers on the
// default transport. BCDA answers every endpoint, downloads included,
// within seconds; bodies are not bounded, so large files stream freely.
const responseHeaderTimeout = 2 * time.Minute

// baseTransport is the RoundTripper at the bottom of the stack.
func baseTransport(hc *http.Client) http.RoundTripper {
	if hc != nil && hc.Transport != nil {
		return requestKeeper{hc.Transport}
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.ResponseHeaderTimeout = responseHeaderTimeout
	return t
}

// requestKeeper makes sure every response names its request, as
// net/http's transport does but test transports may not: CheckResponse
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
//	api:  retryablehttp → originGate ─(base origin)→ auth.Transport → base
//	                                 └(elsewhere)──→ base
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
	return retrying(cfg, gate), retrying(cfg, base)
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
// last response itself, so that CheckResponse can turn it into an *APIError
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
