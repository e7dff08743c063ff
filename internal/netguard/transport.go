package netguard

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"time"
)

// Transport applies Limits to every request sent through Base: the header
// wait is bounded by a timer that cancels the request, and the response
// body is watched for silence (see body). Connect is applied by Dialer, not
// here, since only the dialer knows when a connection is being made.
type Transport struct {
	Base   http.RoundTripper
	Limits Limits
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.Limits.Header <= 0 && t.Limits.Idle <= 0 {
		resp, err := t.Base.RoundTrip(req)
		return resp, name(req, err)
	}
	ctx, cancel := context.WithCancelCause(req.Context())
	var timer *time.Timer
	if t.Limits.Header > 0 {
		te := timeoutFor(req, ErrHeaderTimeout, t.Limits.Header)
		timer = time.AfterFunc(t.Limits.Header, func() { cancel(te) })
	}
	resp, err := t.Base.RoundTrip(req.WithContext(ctx))
	if timer != nil {
		timer.Stop()
	}
	if err != nil {
		cause := context.Cause(ctx)
		cancel(nil)
		if resp != nil {
			resp.Body.Close()
		}
		var te *TimeoutError
		if req.Context().Err() == nil && errors.As(cause, &te) {
			return nil, te
		}
		return nil, name(req, err)
	}
	b := &body{rc: resp.Body, ctx: ctx, cancel: cancel}
	if t.Limits.Idle > 0 {
		b.watch(timeoutFor(req, ErrIdleTimeout, t.Limits.Idle))
	}
	resp.Body = b
	return resp, nil
}

// timeoutFor builds the error a step of req reports when it runs out.
func timeoutFor(req *http.Request, kind error, limit time.Duration) *TimeoutError {
	return &TimeoutError{Kind: kind, Method: req.Method, URL: Sanitize(req.URL), Limit: limit}
}

// name gives a connect timeout from Dialer, or net/http's own TLS handshake
// timeout, the request's method and URL; other errors pass unchanged.
func name(req *http.Request, err error) error {
	if err == nil {
		return nil
	}
	var te *TimeoutError
	if errors.As(err, &te) && te.Kind == ErrConnectTimeout {
		c := *te
		c.Method, c.URL = req.Method, Sanitize(req.URL)
		return &c
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() && strings.Contains(err.Error(), "TLS handshake timeout") {
		return &TimeoutError{Kind: ErrConnectTimeout, Method: req.Method, URL: Sanitize(req.URL), Limit: 0}
	}
	return err
}

// DialFunc is the shape of net.Dialer.DialContext.
type DialFunc func(ctx context.Context, network, addr string) (net.Conn, error)

// Dialer bounds each connection attempt of dial (nil means a net.Dialer
// with 30 s keep-alives) by limit; running out gives a *TimeoutError
// matching ErrConnectTimeout, which Transport completes with the request's
// URL.
func Dialer(limit time.Duration, dial DialFunc) DialFunc {
	if dial == nil {
		d := &net.Dialer{KeepAlive: 30 * time.Second}
		dial = d.DialContext
	}
	if limit <= 0 {
		return dial
	}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		dctx, cancel := context.WithTimeout(ctx, limit)
		defer cancel()
		c, err := dial(dctx, network, addr)
		if err != nil && ctx.Err() == nil && dctx.Err() != nil {
			return nil, &TimeoutError{Kind: ErrConnectTimeout, URL: addr, Limit: limit}
		}
		return c, err
	}
}
