package client_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"

	"github.com/bcda-go/bcda/auth"
	"github.com/bcda-go/bcda/client"
	"github.com/bcda-go/bcda/internal/fakebcda"
)

// newSandbox starts the offline BCDA fake; real programs use the default
// base URL (client.SandboxURL) or client.ProductionURL instead.
func newSandbox() (*fakebcda.Server, *httptest.Server) {
	fake := fakebcda.New()
	return fake, httptest.NewServer(fake)
}

func Example() {
	fake, srv := newSandbox()
	defer fake.Close()
	defer srv.Close()

	c, err := client.New(
		client.WithBaseURL(srv.URL), // omit for https://sandbox.bcda.cms.gov
		client.WithCredentials(auth.SandboxSmall()),
		client.WithVersion(client.V3),
	)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	release, err := c.ServerVersion(ctx)
	if err != nil {
		log.Fatal(err)
	}
	cs, err := c.Metadata(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cs.Software.Name, release, "FHIR", cs.FhirVersion.Code())

	dates, err := c.AttributionStatus(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range dates {
		fmt.Println(d.Type)
	}
	// Output:
	// Beneficiary Claims Data API r292 FHIR 4.0.1
	// last_attribution_update
	// last_runout_update
}

// Errors from the server are *APIError values: errors.As gives the status
// and BCDA's own explanation, errors.Is classifies them.
func ExampleAPIError() {
	fake, srv := newSandbox()
	defer fake.Close()
	defer srv.Close()
	c, err := client.New(client.WithBaseURL(srv.URL), client.WithCredentials(auth.SandboxSmall()))
	if err != nil {
		log.Fatal(err)
	}

	job, err := c.Job("999999") // a job this ACO never had
	if err != nil {
		log.Fatal(err)
	}
	_, err = job.Poll(context.Background())

	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		fmt.Println("status:", apiErr.StatusCode)
	}
	fmt.Println("not found:", errors.Is(err, client.ErrNotFound))
	// Output:
	// status: 404
	// not found: true
}

// Rejected credentials fail at once with auth.ErrInvalidCredentials; they
// are never retried.
func ExampleWithCredentials() {
	fake, srv := newSandbox()
	defer fake.Close()
	defer srv.Close()
	c, err := client.New(
		client.WithBaseURL(srv.URL),
		client.WithCredentials(auth.Credentials{ClientID: "expired-id", ClientSecret: "old-secret"}),
	)
	if err != nil {
		log.Fatal(err)
	}
	_, err = c.AttributionStatus(context.Background())
	fmt.Println(errors.Is(err, auth.ErrInvalidCredentials))
	// Output: true
}

func ExampleNew_validation() {
	_, err := client.New(client.WithBaseURL("http://bcda.example.org"))
	fmt.Println(err)
	_, err = client.New(client.WithVersion("v4"))
	fmt.Println(err)
	// Output:
	// client: refusing plain http to bcda.example.org: tokens would cross the network unencrypted (use https, or WithInsecureHTTP)
	// client: unknown API version "v4" (want v1, v2 or v3)
}
