package client

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/bcda-go/bcda/auth"
	"github.com/jarcoal/httpmock"
)

// TestNoSecretsInLogsOrErrors drives a full run at debug level — token
// fetches, a 401 replay, retries, token rejection, API errors — and scans
// every log line, error string and formatted value for the client secret
// and every token issued.
func TestNoSecretsInLogsOrErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var logs bytes.Buffer
		logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

		var issued, tokenCalls atomic.Int32
		tokenOf := func(n int32) string { return fmt.Sprintf("eyJhbGciOiJSUzUxMiJ9.SECRET-TOKEN-%d.sig", n) }
		mt := httpmock.NewMockTransport()
		mt.RegisterResponder(http.MethodPost, testBase+"/auth/token", func(req *http.Request) (*http.Response, error) {
			if _, secret, _ := req.BasicAuth(); secret != testCreds.ClientSecret {
				return httpmock.NewStringResponse(401, "Unauthorized\n"), nil
			}
			if tokenCalls.Add(1) == 1 { // the token source's own retry is logged too
				resp := httpmock.NewStringResponse(503, "Service Unavailable\n")
				resp.Header.Set("Retry-After", "1")
				return resp, nil
			}
			return httpmock.NewStringResponse(200, fmt.Sprintf(`{"access_token": %q, "expires_in": "1200"}`, tokenOf(issued.Add(1)))), nil
		})
		mt.RegisterResponder(http.MethodGet, testBase+"/api/v3/attribution_status", sequence(
			status(401, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"forbidden","diagnostics":"Expired Token"}]}`),
			status(503, "", "Retry-After", "2"),
			status(200, `{"ingestion_dates":[]}`),
			status(403, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"forbidden","diagnostics":"Unauthorized Error"}]}`),
		))
		mt.RegisterResponder(http.MethodGet, testBase+"/api/v3/metadata", status(500, "Internal Server Error"))
		mt.RegisterResponder(http.MethodGet, "https://elsewhere.test/file?X-Amz-Signature=presigned-secret", status(404, "missing"))

		opts := []Option{
			WithBaseURL(testBase), WithCredentials(testCreds), WithLogger(logger),
			WithHTTPClient(&http.Client{Transport: mt}),
		}
		c, err := New(opts...)
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		note := func(err error) {
			if err != nil {
				texts = append(texts, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
			}
		}
		_, err = c.AttributionStatus(t.Context()) // 401 → replay → 503 → retry → 200
		if err != nil {
			t.Fatalf("first call: %v", err)
		}
		_, err = c.AttributionStatus(t.Context()) // 403
		note(err)
		_, err = c.Metadata(t.Context())
		note(err)
		_, err = get(t, c, "https://elsewhere.test/file?X-Amz-Signature=presigned-secret")
		note(err)

		bad, _ := New(WithBaseURL(testBase), WithLogger(logger), WithHTTPClient(&http.Client{Transport: mt}),
			WithCredentials(auth.Credentials{ClientID: "someone", ClientSecret: "wrong-" + testCreds.ClientSecret}))
		_, err = bad.AttributionStatus(t.Context())
		if !errors.Is(err, auth.ErrInvalidCredentials) {
			t.Errorf("rejected credentials: %v", err)
		}
		note(err)

		for _, v := range []any{c, bad, c.source, testCreds, opts, c.exportConn()} {
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%q"} {
				texts = append(texts, fmt.Sprintf(verb, v))
			}
		}
		texts = append(texts, logs.String())

		if issued.Load() < 2 || !strings.Contains(logs.String(), "retrying request") ||
			!strings.Contains(logs.String(), "auth: token request failed; retrying") {
			t.Fatalf("the run did not exercise refresh and retry (%d tokens)\n%s", issued.Load(), logs.String())
		}
		secrets := []string{testCreds.ClientSecret, "presigned-secret"}
		for n := int32(1); n <= issued.Load(); n++ {
			secrets = append(secrets, tokenOf(n), fmt.Sprintf("SECRET-TOKEN-%d", n))
		}
		for _, s := range secrets {
			secrets = append(secrets, fmt.Sprintf("%x", s)) // what %x of a value would show
		}
		for _, text := range texts {
			for _, s := range secrets {
				if strings.Contains(text, s) {
					t.Errorf("%q leaked in: %s", s, text)
				}
			}
		}
	})
}
