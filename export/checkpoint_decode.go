package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// checkpointVersion is the format Download writes; another value means a
// file this code did not write.
const checkpointVersion = 1

// decodeCheckpoint reads the bytes of the checkpoint file at path and
// returns its entries when it was written for job (none when it was written
// for another job). Whatever does not look exactly like a file Download
// wrote, such as a truncated or hand-edited one, is an error naming the
// file and the problem: a wrong entry could make a rerun keep a file it
// should fetch again.
func decodeCheckpoint(b []byte, path, job string) (map[string]checkpointEntry, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("export: checkpoint %s %s (delete it to start over)", path, fmt.Sprintf(format, args...))
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var d checkpointData
	if err := dec.Decode(&d); err != nil {
		return nil, bad("is not a valid checkpoint: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, bad("has more after its JSON object")
	}
	if d.Version != checkpointVersion {
		return nil, bad("has version %d, want %d", d.Version, checkpointVersion)
	}
	if d.Job == "" {
		return nil, bad("names no job")
	}
	for name, e := range d.Files {
		if err := e.check(name); err != nil {
			return nil, bad("entry %q: %v", name, err)
		}
	}
	if d.Job != job || d.Files == nil {
		return map[string]checkpointEntry{}, nil
	}
	return d.Files, nil
}

// check reports what makes e impossible for a file Download finished.
func (e checkpointEntry) check(name string) error {
	switch {
	case name == "":
		return errors.New("has no file name")
	case e.URL == "":
		return errors.New("has no url")
	case e.Bytes < 0 || e.Lines < 0:
		return fmt.Errorf("has negative sizes (bytes %d, lines %d)", e.Bytes, e.Lines)
	case e.Lines > e.Bytes:
		return fmt.Errorf("has more lines (%d) than bytes (%d)", e.Lines, e.Bytes)
	case !isSHA256Hex(e.SHA256):
		return fmt.Errorf("sha256 %q is not 64 lowercase hex digits", e.SHA256)
	}
	return nil
}

func isSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := range len(s) {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
