package client

import (
	"context"
	"time"

	"github.com/bcda-go/bcda/export"
	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/seam"
)

// Export kicks off a bulk export of the given resource types (nil = every
// type the server allows the ACO) changed since since (zero = all data),
// from the Patient endpoint unless export.GroupAll or export.GroupRunout
// says otherwise, and returns the running job. Arguments and options are
// checked before any request (see package export); a refused kick-off is an *APIError, and BCDA's refusal
// while an overlapping job runs (429) an *export.BusyError naming that job
// (export.WaitIfBusy waits it out, export.AttachIfRunning adopts an
// identical one). Save Job.URL to re-attach later with Job.
func (c *Client) Export(ctx context.Context, types []fhir.ResourceType, since time.Time, opts ...export.KickoffOption) (*export.Job, error) {
	return exporter().Start(ctx, c.exportConn(), types, since, opts...)
}

// Job re-attaches to a job from its saved status URL, possibly written by
// another process, or from its bare ID ("42"), whose URL the client knows
// (<base>/api/<version>/jobs/42). It sends no request; a URL must lie under
// the client's base URL.
func (c *Client) Job(jobURL string) (*export.Job, error) {
	return exporter().Attach(c.exportConn(), jobURL)
}

// Jobs lists the ACO's export jobs for the client's API version, filtered by
// state when states are given (GET /api/vN/jobs?_status=...).
func (c *Client) Jobs(ctx context.Context, states ...export.State) ([]export.JobInfo, error) {
	return exporter().ListJobs(ctx, c.exportConn(), states...)
}

// exporter returns the job constructors package export registers with the
// internal seam, which export keeps unexported.
func exporter() seam.Exporter[export.Job, export.JobInfo, export.KickoffOption, export.State] {
	return seam.Export[export.Job, export.JobInfo, export.KickoffOption, export.State]()
}
