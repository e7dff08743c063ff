package fakebcda

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/bcda-go/bcda/fhir"
)

// Server is an offline BCDA. It is an http.Handler serving /auth, /api,
// /data and the unversioned endpoints on one host, as BCDA does. All methods
// are safe for concurrent use. Close it to remove cached files.
type Server struct {
	cfg config
	gen generator

	mu          sync.Mutex
	acos        map[string]*aco   // by client ID
	tokens      map[string]*token // by jti
	jobs        map[int]*job
	nextJob     int
	files       map[string]*file // by "<job>/<name>"
	faults      []*faultState
	silences    []*silenceState
	cuts        []int64
	truncations int
	failNext    int
	expireNext  bool // the next live token used is answered 401 Expired Token
	errorLines  int
	log         []*Request
	counts      map[countKey]int
	cacheDir    string
	ownCache    bool
	closed      bool
}

// New returns a server with every published sandbox credential set
// registered. It panics if an option is invalid; NewServer returns the
// error instead.
func New(opts ...Option) *Server {
	s, err := NewServer(opts...)
	if err != nil {
		panic(err)
	}
	return s
}

// NewServer is New for options that come from a user: an invalid or nil
// option is an error.
func NewServer(opts ...Option) (*Server, error) {
	cfg := defaultConfig()
	for i, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("fakebcda: option %d is nil", i+1)
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.runoutIngested.IsZero() {
		// Microseconds, as the timestamp BCDA reads back from Postgres.
		cfg.runoutIngested = cfg.clock().Add(-defaultRunoutAge).UTC().Truncate(time.Microsecond)
	}
	s := &Server{
		cfg:     cfg,
		gen:     defaultGenerator,
		acos:    make(map[string]*aco),
		tokens:  make(map[string]*token),
		jobs:    make(map[int]*job),
		nextJob: 1,
		files:   make(map[string]*file),
		counts:  make(map[countKey]int),
	}
	s.registerSandbox()
	return s, nil
}

// Close removes the cache directory the server created for stored files.
// The handler keeps answering afterwards, regenerating files as needed.
func (s *Server) Close() error {
	s.mu.Lock()
	dir, own := s.cacheDir, s.ownCache
	s.cacheDir, s.ownCache = "", false
	for _, f := range s.files {
		f.forget()
	}
	s.mu.Unlock()
	if own && dir != "" {
		return os.RemoveAll(dir)
	}
	return nil
}

// JobState is a job's state as BCDA's database names it.
type JobState string

// Job states. Archived and Expired are what BCDA's cleanup makes of completed
// jobs; set them with SetJobState to test the 404 quirk.
const (
	StatePending    JobState = "Pending"
	StateInProgress JobState = "In Progress"
	StateCompleted  JobState = "Completed"
	StateFailed     JobState = "Failed"
	StateCancelled  JobState = "Cancelled"
	StateArchived   JobState = "Archived"
	StateExpired    JobState = "Expired"
)

// JobInfo describes a job, for tests.
type JobInfo struct {
	ID      int
	CMSID   string
	Version string // "v1", "v2" or "v3"
	Request string // the kick-off URL, as in the manifest's request field
	State   JobState
	Types   []fhir.ResourceType
	Since   time.Time
	Created time.Time
	Updated time.Time
	Polls   int // status requests answered so far
	Files   int // data files (output entries) the job has or will have
}

// Job returns what the server knows about job id.
func (s *Server) Job(id int) (JobInfo, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[id]
	if !ok {
		return JobInfo{}, false
	}
	s.tickLocked(j)
	return j.info(), true
}

// Jobs returns every job, in id order.
func (s *Server) Jobs() []JobInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]JobInfo, 0, len(s.jobs))
	for id := 1; id < s.nextJob; id++ {
		if j, ok := s.jobs[id]; ok {
			s.tickLocked(j)
			out = append(out, j.info())
		}
	}
	return out
}

// SetJobState forces job id into state st, e.g. StateArchived to make the
// job 404 with BCDA's concatenated OperationOutcome body. A job moved to
// Completed gets its completion time set to now on the server's clock.
func (s *Server) SetJobState(id int, st JobState) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[id]
	if !ok {
		return false
	}
	j.state = st
	j.updated = s.cfg.clock()
	return true
}

// ServeHTTP answers one request the way BCDA would.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := &Request{
		Time:   s.cfg.clock(),
		Method: r.Method,
		Path:   r.URL.Path,
		Query:  r.URL.RawQuery,
		Header: redactedHeader(r.Header),
	}
	s.record(rec)

	w, silent := s.silence(w, r)
	if silent {
		return
	}
	rw := &responseWriter{ResponseWriter: w, s: s, rec: rec, rate: s.cfg.bandwidth}
	defer func() {
		s.mu.Lock()
		rec.Status, rec.Bytes = rw.status, rw.written
		s.mu.Unlock()
		s.cfg.logger.Debug("fakebcda", "method", r.Method, "path", r.URL.Path, "status", rw.status, "bytes", rw.written)
	}()

	if s.cfg.latency > 0 {
		time.Sleep(s.cfg.latency)
	}
	// BCDA's ConnectionClose middleware: no keep-alive, ever.
	rw.Header().Set("Connection", "close")

	if f, ok := s.takeFault(r); ok {
		if f.RetryAfter != "" {
			rw.Header().Set("Retry-After", f.RetryAfter)
		}
		body := f.Body
		if body == "" {
			body = http.StatusText(f.Status) + "\n"
		}
		rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
		rw.Header().Set("X-Content-Type-Options", "nosniff")
		rw.WriteHeader(f.Status)
		_, _ = rw.Write([]byte(body))
		return
	}
	s.route(rw, r)
}

func (s *Server) route(w *responseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case p == "/auth/token":
		if r.Method != http.MethodPost {
			methodNotAllowed(w)
			return
		}
		s.serveToken(w, r)
	case p == "/auth/welcome":
		if r.Method != http.MethodGet {
			methodNotAllowed(w)
			return
		}
		s.serveWelcome(w, r)
	case strings.HasPrefix(p, "/data/"):
		if r.Method != http.MethodGet {
			methodNotAllowed(w)
			return
		}
		s.serveData(w, r)
	case p == "/_version" || p == "/_health" || p == "/_auth":
		if r.Method != http.MethodGet {
			methodNotAllowed(w)
			return
		}
		if _, ok := s.parseToken(w, r, "v1"); !ok {
			return
		}
		s.serveInfo(w, r)
	case strings.HasPrefix(p, "/api/"):
		s.routeAPI(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (s *Server) routeAPI(w *responseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/api/")
	version, rest, _ := strings.Cut(rest, "/")
	if version != "v1" && version != "v2" && version != "v3" {
		http.NotFound(w, r)
		return
	}
	seg := strings.Split(rest, "/")
	get := r.Method == http.MethodGet
	switch {
	case rest == "metadata":
		if !get {
			methodNotAllowed(w)
			return
		}
		if _, ok := s.parseToken(w, r, version); !ok {
			return
		}
		s.serveMetadata(w, r, version)
	case rest == "Patient/$export", len(seg) == 3 && seg[0] == "Group" && seg[2] == "$export" && seg[1] != "":
		if !get {
			methodNotAllowed(w)
			return
		}
		s.serveKickoff(w, r, version)
	case rest == "jobs":
		if !get {
			methodNotAllowed(w)
			return
		}
		s.serveJobList(w, r, version)
	case len(seg) == 2 && seg[0] == "jobs" && seg[1] != "":
		switch r.Method {
		case http.MethodGet:
			s.serveJobStatus(w, r, version, seg[1])
		case http.MethodDelete:
			s.serveJobDelete(w, r, version, seg[1])
		default:
			methodNotAllowed(w)
		}
	case rest == "attribution_status":
		if !get {
			methodNotAllowed(w)
			return
		}
		s.serveAttribution(w, r, version)
	default:
		http.NotFound(w, r)
	}
}

// methodNotAllowed answers like chi's default: 405 and an empty body.
func methodNotAllowed(w http.ResponseWriter) {
	w.WriteHeader(http.StatusMethodNotAllowed)
}
