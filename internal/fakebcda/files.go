package fakebcda

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/synth"
)

type fileKind int

const (
	kindData     fileKind = iota // <uuid>.ndjson
	kindError                    // <uuid>-error.ndjson
	kindWarnings                 // warnings-and-info.ndjson, stored uncompressed
)

// file is one entry of a manifest. Its bytes are a pure function of the
// fields, so they are generated on demand and cached gzipped on disk.
type file struct {
	jobID int
	kind  fileKind
	name  string
	typ   fhir.ResourceType
	aco   *aco
	ver   string
	first int
	count int
	since time.Time
	// serviceDate filters EOBs by billable period (v3 _typeFilter).
	serviceDate func(start, end time.Time) bool
	lines       int // error lines, kindError only

	mu   sync.Mutex // serialises generation
	path string     // the cached gzip file once generated
	size int64
}

func (f *file) forget() {
	f.mu.Lock()
	f.path, f.size = "", 0
	f.mu.Unlock()
}

// warningsLine is the whole of a v3 warnings-and-info.ndjson.
const warningsLine = synth.WarningsAndInfo

// writePlain writes the file's uncompressed NDJSON.
func (s *Server) writePlain(f *file, w io.Writer) error {
	switch f.kind {
	case kindWarnings:
		_, err := io.WriteString(w, warningsLine)
		return err
	case kindError:
		idx := make([]int, f.lines)
		for i := range idx {
			idx[i] = f.first + i
		}
		bw := bufio.NewWriter(w)
		if _, err := f.aco.dataset().WriteRetrievalErrors(bw, f.typ, f.aco.uuid, idx...); err != nil {
			return err
		}
		return bw.Flush()
	}
	return s.gen(f, w)
}

func (s *Server) ensureCacheDir() (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cacheDir != "" {
		return s.cacheDir, nil
	}
	if s.cfg.cacheDir != "" {
		if err := os.MkdirAll(s.cfg.cacheDir, 0o700); err != nil {
			return "", err
		}
		s.cacheDir = s.cfg.cacheDir
		return s.cacheDir, nil
	}
	dir, err := os.MkdirTemp("", "fakebcda-")
	if err != nil {
		return "", err
	}
	s.cacheDir, s.ownCache = dir, true
	return dir, nil
}

// stored returns the path and size of the file's gzip bytes, generating
// them on first use. The gzip stream is deterministic (fixed header, fixed
// level), so every request, and every server with the same seed, sees the
// same bytes.
func (s *Server) stored(f *file) (string, int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.path != "" {
		return f.path, f.size, nil
	}
	dir, err := s.ensureCacheDir()
	if err != nil {
		return "", 0, err
	}
	final := filepath.Join(dir, fmt.Sprintf("%d-%s.gz", f.jobID, f.name))
	tmp, err := os.CreateTemp(dir, "gen-*")
	if err != nil {
		return "", 0, err
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	bw := bufio.NewWriterSize(tmp, 256<<10)
	zw, err := gzip.NewWriterLevel(bw, s.cfg.gzipLevel)
	if err != nil {
		tmp.Close()
		return "", 0, err
	}
	err = s.writePlain(f, zw)
	if err == nil {
		err = zw.Close()
	}
	if err == nil {
		err = bw.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", 0, err
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return "", 0, err
	}
	st, err := os.Stat(final)
	if err != nil {
		return "", 0, err
	}
	f.path, f.size = final, st.Size()
	return f.path, f.size, nil
}

// Warm generates and caches the stored files of job id now, so that a
// benchmark measures downloads rather than generation.
func (s *Server) Warm(id int) error {
	s.mu.Lock()
	j, ok := s.jobs[id]
	var files []*file
	if ok {
		files = append(append(files, j.files...), j.errFiles...)
	}
	s.mu.Unlock()
	if !ok {
		return fmt.Errorf("fakebcda: Warm: no job %d", id)
	}
	for _, f := range files {
		if f.kind == kindWarnings {
			continue
		}
		if _, _, err := s.stored(f); err != nil {
			return err
		}
	}
	return nil
}

// serveData is GET /data/{jobID}/{fileName}.
func (s *Server) serveData(w *responseWriter, r *http.Request) {
	tok, ok := s.requireToken(w, r, "v1")
	if !ok {
		return
	}
	rest := strings.TrimPrefix(r.URL.Path, "/data/")
	jobID, name, ok := strings.Cut(rest, "/")
	if !ok || name == "" || strings.Contains(name, "/") {
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	}
	// A job id that is not a number is 400 on the real server
	// (fidelity-audit item 10).
	j, ok := s.jobForRequest(w, "v1", tok, jobID)
	if !ok {
		return
	}
	s.mu.Lock()
	f, ok := s.files[fileKey(j.id, name)]
	servable := j.state == StateCompleted && !j.updated.Add(jobTimeout).Before(s.cfg.clock())
	modTime := j.updated
	s.mu.Unlock()
	if !ok || !servable {
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/fhir+ndjson")
	if cut, ok := s.takeCut(); ok {
		w.cut, w.cutAt = true, cut
		defer func() {
			if !w.aborted {
				// The body ended before the cut point: keep the cut
				// for the next download.
				s.returnCut(cut)
			}
		}()
	}

	if f.kind == kindWarnings {
		// Stored uncompressed; bcda-app ServeData (bcda/api/v1/api.go)
		// compresses such a file on the fly when the client accepts gzip,
		// and sends it as is otherwise.
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			_, _ = io.WriteString(zw, warningsLine)
			_ = zw.Close()
			return
		}
		http.ServeContent(w, r, name, modTime, strings.NewReader(warningsLine))
		return
	}
	if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		s.servePlain(w, f)
		return
	}

	path, size, err := s.stored(f)
	if err != nil {
		s.cfg.logger.Error("fakebcda: generating file", "file", name, "err", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	fh, err := os.Open(path)
	if err != nil {
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	defer fh.Close()
	w.Header().Set("Content-Encoding", "gzip")
	if s.takeTruncation() {
		// Half the member, then a clean end of response.
		w.WriteHeader(http.StatusOK)
		_, _ = io.Copy(w, io.NewSectionReader(fh, 0, size/2))
		return
	}
	// As BCDA: a gzip.Writer wraps the response but http.ServeFile writes
	// the stored bytes straight through; the deferred Close then appends an
	// empty gzip member. Content-Encoding keeps ServeContent from setting
	// Content-Length (except on ranges, where net/http drops the extra
	// bytes), so they do not break the framing.
	defer func() { _, _ = w.Write(emptyMember) }()
	http.ServeContent(w, r, name, modTime, fh)
}

// emptyMember is what Close on an unused gzip.Writer writes, computed once
// because a gzip.Writer costs most of a megabyte.
var emptyMember = func() []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}()

// servePlain streams the decompressed file: from the cache when it exists,
// else straight from the generator.
func (s *Server) servePlain(w *responseWriter, f *file) {
	f.mu.Lock()
	path := f.path
	f.mu.Unlock()
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriterSize(w, 64<<10)
	var err error
	if path != "" {
		var fh *os.File
		if fh, err = os.Open(path); err == nil {
			var zr *gzip.Reader
			if zr, err = gzip.NewReader(bufio.NewReaderSize(fh, 64<<10)); err == nil {
				_, err = io.Copy(bw, zr)
			}
			fh.Close()
		}
	} else {
		err = s.writePlain(f, bw)
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil && !errors.Is(err, http.ErrAbortHandler) {
		// Headers are gone; cutting the connection is the only honest
		// way left to say the body is incomplete.
		s.cfg.logger.Error("fakebcda: streaming file", "file", f.name, "err", err)
		panic(http.ErrAbortHandler)
	}
}
