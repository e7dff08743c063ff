package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
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
	files           []input
}

// bcda-export's layout (examples/bcda-export): DIR/<transactionTime>-job<ID>/
// holds one .ndjson per manifest entry, and DIR/.bcda-export-state.json
// records the API version.
const (
	jobDirTime = "20060102T150405Z"
	stateFile  = ".bcda-export-state.json"
)

// savedVersion reads the API version bcda-export recorded beside a saved
// export: dir itself or, for a job directory, its parent. "" if unknown.
func savedVersion(dir string) string {
	for _, d := range []string{dir, filepath.Dir(dir)} {
		data, err := os.ReadFile(filepath.Join(d, stateFile))
		if err != nil {
			continue
		}
		var st struct {
			APIVersion string `json:"api_version"`
		}
		if json.Unmarshal(data, &st) == nil && st.APIVersion != "" {
			return st.APIVersion
		}
	}
	return ""
}

// savedExports lists the exports to load from a directory saved by
// bcda-export. dir is either one job directory (it holds .ndjson files) or
// bcda-export's -out directory (it holds job directories). From an -out
// directory it picks the newest job, or, with after set (-since auto), every
// job newer than after, oldest first.
func savedExports(dir string, auto bool, after time.Time) ([]anExport, error) {
	files, err := ndjsonFiles(dir)
	if err != nil {
		return nil, err
	}
	if len(files) > 0 {
		t, ok := jobTime(dir)
		if !ok {
			if auto {
				return nil, fmt.Errorf("%s: -since auto needs the export's transactionTime, which bcda-export puts in the directory name (<time>-job<ID>)", dir)
			}
			t = time.Now().UTC()
		}
		if auto && !t.After(after) {
			return nil, nil // already loaded
		}
		return []anExport{{source: dir, transactionTime: t, files: files}}, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []anExport
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		sub := filepath.Join(dir, e.Name())
		t, ok := jobTime(sub)
		if !ok {
			continue
		}
		fs, err := ndjsonFiles(sub)
		if err != nil {
			return nil, err
		}
		if len(fs) == 0 || (auto && !t.After(after)) {
			continue
		}
		out = append(out, anExport{source: sub, transactionTime: t, files: fs})
	}
	slices.SortFunc(out, func(a, b anExport) int { return a.transactionTime.Compare(b.transactionTime) })
	if len(out) == 0 && !auto {
		return nil, fmt.Errorf("%s holds no .ndjson files and no job directories saved by bcda-export", dir)
	}
	if !auto && len(out) > 1 {
		out = out[len(out)-1:]
	}
	return out, nil
}

// jobTime parses the transactionTime out of a job directory's name.
func jobTime(dir string) (time.Time, bool) {
	name := filepath.Base(dir)
	i := strings.Index(name, "-job")
	if i < 0 {
		return time.Time{}, false
	}
	t, err := time.Parse(jobDirTime, name[:i])
	return t, err == nil
}

// ndjsonFiles lists the whole .ndjson files of a directory (bcda-export
// names a file .part until it is complete, so those are left out).
func ndjsonFiles(dir string) ([]input, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []input
	for _, e := range entries {
		if e.IsDir() || !(strings.HasSuffix(e.Name(), ".ndjson") || strings.HasSuffix(e.Name(), ".ndjson.gz")) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		out = append(out, input{name: p, open: func(context.Context) (io.ReadCloser, error) { return os.Open(p) }})
	}
	return out, nil
}

// liveExport runs an export now and returns its output files as streams:
// rows are loaded as the files download, nothing is written to disk.
func liveExport(ctx context.Context, c *client.Client, since time.Time, group string, prog *progress) (anExport, error) {
	var opts []export.Option
	if group != "" {
		opts = append(opts, export.Group(group))
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
		return anExport{}, err
	}
	if len(m.Error) > 0 {
		prog.logf("BCDA listed %d error files (OperationOutcomes); they are not loaded", len(m.Error))
	}
	ex := anExport{source: job.URL(), transactionTime: m.TransactionTime}
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
