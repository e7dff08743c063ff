package client

import (
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/bcda-go/bcda/auth"
	"github.com/jarcoal/httpmock"
)

const testBase = "https://bcda.test"

var testCreds = auth.Credentials{ClientID: "test-client", ClientSecret: "test-secret-do-not-print-7f3a"}

// tokens serves /auth/token with tok-1, tok-2, … and counts the requests.
type tokens struct{ n atomic.Int32 }

func (tk *tokens) respond(req *http.Request) (*http.Response, error) {
	if id, secret, _ := req.BasicAuth(); id != testCreds.ClientID || secret != testCreds.ClientSecret {
		return httpmock.NewStringResponse(401, "Unauthorized\n"), nil
	}
	n := tk.n.Add(1)
	return httpmock.NewStringResponse(200, fmt.Sprintf(`{"access_token": "tok-%d", "expires_in": "1200", "token_type":"bearer"}`, n)), nil
}

// newMocked returns a client on testBase whose base transport is a fresh
// MockTransport with the token endpoint registered.
func newMocked(t testing.TB, opts ...Option) (*Client, *httpmock.MockTransport, *tokens) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	tk := &tokens{}
	mt.RegisterResponder(http.MethodPost, testBase+"/auth/token", tk.respond)
	all := append([]Option{
		WithBaseURL(testBase),
		WithCredentials(testCreds),
		WithHTTPClient(&http.Client{Transport: mt}),
	}, opts...)
	c, err := New(all...)
	if err != nil {
		t.Fatal(err)
	}
	return c, mt, tk
}

// status returns a responder answering code with body and headers.
func status(code int, body string, kv ...string) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(code, body)
		for i := 0; i+1 < len(kv); i += 2 {
			resp.Header.Set(kv[i], kv[i+1])
		}
		return resp, nil
	}
}

// sequence answers with each responder in turn, repeating the last.
func sequence(rs ...httpmock.Responder) httpmock.Responder {
	var i atomic.Int32
	return func(req *http.Request) (*http.Response, error) {
		n := int(i.Add(1)) - 1
		return rs[min(n, len(rs)-1)](req)
	}
}

// get sends GET url through the client's authenticated stack.
func get(t testing.TB, c *Client, url string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.api.Do(req)
	if err != nil {
		return nil, err
	}
	return resp, checkResponse(resp)
}
