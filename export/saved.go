package export

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/bcda-go/bcda/fhir"
)

// Saved is an export saved by Download, read back from the manifest.json it
// wrote beside the files (OpenSaved). It says which file holds which
// resource type, where each came from on the server, and how many lines and
// bytes each holds, so a loader never guesses from file names or reads
// hidden files.
type Saved struct {
	// Dir is the folder the files are in.
	Dir string
	// TransactionTime is the manifest's transactionTime: the _since of the
	// next incremental export.
	TransactionTime time.Time
	// Request is the kick-off URL without its query string; Parameters holds
	// the bulk data parameters it carried (_type, _since, _typeFilter,
	// _outputFormat), which say what the folder holds.
	Request    string
	Parameters map[string][]string
	// Job is the job's status URL and JobID BCDA's job number (0 when the
	// server did not send one).
	Job   string
	JobID int
	// SavedAt is when Download finished writing the folder.
	SavedAt time.Time
	// Files lists every file in manifest order: output, then error, then
	// deleted.
	Files []SavedFile
	// Summary has one entry per kind and type, in the order of Files.
	Summary []TypeSummary
	// ErrorCount and WarningCount count the issues in the error files
	// (severity fatal or error; warning or information).
	ErrorCount   int
	WarningCount int
}

// SavedFile is one file of a saved export.
type SavedFile struct {
	Kind FileKind
	Type fhir.ResourceType
	// Name is the file's name in the folder ("Patient-001.ndjson") and Path
	// its full path.
	Name string
	Path string
	// URL is where the server listed the file, without its query string;
	// SourceName is the server's own file name, the URL's last element.
	URL        string
	SourceName string
	// Lines, Bytes and SHA256 describe the decompressed content as written.
	Lines  int64
	Bytes  int64
	SHA256 string
}

// TypeSummary counts the files, lines (one resource each) and bytes of one
// resource type of one kind.
type TypeSummary struct {
	Kind  FileKind          `json:"kind"`
	Type  fhir.ResourceType `json:"type"`
	Files int               `json:"files"`
	Lines int64             `json:"lines"`
	Bytes int64             `json:"bytes"`
}

// ErrNotSaved is matched (errors.Is) by OpenSaved's error for a folder with
// no manifest.json: nothing was saved there, or the download did not finish.
var ErrNotSaved = errors.New("export: no saved export")

// OpenSaved reads the manifest.json that Download wrote in dir. The result
// lists every file with its kind, resource type and counts; its paths point
// into dir. A folder without manifest.json matches ErrNotSaved: Download
// writes it last, so its absence means the download did not finish.
func OpenSaved(dir string) (*Saved, error) {
	p := filepath.Join(dir, SavedManifestName)
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w in %s: %s is missing (the download did not finish, or the folder was not written by Download)", ErrNotSaved, dir, SavedManifestName)
	}
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	var w savedManifest
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, fmt.Errorf("export: %s is not valid JSON: %w", p, err)
	}
	if w.Format != savedFormat {
		return nil, fmt.Errorf("export: %s has format %q, want %q", p, w.Format, savedFormat)
	}
	s := &Saved{
		Dir:             dir,
		TransactionTime: w.TransactionTime,
		Request:         w.Request,
		Parameters:      w.Parameters,
		Job:             w.Job,
		JobID:           w.JobID,
		SavedAt:         w.SavedAt,
		Summary:         w.Summary,
		ErrorCount:      w.Issues.Errors,
		WarningCount:    w.Issues.Warnings,
	}
	for _, list := range []struct {
		kind    FileKind
		entries []savedEntry
	}{{KindOutput, w.Output}, {KindError, w.Error}, {KindDeleted, w.Deleted}} {
		for _, e := range list.entries {
			// The names come from a file anyone with write access could
			// edit: none may lead outside dir.
			if e.File == "" || e.File != filepath.Base(e.File) || e.File == "." || e.File == ".." || strings.ContainsAny(e.File, `/\`) {
				return nil, fmt.Errorf("export: %s lists the file name %q, which is not a name in the folder", p, e.File)
			}
			u, _ := url.Parse(e.URL)
			src := ""
			if u != nil {
				src = path.Base(u.Path)
			}
			s.Files = append(s.Files, SavedFile{
				Kind: list.kind, Type: e.Type, Name: e.File, Path: filepath.Join(dir, e.File),
				URL: e.URL, SourceName: src, Lines: e.Lines, Bytes: e.Bytes, SHA256: e.SHA256,
			})
		}
	}
	return s, nil
}

// ListSaved finds the saved exports under root: root itself when it holds a
// manifest.json, otherwise each of its immediate subfolders that does (the
// way bcda-export and the incremental example keep one folder per job).
// Folders whose download did not finish are left out. The result is sorted
// by TransactionTime, oldest first: the order in which incremental exports
// must be applied.
func ListSaved(root string) ([]*Saved, error) {
	if s, err := OpenSaved(root); err == nil {
		return []*Saved{s}, nil
	} else if !errors.Is(err, ErrNotSaved) {
		return nil, err
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	var all []*Saved
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		s, err := OpenSaved(filepath.Join(root, e.Name()))
		if errors.Is(err, ErrNotSaved) {
			continue
		}
		if err != nil {
			return nil, err
		}
		all = append(all, s)
	}
	slices.SortStableFunc(all, func(a, b *Saved) int { return a.TransactionTime.Compare(b.TransactionTime) })
	return all, nil
}

// Output returns the data files of resource type t, in manifest order.
func (s *Saved) Output(t fhir.ResourceType) []SavedFile {
	var files []SavedFile
	for _, f := range s.Files {
		if f.Kind == KindOutput && f.Type == t {
			files = append(files, f)
		}
	}
	return files
}

// Types returns the resource types of the data files, in manifest order.
func (s *Saved) Types() []fhir.ResourceType {
	var types []fhir.ResourceType
	for _, f := range s.Files {
		if f.Kind == KindOutput && !slices.Contains(types, f.Type) {
			types = append(types, f.Type)
		}
	}
	return types
}

// Verify checks that every file is present with the size and SHA-256 the
// manifest records, reading each whole (memory stays flat). The error names
// every file that differs.
func (s *Saved) Verify() error {
	buf := make([]byte, 256<<10)
	var errs []error
	for _, f := range s.Files {
		if !verifyFile(f.Path, checkpointEntry{Bytes: f.Bytes, SHA256: f.SHA256}, buf) {
			errs = append(errs, fmt.Errorf("export: %s is missing or differs from %s (want %d bytes, SHA-256 %s)", f.Path, SavedManifestName, f.Bytes, f.SHA256))
		}
	}
	return errors.Join(errs...)
}

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
// what the folder holds and are chosen by the caller, not served. Others
// (patient, for one, which names beneficiaries) are dropped with the rest of
// the query string.
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
	if m.Request == "" {
		w.Request = ""
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
