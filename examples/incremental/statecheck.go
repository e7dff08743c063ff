package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// check refuses a state no run writes, so that a hand-edited or damaged
// file stops the program instead of exporting the wrong window.
func (s *state) check() error {
	if s.TransactionTime.IsZero() {
		if s.Server != "" || s.Version != "" || s.Endpoint != "" {
			return errors.New("records a server, version or endpoint but no transaction_time")
		}
		return nil
	}
	if s.Server == "" {
		return errors.New("records a transaction_time but no server")
	}
	switch s.Version {
	case "v1", "v2", "v3":
	default:
		return fmt.Errorf("api_version %q: want v1, v2 or v3", s.Version)
	}
	switch s.Endpoint {
	case "", "Patient/$export", "Group/all/$export":
	default:
		return fmt.Errorf("endpoint %q: want Patient/$export or Group/all/$export", s.Endpoint)
	}
	return nil
}

// decodeState reads a state file's bytes strictly: one JSON object of the
// state's members (a misspelt or unknown member is an error, not silently
// dropped), nothing after it, and a state a run could have written. Read
// leniently, a damaged file would lose what it records.
func decodeState(b []byte, st *state) error {
	if t := bytes.TrimSpace(b); len(t) == 0 || t[0] != '{' {
		return errors.New("is not valid JSON: want an object")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(st); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) || errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("is not valid JSON (%v)", err)
		}
		return fmt.Errorf("is not a valid state (%v)", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("has more after its JSON object")
	}
	return st.check()
}
