package fakebcda

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
)

// SilenceRule makes matching requests go silent: the connection stays open
// and nothing more arrives, as with a wedged proxy or a dead NAT mapping.
// The handler waits until the client hangs up.
//
//	s.Silence(fakebcda.SilenceRule{Path: "/data/", AfterBytes: 64 << 10, Times: 1})
type SilenceRule struct {
	// Method and Path (a prefix) match the request; "" matches any.
	Method, Path string
	// AfterBytes is how many body bytes are sent, headers first, before the
	// silence; a negative value sends nothing at all, not even headers (a
	// server that accepts the request and never answers).
	AfterBytes int64
	// Times is how many matching requests go silent; 0 or less means every
	// one until ClearSilences.
	Times int
}

type silenceState struct {
	rule  SilenceRule
	fired int
}

// Silence adds a silence rule; rules are tried in the order added. Safe to
// call at any time from any goroutine.
func (s *Server) Silence(rule SilenceRule) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.silences = append(s.silences, &silenceState{rule: rule})
}

// ClearSilences removes every silence rule.
func (s *Server) ClearSilences() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.silences = nil
}

// silence applies the first matching rule to w. It reports true when the
// request has been answered with silence already (nothing sent); otherwise
// it returns the writer to use, which goes silent after the rule's bytes.
func (s *Server) silence(w http.ResponseWriter, r *http.Request) (http.ResponseWriter, bool) {
	s.mu.Lock()
	var rule *SilenceRule
	for _, st := range s.silences {
		if st.rule.Times > 0 && st.fired >= st.rule.Times {
			continue
		}
		if st.rule.Method != "" && !strings.EqualFold(st.rule.Method, r.Method) {
			continue
		}
		if st.rule.Path != "" && !strings.HasPrefix(r.URL.Path, st.rule.Path) {
			continue
		}
		st.fired++
		rule = &st.rule
		break
	}
	s.mu.Unlock()
	switch {
	case rule == nil:
		return w, false
	case rule.AfterBytes < 0:
		<-r.Context().Done()
		return w, true
	}
	return &silentWriter{ResponseWriter: w, left: rule.AfterBytes, done: r.Context().Done()}, false
}

// silentWriter passes the first left bytes through, flushed so the client
// has them, and then blocks every write until the client hangs up.
type silentWriter struct {
	http.ResponseWriter
	left int64
	done <-chan struct{}
}

func (w *silentWriter) Write(p []byte) (int, error) {
	n := 0
	if w.left > 0 {
		k := min(int64(len(p)), w.left)
		var err error
		n, err = w.ResponseWriter.Write(p[:k])
		w.left -= int64(n)
		if err != nil {
			return n, err
		}
	}
	if n == len(p) {
		return n, nil
	}
	w.Flush()
	<-w.done
	return n, http.ErrAbortHandler
}

// Flush passes through, so that the bytes before the silence arrive.
func (w *silentWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *silentWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// StartJobElsewhere kicks off an export for the ACO of clientID the way
// another process would, through the server's own endpoints, and returns
// the new job's id. The job then shows in GET /jobs and makes BCDA's
// duplicate rule refuse overlapping kick-offs. target is the kick-off URL,
// e.g. ts.URL+"/api/v3/Patient/$export?_type=Patient"; with a path alone
// the job records the host example.com.
func (s *Server) StartJobElsewhere(clientID, target string) (int, error) {
	s.mu.Lock()
	a, ok := s.acos[clientID]
	var tok string
	if ok {
		tok = s.issueLocked(a)
	}
	s.mu.Unlock()
	if !ok {
		return 0, fmt.Errorf("fakebcda: StartJobElsewhere: unknown client ID %q", clientID)
	}
	u, err := url.Parse(target)
	if err != nil {
		return 0, fmt.Errorf("fakebcda: StartJobElsewhere: %w", err)
	}
	// As a server sees it: the request URI in the URL, the host apart
	// (example.com when the target names none, as httptest.NewRequest does).
	host := u.Host
	if host == "" {
		host = "example.com"
	}
	req, err := http.NewRequest(http.MethodGet, "http://"+host+u.RequestURI(), nil)
	if err != nil {
		return 0, fmt.Errorf("fakebcda: StartJobElsewhere: %w", err)
	}
	// A server's request carries the request URI only, its host apart.
	req.RequestURI = u.RequestURI()
	if req.URL, err = url.ParseRequestURI(req.RequestURI); err != nil {
		return 0, fmt.Errorf("fakebcda: StartJobElsewhere: %w", err)
	}
	req.RemoteAddr = "192.0.2.1:1234" // TEST-NET-1, as httptest.NewRequest sets
	req.Header.Set("Accept", "application/fhir+json")
	req.Header.Set("Prefer", "respond-async")
	req.Header.Set("Authorization", "Bearer "+tok)
	rec := &recorder{header: http.Header{}, code: http.StatusOK}
	s.ServeHTTP(rec, req)
	if rec.code != http.StatusAccepted {
		return 0, fmt.Errorf("fakebcda: StartJobElsewhere: kick-off answered %d: %s", rec.code, &rec.body)
	}
	id, err := strconv.Atoi(path.Base(rec.Header().Get("Content-Location")))
	if err != nil {
		return 0, fmt.Errorf("fakebcda: StartJobElsewhere: Content-Location %q", rec.Header().Get("Content-Location"))
	}
	return id, nil
}

// recorder is the ResponseWriter of StartJobElsewhere's in-process request
// (package httptest's recorder would link package testing into every
// program that uses the fake).
type recorder struct {
	header http.Header
	code   int
	wrote  bool
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.code, r.wrote = code, true
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(b)
}
