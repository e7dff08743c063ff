package main

import (
	"time"

	"github.com/bcda-go/bcda/internal/jsonstate"
	"github.com/bcda-go/bcda/internal/perm"
)

// state is the state file: where the last successful run went and the
// transactionTime of its manifest.
type state struct {
	Server          string    `json:"server"`
	Version         string    `json:"api_version"`
	Endpoint        string    `json:"endpoint"`
	TransactionTime time.Time `json:"transaction_time"`
	Saved           time.Time `json:"saved"`
}

// loadState reads the state file; a missing file is an empty state.
func loadState(path string) (*state, error) { return jsonstate.Load[state](path) }

// save replaces the state file atomically (temporary file, then rename), so
// a crash never leaves a torn file that would lose the window.
// The file is 0600 whatever the umask.
func (s *state) save(path string) error { return jsonstate.Save(path, s, perm.Private) }
