package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"time"
)

// sandboxBase stands for the built-in sandbox in the state file: its URL
// changes on every run and its jobs die with the process, so a job started
// there is never re-attached.
const sandboxBase = "builtin-sandbox"

// state is what bcda-export remembers between runs, as JSON in the state file.
// It never holds credentials or tokens.
type state struct {
	// BaseURL and APIVersion identify the server the job and the
	// transaction time belong to.
	BaseURL    string `json:"base_url"`
	APIVersion string `json:"api_version"`
	// Request describes the export that JobURL runs (or last ran).
	Request request `json:"request"`
	// JobURL is the unfinished job to re-attach to; empty once its files are
	// all saved.
	JobURL     string    `json:"job_url,omitempty"`
	JobStarted time.Time `json:"job_started,omitzero"`
	// JobOrigin says whose job JobURL is: originStarted when this command
	// kicked it off, originAdopted when it found the job already running
	// (BCDA refused the kick-off as a duplicate and /jobs listed an
	// identical one), so another process may be using it. An interrupt
	// cancels only a started job. Empty (a state file from an older
	// version) counts as adopted: never cancel what may not be ours.
	JobOrigin string `json:"job_origin,omitempty"`
	// LastTransactionTime is the manifest's transactionTime of the last
	// successful run: the next -since auto.
	LastTransactionTime time.Time `json:"last_transaction_time,omitzero"`
	// LastRequest is the request of that successful run.
	LastRequest *request  `json:"last_request,omitempty"`
	LastSuccess time.Time `json:"last_success,omitzero"`

	// modes are the state file's modes (and its folder's, when missing):
	// private unless -group-readable.
	modes modes
}

// Values of state.JobOrigin.
const (
	originStarted = "started"
	originAdopted = "adopted"
)

// request is the part of an export that decides which data it returns.
type request struct {
	Group      string    `json:"group,omitempty"`
	Types      []string  `json:"types,omitempty"`
	Since      time.Time `json:"since,omitzero"`
	TypeFilter string    `json:"type_filter,omitempty"`
}

func (r request) equal(o request) bool {
	return r.Group == o.Group && slices.Equal(r.Types, o.Types) &&
		r.Since.Equal(o.Since) && r.TypeFilter == o.TypeFilter
}

// loadState reads the state file; a missing file is an empty state.
func loadState(path string) (*state, error) {
	st := new(state)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return nil, err
	}
	if err := decodeState(b, st); err != nil {
		return nil, fmt.Errorf("state file %s %v; move it away to start afresh", path, err)
	}
	return st, nil
}

// clearJob forgets the job in progress: it finished, expired or is to be
// replaced. The three fields go together, or check would find a job_started
// without its job.
func (s *state) clearJob() {
	s.JobURL, s.JobStarted, s.JobOrigin = "", time.Time{}, ""
}

// save writes the state atomically: a temporary file in the same directory,
// synced, then renamed over the old one, so a crash leaves either the old
// state or the new one, never half of either. The file is 0600 (0640 with
// -group-readable) whatever the umask.
func (s *state) save(path string) error {
	m := s.modes
	if m == (modes{}) {
		m = privateModes
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return m.writeFileAtomic(path, append(b, '\n'))
}
