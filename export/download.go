package export

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/backoff"
	"github.com/bcda-go/bcda/internal/perm"
	"github.com/bcda-go/bcda/internal/seam"
)

type downloadTask struct {
	index int
	kind  FileKind
	file  File
	name  string
}

// maxThrottleRetries bounds how often one file is put back after a 429/503
// that the client's own retries did not absorb.
const maxThrottleRetries = 10

// maxDamagedRetries bounds how often a file whose gzip stream arrived
// damaged is fetched again from the start.
const maxDamagedRetries = 2

// Download writes every output, error and deleted file of the job into dir,
// several at a time, decompressed. Files are named by resource type and kind
// ("Patient-001.ndjson", "OperationOutcome-error-001.ndjson"; layout.go
// says why). Each is written to "<name>.part", synced and renamed to
// "<name>", so a final name never holds a partial file. Once every file is
// in place, Download writes manifest.json (SavedManifestName) beside them:
// BCDA's URL of each file without its query string, lines, bytes, SHA-256
// and a summary per type, for OpenSaved; it removes an older manifest.json
// first, so the file exists only beside a finished download. When the
// manifest is not known yet, Download waits for the job first.
//
// What Download creates (dir and missing parents, data, .part, the
// checkpoint, manifest.json) gets files 0600 and folders 0700 whatever the
// umask: the files hold PHI. Existing files and folders keep their modes;
// Permissions widens the modes and applies them to those too.
//
// Streams are resumed as Open describes; a file whose gzip stream arrives
// damaged is fetched again from the start (twice at most), and a file
// refused with 429 or 503 after the client's retries waits (Retry-After, or
// a growing pause) and is tried again, up to ten times.
//
// Failed files do not stop the others: the result lists every file, and the
// error joins the failures. Memory use does not depend on file sizes.
func (j *Job) Download(ctx context.Context, dir string, opts ...DownloadOption) (*DownloadResult, error) {
	cfg := downloadConfig{concurrency: 4, modes: perm.Private}
	for i, o := range opts {
		if o == nil {
			return nil, invalidf("DownloadOption %d is nil", i+1)
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	start := time.Now()
	m := j.knownManifest()
	if m == nil {
		var err error
		if m, err = j.Wait(ctx); err != nil {
			return nil, err
		}
	}
	tasks, err := planDownload(m)
	if err != nil {
		return nil, err
	}
	if err := prepareDir(dir, j.URL(), &cfg); err != nil {
		return nil, err
	}
	var cp *checkpoint
	if cfg.checkpoint != "" {
		if cp, err = loadCheckpoint(cfg.checkpoint, j.URL(), cfg.modes); err != nil {
			return nil, err
		}
		if cfg.modesSet {
			if err := perm.Set(cfg.checkpoint, cfg.modes.File); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("export: %w", err)
			}
		}
	}
	res := &DownloadResult{Dir: dir, Manifest: m, Files: make([]FileResult, len(tasks))}
	lim := newLimiter(cfg.concurrency)
	ctx = seam.WithThrottle(ctx, func(int, time.Duration) { lim.throttle() })

	queue := make(chan downloadTask)
	var wg sync.WaitGroup
	// Twice as many workers as connections: a worker syncing a finished
	// file to disk has already given its connection slot to another.
	for range 2 * cfg.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 256<<10)
			for t := range queue {
				fr := j.downloadOne(ctx, dir, t, cp, lim, buf, &cfg)
				res.Files[t.index] = fr
				if cfg.progress != nil {
					cfg.progress(FileProgress{File: t.file, Kind: t.kind, Name: t.name, Bytes: fr.Bytes, Done: true, Skipped: fr.Skipped, Err: fr.Err})
				}
			}
		}()
	}
	for _, t := range tasks {
		select {
		case queue <- t:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(queue)
	wg.Wait()
	syncDir(dir)

	var errs []error
	for i := range res.Files {
		fr := &res.Files[i]
		if fr.Name == "" { // never started: ctx was cancelled
			t := tasks[i]
			*fr = FileResult{File: t.file, Kind: t.kind, Name: t.name, Path: filepath.Join(dir, t.name), Err: ctx.Err()}
		}
		if fr.Err != nil {
			errs = append(errs, fr.Err)
			continue
		}
		if !fr.Skipped {
			res.Bytes += fr.Bytes
		}
		if fr.Kind == KindError {
			if err := readIssuesFile(fr.Path, fr.Name, res); err != nil {
				errs = append(errs, err)
			}
		}
	}
	res.Throttles, res.MinConcurrency, _ = lim.stats()
	if len(errs) == 0 {
		// Written last: its presence says every file is in place.
		if err := writeSavedManifest(dir, j.URL(), m, res, cfg.modes); err != nil {
			errs = append(errs, err)
		}
	}
	res.Duration = time.Since(start)
	if len(errs) > 0 {
		// The result has every failure; the error shows the first few.
		shown := errs[:min(len(errs), 5)]
		more := ""
		if len(errs) > len(shown) {
			more = fmt.Sprintf(" (and %d more, see DownloadResult.Files)", len(errs)-len(shown))
		}
		return res, fmt.Errorf("export: %d of %d files failed%s: %w", len(errs), len(tasks), more, errors.Join(shown...))
	}
	return res, nil
}

// planDownload names every file of m by the folder's layout (layout.go).
func planDownload(m *Manifest) ([]downloadTask, error) {
	var tasks []downloadTask
	add := func(kind FileKind, files []File) error {
		total := map[fhir.ResourceType]int{}
		for _, f := range files {
			if _, err := url.Parse(f.URL); err != nil {
				return fmt.Errorf("export: manifest file URL %q: %w", redactString(f.URL), err)
			}
			if err := checkTypeName(f.Type); err != nil {
				return err
			}
			total[f.Type]++
		}
		seen := map[fhir.ResourceType]int{}
		for _, f := range files {
			seen[f.Type]++
			name := layoutName(kind, f.Type, seen[f.Type], total[f.Type])
			tasks = append(tasks, downloadTask{index: len(tasks), kind: kind, file: f, name: name})
		}
		return nil
	}
	if err := add(KindOutput, m.Output); err != nil {
		return nil, err
	}
	if err := add(KindError, m.Error); err != nil {
		return nil, err
	}
	if err := add(KindDeleted, m.Deleted); err != nil {
		return nil, err
	}
	return tasks, nil
}

func (j *Job) downloadOne(ctx context.Context, dir string, t downloadTask, cp *checkpoint, lim *limiter, buf []byte, cfg *downloadConfig) (r FileResult) {
	r = FileResult{File: t.file, Kind: t.kind, Name: t.name, Path: filepath.Join(dir, t.name)}
	begin := time.Now()
	defer func() { r.Duration = time.Since(begin) }()

	// The checkpoint names files by URL without the query string: a signed
	// URL's signature must not reach the disk, and it says nothing about
	// the file's content.
	fileURL := redactString(t.file.URL)
	if cp != nil {
		if e, ok := cp.entry(t.name); ok && e.URL == fileURL {
			if verifyFile(r.Path, e, buf) {
				r.Bytes, r.Lines, r.SHA256, r.Skipped = e.Bytes, e.Lines, e.SHA256, true
				_ = os.Remove(r.Path + ".part") // a crashed run's leftover
				if cfg.modesSet {
					if err := perm.Set(r.Path, cfg.modes.File); err != nil {
						r.Err = fmt.Errorf("export: %w", err)
					}
				}
				return r
			}
			cp.forget(t.name)
		}
	}
	damagedRetries := 0
	for attempt := 0; ; attempt++ {
		if err := lim.acquire(ctx); err != nil {
			r.Err = &FileError{URL: fileURL, Err: err}
			return r
		}
		released := false
		netDone := func(ok bool) {
			if !released {
				released = true
				lim.release(ok)
			}
		}
		err := j.fetchToFile(ctx, t, &r, buf, cfg, func() { netDone(true) })
		var se *statusError
		throttled := errors.As(err, &se) && (se.code == http.StatusTooManyRequests || se.code == http.StatusServiceUnavailable)
		netDone(err == nil)
		if err == nil {
			break
		}
		// A damaged gzip stream cannot be resumed, but the file can be
		// fetched again from the start.
		damaged := corrupt(err) && damagedRetries < maxDamagedRetries
		if !(throttled || damaged) || attempt >= maxThrottleRetries || ctx.Err() != nil {
			r.Err = err
			return r
		}
		wait := backoff.Step(attempt, j.retryBase, maxPause)
		if damaged {
			damagedRetries++
		} else {
			lim.throttle()
			if se.retryAfter > 0 {
				wait = se.retryAfter
			}
		}
		j.conn.debug("export: file throttled", "url", fileURL, "wait", wait)
		if err := sleep(ctx, wait); err != nil {
			r.Err = &FileError{URL: fileURL, Err: err}
			return r
		}
	}
	if cp != nil {
		e := checkpointEntry{URL: fileURL, Bytes: r.Bytes, Lines: r.Lines, SHA256: r.SHA256, Finished: time.Now().UTC()}
		if err := cp.record(t.name, e); err != nil {
			r.Err = fmt.Errorf("export: writing checkpoint: %w", err)
		}
	}
	return r
}

// fetchToFile streams one file into <name>.part and renames it into place.
// netDone is called once the body has been read and the connection
// released, so that another file can start while this one is synced.
func (j *Job) fetchToFile(ctx context.Context, t downloadTask, r *FileResult, buf []byte, cfg *downloadConfig, netDone func()) (err error) {
	src, err := j.openFile(ctx, t.file)
	if err != nil {
		return err
	}
	defer src.Close()
	part := r.Path + ".part"
	out, err := cfg.modes.Create(part)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer func() {
		if err != nil {
			_ = out.Close()
			_ = os.Remove(part)
		}
	}()
	w := &tally{h: sha256.New(), w: out}
	if progress := cfg.progress; progress != nil {
		w.report = func(n int64) { progress(FileProgress{File: t.file, Kind: t.kind, Name: t.name, Bytes: n}) }
	}
	if err = copyFull(w, src, buf); err != nil {
		return err
	}
	src.Close()
	netDone()
	if err = out.Sync(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err = out.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	lines := w.lines
	if w.n > 0 && w.last != '\n' {
		lines++
	}
	if t.file.Count > 0 && int64(t.file.Count) != lines {
		return fmt.Errorf("export: %s has %d lines, the manifest says %d", redactString(t.file.URL), lines, t.file.Count)
	}
	if err = os.Rename(part, r.Path); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	r.Bytes, r.Lines, r.SHA256 = w.n, lines, hex.EncodeToString(w.h.Sum(nil))
	return nil
}

// copyFull copies src to dst in whole buffers: a gzip reader hands out at
// most 32 KiB per Read, and a write per Read would cost a system call each.
func copyFull(dst io.Writer, src io.Reader, buf []byte) error {
	for {
		n := 0
		var err error
		for n < len(buf) && err == nil {
			var k int
			k, err = src.Read(buf[n:])
			n += k
		}
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return fmt.Errorf("export: %w", werr)
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// tally writes through to w while hashing and counting bytes and newlines.
type tally struct {
	w      io.Writer
	h      hash.Hash
	n      int64
	lines  int64
	last   byte
	report func(n int64)
	told   int64
}

func (t *tally) Write(p []byte) (int, error) {
	n, err := t.w.Write(p)
	t.h.Write(p[:n])
	t.n += int64(n)
	t.lines += int64(bytes.Count(p[:n], []byte{'\n'}))
	if n > 0 {
		t.last = p[n-1]
		if t.report != nil && t.n-t.told >= 256<<10 {
			t.told = t.n
			t.report(t.n)
		}
	}
	return n, err
}

func readIssuesFile(p, name string, res *DownloadResult) error {
	f, err := os.Open(p)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer f.Close()
	return readIssues(f, name, res)
}

func redactString(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	return redact(u)
}

// syncDir makes the renames durable; failure only weakens crash safety.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// prepareDir creates dir with the configured folder mode, or, when
// Permissions was given and dir exists, sets that mode on it. It removes a
// manifest.json left by an earlier Download of the same job: the folder's
// content is about to change, and the manifest must describe only a
// finished download. It refuses a folder that holds another job's saved
// export, whose files the same names would replace.
func prepareDir(dir, job string, cfg *downloadConfig) error {
	if err := checkSameJob(dir, job); err != nil {
		return err
	}
	created, err := cfg.modes.MkdirAll(dir)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if cfg.modesSet && len(created) == 0 {
		if err := perm.Set(dir, cfg.modes.Dir); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	if err := os.Remove(filepath.Join(dir, SavedManifestName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
