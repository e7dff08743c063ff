package export

import (
	"context"
	"time"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/seam"
)

// init gives the client package export's job constructors through the
// internal seam, so that none of them is public: users start, attach to and
// list jobs with Client.Export, Client.Job and Client.Jobs.
func init() {
	seam.Register(seam.Exporter[Job, JobInfo, KickoffOption, State]{
		Start: func(ctx context.Context, c seam.Conn, types []fhir.ResourceType, since time.Time, opts ...KickoffOption) (*Job, error) {
			return start(ctx, connection(c), types, since, opts...)
		},
		Attach: func(c seam.Conn, jobURL string) (*Job, error) { return attach(connection(c), jobURL) },
		ListJobs: func(ctx context.Context, c seam.Conn, states ...State) ([]JobInfo, error) {
			return listJobs(ctx, connection(c), states...)
		},
	})
}
