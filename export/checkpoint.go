package export

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"
	"time"

	"github.com/bcda-go/bcda/internal/atomicfile"
	"github.com/bcda-go/bcda/internal/perm"
)

// checkpoint records the files a Download finished, so that a rerun can
// skip those whose bytes on disk still match.
type checkpoint struct {
	path  string
	modes perm.Modes
	mu    sync.Mutex
	data  checkpointData
}

type checkpointData struct {
	Version int                        `json:"version"`
	Job     string                     `json:"job"`
	Files   map[string]checkpointEntry `json:"files"`
}

type checkpointEntry struct {
	URL      string    `json:"url"`
	Bytes    int64     `json:"bytes"`
	Lines    int64     `json:"lines"`
	SHA256   string    `json:"sha256"`
	Finished time.Time `json:"finished"`
}

// loadCheckpoint reads path; a missing file is an empty checkpoint, and so
// is one for another job (its entries cannot describe this job's files).
func loadCheckpoint(path, job string, modes perm.Modes) (*checkpoint, error) {
	c := &checkpoint{path: path, modes: modes, data: checkpointData{Version: checkpointVersion, Job: job, Files: map[string]checkpointEntry{}}}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, fmt.Errorf("export: reading checkpoint: %w", err)
	}
	if c.data.Files, err = decodeCheckpoint(b, path, job); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *checkpoint) entry(name string) (checkpointEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.data.Files[name]
	return e, ok
}

// record adds a finished file and rewrites the checkpoint atomically.
func (c *checkpoint) record(name string, e checkpointEntry) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.data.Files[name] = e
	b, err := json.MarshalIndent(c.data, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(c.path, b, c.modes)
}

func (c *checkpoint) forget(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.data.Files, name)
}

// verifyFile reports whether the file at path has e's size and SHA-256.
func verifyFile(path string, e checkpointEntry, buf []byte) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() != e.Bytes {
		return false
	}
	h := sha256.New()
	if _, err := io.CopyBuffer(h, struct{ io.Reader }{f}, buf); err != nil {
		return false
	}
	return hex.EncodeToString(h.Sum(nil)) == e.SHA256
}
