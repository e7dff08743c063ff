package offline_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/bcda-go/bcda/client/offline"
	"github.com/bcda-go/bcda/export"
	"github.com/bcda-go/bcda/fhir"
)

// Start serves an offline BCDA in-process, here for an Example; in tests,
// clienttest.NewServer(t) does the same and stops it when the test ends.
func ExampleStart() {
	srv, err := offline.Start(offline.Polls(0, 1))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := srv.NewClient()
	if err != nil {
		log.Fatal(err)
	}

	ctx := context.Background()
	job, err := c.Export(ctx, []fhir.ResourceType{fhir.TypePatient, fhir.TypeCoverage}, time.Time{})
	if err != nil {
		log.Fatal(err)
	}
	m, err := job.Wait(ctx, export.PollInterval(time.Millisecond, 10*time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range m.Output {
		fmt.Println(f.Type)
	}
	fmt.Println(srv.Requests("GET", "/api/v3/jobs/"), "status polls")
	// Output:
	// Patient
	// Coverage
	// 2 status polls
}
