package readmecheck

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/bcda-go/bcda/auth"
	"github.com/bcda-go/bcda/client"
	"github.com/bcda-go/bcda/client/clienttest"
	"github.com/bcda-go/bcda/export"
	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/ndjson"
)

func flow(ctx context.Context) error {
	c, err := client.New(client.WithCredentials(auth.SandboxExtraSmall))
	if err != nil {
		return err
	}
	job, err := c.Export(ctx, []fhir.ResourceType{fhir.TypeExplanationOfBenefit}, time.Time{})
	if err != nil {
		return err
	}
	m, err := job.Wait(ctx, export.OnProgress(func(s export.Status) { log.Println(s.Text) }))
	if err != nil {
		return err
	}
	for _, f := range m.Output {
		rc, err := job.Open(ctx, f)
		if err != nil {
			return err
		}
		for eob, err := range ndjson.ExplanationOfBenefits(rc) {
			if err != nil {
				continue
			}
			paid, _ := fhir.Payment(eob)
			fmt.Println(fhir.ClaimTypeOf(eob), paid)
		}
		rc.Close()
	}
	res, err := job.Download(ctx, "bcda-data", export.Concurrency(4), export.Checkpoint("bcda-data/.checkpoint.json"))
	_ = res
	return err
}

func walkthrough(ctx context.Context, id, secret, baseURL string, since time.Time, dir, savedURL string) {
	creds := auth.Credentials{ClientID: id, ClientSecret: secret}
	c, _ := client.New(client.WithCredentials(creds))
	tok, _ := auth.NewBasic(baseURL+"/auth/token", creds, nil).Token(ctx)
	_ = tok
	_, _ = client.New(client.WithTokenSource(auth.NewBasic(baseURL+"/auth/token", creds, nil)))
	cs, _ := c.Metadata(ctx)
	_ = cs.FhirVersion
	v, _ := c.ServerVersion(ctx)
	_ = v
	job, _ := c.Export(ctx, nil, time.Time{})
	job, _ = c.Export(ctx, []fhir.ResourceType{fhir.TypeExplanationOfBenefit}, since, export.Group("all"))
	_ = job.URL()
	st, _ := job.Poll(ctx)
	_, _, _ = st.State, st.Percent, st.Text
	m, _ := job.Wait(ctx)
	_, _ = job.Wait(ctx, export.PollInterval(time.Second, 30*time.Second))
	rc, _ := job.Open(ctx, m.Output[0])
	_ = rc
	res, _ := job.Download(ctx, dir)
	_ = res
	_ = job.Cancel(ctx)
	_, _ = c.Jobs(ctx)
	_, _ = c.AttributionStatus(ctx)
	job, _ = c.Job(savedURL)
	_ = []client.Version{client.V1, client.V2, client.V3}
	_ = export.TypeFilter("ExplanationOfBenefit?outcome=complete")
	_, _ = client.New(
		client.WithBaseURL(client.ProductionURL),
		client.WithVersion(client.V3),
		client.WithRetry(4, 5*time.Minute),
		client.WithHTTPClient(&http.Client{}),
		client.WithLogger(nil),
		client.WithUserAgent("x"),
		client.WithInsecureHTTP(),
	)
	_ = client.SandboxURL
	_ = []auth.Credentials{auth.SandboxExtraSmall, auth.SandboxSmall, auth.SandboxMedium, auth.SandboxLarge, auth.SandboxExtraLarge}
}

func errs(err error) {
	var apiErr *client.APIError
	switch {
	case errors.Is(err, auth.ErrInvalidCredentials):
	case errors.Is(err, client.ErrRateLimited):
	case errors.Is(err, export.ErrJobFailed):
	case errors.Is(err, export.ErrJobExpired):
	case errors.Is(err, export.ErrJobCancelled):
	case errors.Is(err, export.ErrInvalidRequest):
	case errors.As(err, &apiErr):
		log.Println(apiErr.StatusCode, apiErr.Message())
	}
	_ = []error{client.ErrUnauthorized, client.ErrForbidden, client.ErrNotFound, client.ErrGone, client.ErrServer, client.ErrUnavailable}
	var le *ndjson.LineError
	var fe *export.FileError
	_, _ = le, fe
}

// The httptest snippet of the README, run for real.
func TestHTTPTestSnippet(t *testing.T) {
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
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	job, err := c.Export(ctx, nil, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := job.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if m.TransactionTime.Year() != 2026 {
		t.Fatal(m)
	}
	_ = flow
	_ = walkthrough
	_ = errs
}

var _ = export.AttachIfRunning()

func myPipeline(ctx context.Context, c *client.Client) error {
	job, err := c.Export(ctx, []fhir.ResourceType{fhir.TypePatient}, time.Time{})
	if err != nil {
		return err
	}
	_, err = job.Download(ctx, os.TempDir()+"/readmecheck", export.Concurrency(2))
	return err
}

func TestMyPipeline(t *testing.T) {
	srv := clienttest.NewServer(t, clienttest.Polls(0, 1)) // the extra-small ACO; job done on the 2nd poll
	c := srv.Client(t)                                      // a *client.Client for it (add options, e.g. client.WithVersion(client.V1))

	srv.ExpireTokens()                             // the next request meets 401 "Expired Token"
	srv.FailRequests("GET", "/data/", 503, "1", 2) // two downloads throttled
	srv.CutDownloads(4096, 1)                      // one download loses its connection mid-file

	if err := myPipeline(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if n := srv.Requests("GET", "/api/v3/Patient/$export"); n != 1 {
		t.Errorf("%d kick-offs", n)
	}
	srv.FailNextJobs(1)
	if err := myPipeline(context.Background(), c); !errors.Is(err, export.ErrJobFailed) {
		t.Fatal(err)
	}
	_ = clienttest.Beneficiaries(10)
	_ = clienttest.Seed(2)
	_, _ = srv.URL, srv.Credentials
}
