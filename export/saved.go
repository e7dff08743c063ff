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
