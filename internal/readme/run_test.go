package readme_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bcda-go/bcda/auth"
	"github.com/bcda-go/bcda/client"
	"github.com/bcda-go/bcda/client/clienttest"
	"github.com/bcda-go/bcda/client/offline"
	"github.com/bcda-go/bcda/fhir"
)

// TestSnippetsRun runs the README's snippets, in the README's order, against
// the offline BCDA.
func TestSnippetsRun(t *testing.T) {
	ctx := context.Background()
	srv := clienttest.NewServer(t, offline.Polls(0, 0))
	t.Chdir(t.TempDir()) // the download snippet writes ./bcda-data

	// The client of the README talks to the real sandbox: build it, send nothing.
	if c, err := newClient(); err != nil || c == nil {
		t.Fatalf("new-client: %v", err)
	}
	c := srv.Client(t)
	if err := flow(ctx, c); err != nil {
		t.Fatalf("flow: %v", err)
	}

	job, err := walkthroughKickoff(ctx, c)
	if err != nil {
		t.Fatalf("walkthrough-kickoff: %v", err)
	}
	if _, err := job.Wait(ctx); err != nil { // BCDA refuses an overlapping export of the same version while this one runs (429)
		t.Fatal(err)
	}
	job, err = walkthroughKickoffGroup(ctx, c, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatalf("walkthrough-kickoff-group: %v", err)
	}
	m, err := walkthroughStatus(ctx, job)
	if err != nil {
		t.Fatalf("walkthrough-status: %v", err)
	}
	if err := walkthroughDownload(ctx, job, m, filepath.Join(t.TempDir(), "files")); err != nil {
		t.Fatalf("walkthrough-download: %v", err)
	}
	res, err := download(ctx, job)
	if err != nil || len(res.Files) == 0 {
		t.Fatalf("download: %v, %+v", err, res)
	}
	if _, err := os.Stat(filepath.Join("bcda-data", job.ID(), ".checkpoint.json")); err != nil {
		t.Errorf("download: no checkpoint: %v", err)
	}
	again, err := resume(c, job.URL())
	if err != nil || again.URL() != job.URL() {
		t.Fatalf("resume: %v", err)
	}

	for name, mk := range map[string]func() (*client.Client, error){
		"walkthrough-token": func() (*client.Client, error) {
			return walkthroughToken(srv.Credentials.ClientID, srv.Credentials.ClientSecret)
		},
		"walkthrough-token-source": func() (*client.Client, error) {
			return walkthroughTokenSource(ctx, srv.URL, srv.Credentials)
		},
	} {
		wc, err := mk()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if name == "walkthrough-token-source" {
			if _, err := walkthroughMetadata(ctx, wc); err != nil {
				t.Fatalf("walkthrough-metadata: %v", err)
			}
		}
	}
	if got := srv.Requests("POST", "/auth/token"); got < 2 {
		t.Errorf("walkthrough-token-source fetched no token: %d token requests", got)
	}
}

func TestSnippetErrors(t *testing.T) {
	ctx := context.Background()
	srv := clienttest.NewServer(t, offline.Polls(0, 0))
	c := srv.Client(t)
	_, err := c.Export(ctx, []fhir.ResourceType{fhir.TypeExplanationOfBenefit}, time.Now().Add(time.Hour))
	if err == nil {
		t.Fatal("an export since a future time was accepted")
	}
	explainError(err) // refused before any request
	bad, _ := client.New(client.WithBaseURL(srv.URL), client.WithCredentials(auth.Credentials{ClientID: "nobody", ClientSecret: "wrong"}))
	_, err = bad.Export(ctx, nil, time.Time{})
	if err == nil {
		t.Fatal("wrong credentials accepted")
	}
	explainError(err)
	srv.FailRequests("GET", "/api/v3/metadata", 404, 0, 1)
	_, err = c.Metadata(ctx)
	if msg := explainError(err); err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("Metadata = %v (message %q)", err, msg)
	}
}

func TestSnippetView(t *testing.T) {
	line := `{"resourceType":"ExplanationOfBenefit","id":"-1","status":"active","use":"claim","outcome":"complete","patient":{"reference":"Patient/-9"},"type":{"coding":[{"system":"https://bluebutton.cms.gov/fhir/CodeSystem/EOB-TYPE","code":"CARRIER"}]},"payment":{"amount":{"value":12.50,"currency":"USD"}}}`
	if err := viewClaims(context.Background(), strings.NewReader(line+"\n")); err != nil {
		t.Fatalf("view-claims: %v", err)
	}
}

func TestSnippetHTTPTest(t *testing.T) {
	m, err := httptestExport(context.Background())
	if err != nil || len(m.Output) != 0 {
		t.Fatalf("httptest stub: %+v, %v", m, err)
	}
}
