package readme_test

// Each README snippet is the text between a "// snippet: name" line and the
// next "// end snippet" line below; TestREADMESnippets compares them with
// README.md and the tests in this file run them against the offline BCDA.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/cockroachdb/apd/v3"

	"github.com/bcda-go/bcda/auth"
	"github.com/bcda-go/bcda/client"
	"github.com/bcda-go/bcda/client/clienttest"
	"github.com/bcda-go/bcda/client/offline"
	"github.com/bcda-go/bcda/export"
	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/fhir/view/bcda"
	"github.com/bcda-go/bcda/ndjson"
)

func newClient() (*client.Client, error) {
	// snippet: new-client
	c, err := client.New(client.WithCredentials(auth.SandboxSmall())) // or leave it out: BCDA_CLIENT_ID/SECRET
	if err != nil {
		return nil, err
	}
	// end snippet
	return c, nil
}

func flow(ctx context.Context, c *client.Client) error {
	// snippet: flow
	job, err := c.Export(ctx, []fhir.ResourceType{fhir.TypeExplanationOfBenefit}, time.Time{}) // zero time: all data
	if err != nil {
		return err
	}
	m, err := job.Wait(ctx, export.OnProgress(func(s export.Status) { log.Println(s.Text) }))
	if err != nil {
		return err
	}
	var total apd.Decimal // exact: amounts are decimals, never floats
	for _, f := range m.Output {
		rc, err := job.Open(ctx, f) // decompressed, authenticated, resumed if the connection drops
		if err != nil {
			return err
		}
		for eob, err := range ndjson.Decode[fhir.ExplanationOfBenefit](rc) {
			if err != nil { // a *ndjson.LineError names the line; the next line follows
				log.Println(err)
				continue
			}
			if paid, ok := fhir.Payment(eob); ok {
				apd.BaseContext.Add(&total, &total, paid)
				fmt.Println(fhir.ClaimTypeOf(eob), paid) // e.g. CARRIER 123.45
			}
		}
		rc.Close()
	}
	fmt.Println("paid in total:", total.String())
	// end snippet
	return nil
}

func download(ctx context.Context, job *export.Job) (*export.DownloadResult, error) {
	// snippet: download
	dir := filepath.Join("bcda-data", job.ID()) // a folder per job: Download refuses one holding another job's files
	res, err := job.Download(ctx, dir, export.Concurrency(4), export.Checkpoint(filepath.Join(dir, ".checkpoint.json")))
	if err != nil {
		return nil, err
	}
	saved, err := export.OpenSaved(dir) // later, in any program: which file holds which type
	if err != nil {
		return nil, err
	}
	for _, f := range saved.Output(fhir.TypeExplanationOfBenefit) {
		fmt.Println(f.Path)
	}
	// end snippet
	return res, nil
}

func walkthroughToken(id, secret string) (*client.Client, error) {
	// snippet: walkthrough-token
	c, err := client.New(client.WithCredentials(auth.Credentials{ClientID: id, ClientSecret: secret}))
	// end snippet
	return c, err
}

func walkthroughTokenSource(ctx context.Context, baseURL string, creds auth.Credentials) (*client.Client, error) {
	// snippet: walkthrough-token-source
	ts, err := auth.NewBasic(baseURL+"/auth/token", creds, nil)
	if err != nil {
		return nil, err
	}
	tok, err := ts.Token(ctx) // tok.AccessToken is the bearer token; it never prints
	if err != nil {
		return nil, err
	}
	c, err := client.New(client.WithBaseURL(baseURL), client.WithTokenSource(ts))
	// end snippet
	_ = tok
	return c, err
}

func walkthroughMetadata(ctx context.Context, c *client.Client) (*fhir.CapabilityStatement, error) {
	// snippet: walkthrough-metadata
	cs, err := c.Metadata(ctx) // *fhir.CapabilityStatement; c.ServerVersion(ctx) gives the release, e.g. "r292"
	// end snippet
	return cs, err
}

func walkthroughKickoff(ctx context.Context, c *client.Client) (*export.Job, error) {
	// snippet: walkthrough-kickoff
	job, err := c.Export(ctx, nil, time.Time{}) // every type, all data
	// end snippet
	return job, err
}

func walkthroughKickoffGroup(ctx context.Context, c *client.Client, since time.Time) (*export.Job, error) {
	// snippet: walkthrough-kickoff-group
	job, err := c.Export(ctx, []fhir.ResourceType{fhir.TypeExplanationOfBenefit}, since, export.GroupAll())
	// end snippet
	return job, err
}

func walkthroughStatus(ctx context.Context, job *export.Job) (*export.Manifest, error) {
	// snippet: walkthrough-status
	st, err := job.Poll(ctx) // one request: st.State, st.Percent, st.Text
	m, err := job.Wait(ctx)  // poll until done (1 s growing to 30 s; export.PollInterval to change)
	// end snippet
	_ = st
	return m, err
}

func walkthroughDownload(ctx context.Context, job *export.Job, m *export.Manifest, dir string) error {
	// snippet: walkthrough-download
	rc, err := job.Open(ctx, m.Output[0]) // one file as a stream
	res, err := job.Download(ctx, dir)    // all of them, to disk
	// end snippet
	if rc != nil {
		rc.Close()
	}
	_ = res
	return err
}

func explainError(err error) string {
	// snippet: errors
	var apiErr *client.APIError
	switch {
	case errors.Is(err, auth.ErrInvalidCredentials): // the token endpoint refused the ID/secret
	case errors.Is(err, client.ErrRateLimited): // 429: a matching or overlapping job is running (an *export.BusyError names it)
	case errors.Is(err, client.ErrHeaderTimeout), errors.Is(err, client.ErrIdleTimeout): // the server went silent
	case errors.Is(err, export.ErrJobFailed): // the job failed on the server: start a new one
	case errors.Is(err, export.ErrJobExpired): // files are kept 24 h after the job completes
	case errors.Is(err, export.ErrJobCancelled):
	case errors.Is(err, export.ErrInvalidRequest): // refused before any request was sent
	case errors.As(err, &apiErr):
		log.Println(apiErr.StatusCode, apiErr.Message())
	}
	// end snippet
	if apiErr != nil {
		return apiErr.Message()
	}
	return ""
}

func resume(c *client.Client, savedURL string) (*export.Job, error) {
	// snippet: resume
	job, err := c.Job(savedURL) // no request; then Wait, Open or Download as usual
	// end snippet
	return job, err
}

func viewClaims(ctx context.Context, file io.Reader) error {
	// snippet: view-claims
	claims, err := bcda.Compile(bcda.V3, bcda.Claims) // bcda.All(bcda.V3) for all seven
	if err != nil {
		return err
	}
	for row, err := range claims.Rows(ctx, file) { // one []any per claim, in claims.Columns() order
		if err != nil {
			return err
		}
		fmt.Println(row...)
	}
	// end snippet
	return nil
}

// myPipeline stands for the user's code under test in the README's test.
func myPipeline(ctx context.Context, c *client.Client) error {
	job, err := c.Export(ctx, []fhir.ResourceType{fhir.TypePatient, fhir.TypeCoverage}, time.Time{})
	if err != nil {
		return err
	}
	m, err := job.Wait(ctx, export.PollInterval(time.Millisecond, 10*time.Millisecond))
	if err != nil {
		return err
	}
	for _, f := range m.Output {
		rc, err := job.Open(ctx, f)
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, rc)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// snippet: test-pipeline
func TestMyPipeline(t *testing.T) {
	srv := clienttest.NewServer(t, offline.Polls(0, 1))          // the small ACO (100); a job completes on the 2nd poll
	c := srv.Client(t, client.WithRetry(4, 10*time.Millisecond)) // a *client.Client for it; short retry waits for the test

	srv.ExpireTokens()                           // the first authenticated request meets 401 "Expired Token"
	srv.FailRequests("GET", "/data/", 503, 0, 2) // the next two downloads are throttled
	srv.CutDownloads(4096, 1)                    // the next download loses its connection after 4 KiB

	if err := myPipeline(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if n := srv.Exports(); n != 1 { // the 401's replay did not start a second export
		t.Errorf("%d exports, want 1", n)
	}
	if n := srv.Requests("POST", "/auth/token"); n != 2 { // Requests counts what reached the wire
		t.Errorf("%d token requests, want 2: the first token, and its replacement after the 401", n)
	}
}

// end snippet

// httptestExport runs the README's httptest stub through a whole export.
func httptestExport(ctx context.Context) (*export.Manifest, error) {
	// snippet: httptest
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/auth/token":
			io.WriteString(w, `{"access_token":"t","expires_in":"1200","token_type":"bearer"}`)
		case "/api/v3/Patient/$export":
			w.Header().Set("Content-Location", "http://"+r.Host+"/api/v3/jobs/1")
			w.WriteHeader(http.StatusAccepted)
		case "/api/v3/jobs/1":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"transactionTime":"2026-01-02T03:04:05Z","request":"x","requiresAccessToken":true,"output":[],"error":[]}`)
		}
	}))
	defer srv.Close()
	c, err := client.New(client.WithBaseURL(srv.URL), client.WithCredentials(auth.Credentials{ClientID: "id", ClientSecret: "s"}))
	// end snippet
	if err != nil {
		return nil, err
	}
	job, err := c.Export(ctx, nil, time.Time{})
	if err != nil {
		return nil, err
	}
	return job.Wait(ctx)
}
