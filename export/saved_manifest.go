package export

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/atomicfile"
	"github.com/bcda-go/bcda/internal/perm"
)

// savedFormat names the layout of manifest.json; a reader refuses another.
const savedFormat = "bcda-go/saved-export/1"

// savedManifest is manifest.json: the bulk data manifest's own fields (so a
// tool that knows the spec can read it), file URLs without query strings,
// and per file the saved name, lines, bytes and SHA-256.
type savedManifest struct {
	Format              string              `json:"format"`
	TransactionTime     time.Time           `json:"transactionTime"`
	Request             string              `json:"request"`
	Parameters          map[string][]string `json:"requestParameters,omitempty"`
	RequiresAccessToken bool                `json:"requiresAccessToken"`
	Job                 string              `json:"job"`
	JobID               int                 `json:"JobID,omitempty"`
	Output              []savedEntry        `json:"output"`
	Error               []savedEntry        `json:"error"`
	Deleted             []savedEntry        `json:"deleted,omitempty"`
	Summary             []TypeSummary       `json:"summary"`
	Issues              struct {
		Errors   int `json:"errors"`
		Warnings int `json:"warnings"`
	} `json:"issues"`
	SavedAt time.Time `json:"savedAt"`
}

type savedEntry struct {
	Type   fhir.ResourceType `json:"type"`
	URL    string            `json:"url"`
	Count  int               `json:"count,omitempty"`
	File   string            `json:"file"`
	Lines  int64             `json:"lines"`
	Bytes  int64             `json:"bytes"`
	SHA256 string            `json:"sha256"`
}

// keptParameters are the kick-off parameters manifest.json keeps: they say
// what the folder holds and are chosen by the caller, not served. BCDA's
// _typeFilter admits only ExplanationOfBenefit's _tag, outcome and
// service-date (../shared/reference/bcda-server.md §3.2 item 6, from
// bcda-app's validation.go), so none of them names a beneficiary. Others (the bulk data patient
// parameter, which does) are dropped with the rest of the query string.
var keptParameters = []string{"_type", "_since", "_typeFilter", "_outputFormat", "_elements"}

// requestParameters returns the kept parameters of a kick-off URL.
func requestParameters(request string) map[string][]string {
	u, err := url.Parse(request)
	if err != nil {
		return nil
	}
	q := u.Query()
	var kept map[string][]string
	for _, k := range keptParameters {
		if v, ok := q[k]; ok {
			if kept == nil {
				kept = map[string][]string{}
			}
			kept[k] = v
		}
	}
	return kept
}

// buildSavedManifest describes a finished download: every file of res,
// which must all have succeeded.
func buildSavedManifest(job string, m *Manifest, res *DownloadResult, now time.Time) *savedManifest {
	w := &savedManifest{
		Format:              savedFormat,
		TransactionTime:     m.TransactionTime,
		Request:             redactString(m.Request),
		Parameters:          requestParameters(m.Request),
		RequiresAccessToken: m.RequiresAccessToken,
		Job:                 redactString(job),
		JobID:               m.JobID,
		Output:              []savedEntry{},
		Error:               []savedEntry{},
		SavedAt:             now.UTC(),
	}
	w.Issues.Errors, w.Issues.Warnings = res.ErrorCount, res.WarningCount
	index := map[[2]string]int{}
	for _, f := range res.Files {
		e := savedEntry{Type: f.File.Type, URL: redactString(f.File.URL), Count: f.File.Count, File: f.Name, Lines: f.Lines, Bytes: f.Bytes, SHA256: f.SHA256}
		switch f.Kind {
		case KindOutput:
			w.Output = append(w.Output, e)
		case KindError:
			w.Error = append(w.Error, e)
		default:
			w.Deleted = append(w.Deleted, e)
		}
		key := [2]string{string(f.Kind), string(f.File.Type)}
		i, ok := index[key]
		if !ok {
			i = len(w.Summary)
			index[key] = i
			w.Summary = append(w.Summary, TypeSummary{Kind: f.Kind, Type: f.File.Type})
		}
		w.Summary[i].Files++
		w.Summary[i].Lines += f.Lines
		w.Summary[i].Bytes += f.Bytes
	}
	if w.Summary == nil {
		w.Summary = []TypeSummary{}
	}
	return w
}

// checkSameJob fails when dir holds the manifest.json of a job other than
// job. A missing folder or manifest is fine.
func checkSameJob(dir, job string) error {
	p := filepath.Join(dir, SavedManifestName)
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	var w struct {
		Format string `json:"format"`
		Job    string `json:"job"`
	}
	if err := json.Unmarshal(b, &w); err != nil || w.Format != savedFormat {
		return fmt.Errorf("export: %s is not a manifest Download wrote; save the export in another folder", p)
	}
	if w.Job != redactString(job) {
		return fmt.Errorf("export: %s holds the saved export of job %s; save each job in a folder of its own, or remove that one first (its files would be replaced)", dir, w.Job)
	}
	return nil
}

// writeSavedManifest writes manifest.json into dir for a download whose
// files all succeeded.
func writeSavedManifest(dir, job string, m *Manifest, res *DownloadResult, modes perm.Modes) error {
	b, err := json.MarshalIndent(buildSavedManifest(job, m, res, time.Now()), "", "  ")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, SavedManifestName), append(b, '\n'), modes); err != nil {
		return fmt.Errorf("export: writing %s: %w", SavedManifestName, err)
	}
	return nil
}
