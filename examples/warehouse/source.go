package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/bcda-go/bcda/client"
	"github.com/bcda-go/bcda/export"
	"github.com/bcda-go/bcda/fhir"
)

// anExport is one export to load: its files and when BCDA prepared them.
type anExport struct {
	source          string // a directory, or the job URL
	transactionTime time.Time
	version         string    // the BCDA API version, "" if unknown
	changes         bool      // a _since export: only what changed, not everything
	since           time.Time // its _since, when known
	files           []input
}

// savedExports lists the exports saved under dir (bcda-export's -out, or
// one export's folder) with export.ListSaved, oldest first, each with the
// API version its request named.
func savedExports(dir string) ([]anExport, error) {
	all, err := export.ListSaved(dir)
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("%s holds no saved export (no folder with a %s: nothing was saved there, or the download did not finish)", dir, export.SavedManifestName)
	}
	out := make([]anExport, 0, len(all))
	for _, s := range all {
		ex := anExport{
			source:          s.Dir,
			transactionTime: s.TransactionTime,
			version:         requestVersion(s.Request),
			changes:         len(s.Parameters["_since"]) > 0,
		}
		if ex.changes {
			ex.since, _ = time.Parse(time.RFC3339Nano, s.Parameters["_since"][0])
		}
		for _, f := range s.Files {
			if f.Kind != export.KindOutput {
				continue
			}
			p := f.Path
			ex.files = append(ex.files, input{name: p, open: func(context.Context) (io.ReadCloser, error) { return os.Open(p) }})
		}
		out = append(out, ex)
	}
	return out, nil
}

// requestVersion reads the BCDA API version out of a kick-off URL
// (…/api/v3/Patient/$export); "" if it names none.
func requestVersion(request string) string {
	u, err := url.Parse(request)
	if err != nil {
		return ""
	}
	parts := strings.Split(u.Path, "/")
	for i := 0; i+1 < len(parts); i++ {
		if parts[i] == "api" {
			switch v := parts[i+1]; v {
			case "v1", "v2", "v3":
				return v
			}
		}
	}
	return ""
}

// liveExport runs an export now and returns its output files as streams:
// rows are loaded as the files download, nothing is written to disk.
func liveExport(ctx context.Context, c *client.Client, since time.Time, group string, prog *progress) (anExport, error) {
	var opts []export.KickoffOption
	switch group { // -group was checked to be all, runout or empty
	case "all":
		opts = append(opts, export.GroupAll())
	case "runout":
		opts = append(opts, export.GroupRunout())
	}
	types := []fhir.ResourceType{fhir.TypePatient, fhir.TypeCoverage, fhir.TypeExplanationOfBenefit}
	job, err := c.Export(ctx, types, since, opts...)
	if err != nil {
		return anExport{}, err
	}
	prog.logf("job %s started", job.ID())
	m, err := job.Wait(ctx, export.OnProgress(func(s export.Status) {
		prog.logf("job %s: %s", job.ID(), s.Text)
	}))
	if err != nil {
		if ctx.Err() != nil {
			// Interrupted while BCDA prepares the files: cancel the job
			// rather than leave it running for nobody (a fresh context, as
			// ctx is done).
			cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if cerr := job.Cancel(cctx); cerr == nil {
				prog.logf("job %s cancelled on the server", job.ID())
			}
		}
		return anExport{}, err
	}
	if len(m.Error) > 0 {
		prog.logf("BCDA listed %d error files (OperationOutcomes); they are not loaded", len(m.Error))
	}
	ex := anExport{source: job.URL(), transactionTime: m.TransactionTime, changes: !since.IsZero(), since: since}
	for i, f := range m.Output {
		ex.files = append(ex.files, input{
			name: fmt.Sprintf("%s file %d", f.Type, i+1),
			open: func(ctx context.Context) (io.ReadCloser, error) { return job.Open(ctx, f) },
		})
	}
	if len(ex.files) == 0 && m.TransactionTime.IsZero() {
		return anExport{}, errors.New("the job completed without a transactionTime")
	}
	return ex, nil
}
