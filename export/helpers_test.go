package export

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bcda-go/bcda/internal/origin"
)

// errTestRateLimited stands in for client.ErrRateLimited.
var errTestRateLimited = errors.New("test: rate limited")

// testAPIError stands in for client.APIError.
type testAPIError struct {
	code int
	body string
}

func (e *testAPIError) Error() string { return fmt.Sprintf("HTTP %d: %s", e.code, e.body) }
func (e *testAPIError) Is(t error) bool {
	return t == errTestRateLimited && e.code == http.StatusTooManyRequests
}

func testCheckResponse(resp *http.Response) error {
	if resp.StatusCode/100 == 2 {
		return nil
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
	resp.Body.Close()
	return &testAPIError{code: resp.StatusCode, body: strings.TrimSpace(string(b))}
}

// bearer adds a token to requests for one origin, and on a 401 takes a new
// token and replays once, like auth.Transport.
type bearer struct {
	origin *url.URL
	base   http.RoundTripper
	mu     sync.Mutex
	token  int
	issued int
}

func (b *bearer) current() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return "tok" + strconv.Itoa(b.token)
}

func (b *bearer) RoundTrip(req *http.Request) (*http.Response, error) {
	if !origin.Same(req.URL, b.origin) {
		return b.base.RoundTrip(req)
	}
	tok := b.current()
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+tok)
	resp, err := b.base.RoundTrip(r)
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}
	drain(resp.Body)
	b.mu.Lock()
	if "tok"+strconv.Itoa(b.token) == tok {
		b.token++
		b.issued++
	}
	b.mu.Unlock()
	r = req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+b.current())
	return b.base.RoundTrip(r)
}

// newTestConn returns a connection for base whose API client adds a bearer token.
func newTestConn(t testing.TB, base string, rt http.RoundTripper) (connection, *bearer) {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	if rt == nil {
		rt = http.DefaultTransport.(*http.Transport).Clone()
	}
	bodies := &bodyTracker{base: rt}
	// Cleanups run last in first out, so this one runs before the test
	// server registered earlier closes: every response body export received
	// must be closed by the end of the test, whatever path it took.
	t.Cleanup(func() {
		if n := bodies.open(); n != 0 {
			t.Errorf("%d response bodies left open", n)
		}
	})
	rt = bodies
	b := &bearer{origin: u, base: rt}
	return connection{
		BaseURL:       u,
		Version:       "v3",
		API:           &http.Client{Transport: b},
		Anonymous:     &http.Client{Transport: rt},
		CheckResponse: testCheckResponse,
		UserAgent:     "export-test",
	}, b
}

// ndjsonContent builds n deterministic NDJSON lines of varying length.
func ndjsonContent(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, seed+1))
	var buf bytes.Buffer
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	pad := make([]byte, 400)
	for i := range n {
		p := pad[:r.IntN(len(pad))]
		for k := range p {
			p[k] = letters[r.IntN(len(letters))]
		}
		fmt.Fprintf(&buf, `{"resourceType":"Patient","id":"%d","pad":"%s"}`+"\n", i, p)
	}
	return buf.Bytes()
}

// gzipBCDA compresses like BCDA serves: the stored member, then an empty
// member appended by the handler.
func gzipBCDA(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	zw = gzip.NewWriter(&buf)
	zw.Close()
	return buf.Bytes()
}

// fileServer serves files at /data/<name> with injectable faults.
type fileServer struct {
	mu      sync.Mutex
	files   map[string][]byte // plain content
	gz      map[string][]byte
	crcAt   map[string]int // offset of the first member's CRC-32 in gz
	ranges  bool           // honour Range on the gzip bytes
	plain   bool           // never gzip
	length  bool           // send Content-Length
	token   string
	rotate  bool  // after a cut, the token in force changes to "tok1"
	cutAt   int64 // abort the connection after this many body bytes (-1: all of them)...
	cuts    int   // ...for this many responses
	truncs  int   // responses that send half the gzip bytes and end cleanly
	corrupt int   // responses with a flipped byte in the gzip data
	badCRC  int   // responses whose first gzip member has a wrong CRC-32 in its trailer
	noRange bool  // advertise Accept-Ranges, yet answer every Range request with a full 200
	status  []int // statuses to answer before serving, one per request
	retryAf string
	delay   time.Duration // before answering each request

	requests    int
	ranged      int
	rangeAsks   int // requests that carried a Range header, honoured or not
	inflight    int
	maxInflight int
	auths       []string
}

func newFileServer(files map[string][]byte) *fileServer {
	fs := &fileServer{files: files, gz: map[string][]byte{}, crcAt: map[string]int{}}
	empty := len(gzipBCDA(nil)) / 2
	for k, v := range files {
		fs.gz[k] = gzipBCDA(v)
		fs.crcAt[k] = len(fs.gz[k]) - empty - 8
	}
	return fs
}

func (fs *fileServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fs.mu.Lock()
	fs.inflight++
	fs.maxInflight = max(fs.maxInflight, fs.inflight)
	defer func() {
		fs.mu.Lock()
		fs.inflight--
		fs.mu.Unlock()
	}()
	fs.requests++
	fs.auths = append(fs.auths, r.Header.Get("Authorization"))
	var status int
	if len(fs.status) > 0 {
		status, fs.status = fs.status[0], fs.status[1:]
	}
	fs.mu.Unlock()
	if fs.delay > 0 {
		time.Sleep(fs.delay)
	}
	if status != 0 {
		if fs.retryAf != "" {
			w.Header().Set("Retry-After", fs.retryAf)
		}
		http.Error(w, http.StatusText(status), status)
		return
	}
	fs.mu.Lock()
	want := fs.token
	fs.mu.Unlock()
	if want != "" && r.Header.Get("Authorization") != "Bearer "+want {
		w.Header().Set("Content-Type", "application/fhir+json")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"forbidden","diagnostics":"Expired Token"}]}`)
		return
	}
	name := strings.TrimPrefix(r.URL.Path, "/data/")
	plain, ok := fs.files[name]
	if !ok {
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	}
	body := plain
	gz := !fs.plain && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip")
	if gz {
		body = fs.gz[name]
		w.Header().Set("Content-Encoding", "gzip")
	}
	w.Header().Set("Content-Type", "application/fhir+ndjson")
	if fs.ranges || fs.noRange {
		w.Header().Set("Accept-Ranges", "bytes")
	}
	start := int64(0)
	code := http.StatusOK
	if r.Header.Get("Range") != "" {
		fs.mu.Lock()
		fs.rangeAsks++
		fs.mu.Unlock()
	}
	if rg := r.Header.Get("Range"); rg != "" && fs.ranges {
		s, _ := strings.CutPrefix(rg, "bytes=")
		s = strings.TrimSuffix(s, "-")
		start, _ = strconv.ParseInt(s, 10, 64)
		if start >= int64(len(body)) {
			w.Header().Set("Content-Range", fmt.Sprintf("bytes */%d", len(body)))
			w.WriteHeader(http.StatusRequestedRangeNotSatisfiable)
			return
		}
		fs.mu.Lock()
		fs.ranged++
		fs.mu.Unlock()
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, len(body)-1, len(body)))
		code = http.StatusPartialContent
	}
	out := body[start:]
	// At most one fault per response, and only where it can bite.
	var cut, trunc, corrupt, badCRC bool
	fs.mu.Lock()
	switch {
	case fs.cuts > 0 && (fs.cutAt < 0 || int64(len(out)) > fs.cutAt):
		fs.cuts--
		cut = true
	case fs.truncs > 0 && gz && len(out) > 100:
		fs.truncs--
		trunc = true
	case fs.corrupt > 0 && gz && len(out) > 100:
		fs.corrupt--
		corrupt = true
	case fs.badCRC > 0 && gz && start == 0:
		fs.badCRC--
		badCRC = true
	}
	fs.mu.Unlock()
	if badCRC {
		c := bytes.Clone(out)
		c[fs.crcAt[name]] ^= 0xff
		out = c
	}
	if corrupt {
		c := bytes.Clone(out)
		c[len(c)/2] ^= 0xff
		out = c
	}
	if trunc {
		out = out[:len(out)/2]
	}
	if fs.length {
		w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	}
	w.WriteHeader(code)
	if cut {
		n := fs.cutAt
		if n < 0 {
			n = int64(len(out))
		}
		w.Write(out[:n])
		w.(http.Flusher).Flush()
		if fs.rotate {
			fs.mu.Lock()
			fs.token = "tok1"
			fs.mu.Unlock()
		}
		panic(http.ErrAbortHandler)
	}
	w.Write(out)
}

func (fs *fileServer) count() (requests, ranged int) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.requests, fs.ranged
}

// newFileTest starts a fileServer and a Job on it whose manifest lists the
// files as output.
func newFileTest(t testing.TB, fs *fileServer) (*Job, *httptest.Server) {
	t.Helper()
	ts := httptest.NewServer(fs)
	t.Cleanup(ts.Close)
	conn, _ := newTestConn(t, ts.URL, nil)
	j, err := newJob(conn, mustParse(t, ts.URL+"/api/v3/jobs/7"))
	if err != nil {
		t.Fatal(err)
	}
	j.retryBase = time.Millisecond
	m := &Manifest{RequiresAccessToken: true, Output: []File{}, Error: []File{}}
	for _, name := range slices.Sorted(maps.Keys(fs.files)) {
		m.Output = append(m.Output, File{Type: "Patient", URL: ts.URL + "/data/" + name})
	}
	j.manifest = m
	return j, ts
}

func mustParse(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func httptestServer(t *testing.T, h http.Handler) string {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}

// bodyTracker counts the response bodies it hands out that are not closed
// yet.
type bodyTracker struct {
	base  http.RoundTripper
	mu    sync.Mutex
	count int
}

func (b *bodyTracker) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := b.base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	b.mu.Lock()
	b.count++
	b.mu.Unlock()
	resp.Body = &trackedBody{ReadCloser: resp.Body, t: b}
	return resp, nil
}

func (b *bodyTracker) open() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.count
}

type trackedBody struct {
	io.ReadCloser
	t    *bodyTracker
	once sync.Once
}

func (tb *trackedBody) Close() error {
	tb.once.Do(func() {
		tb.t.mu.Lock()
		tb.t.count--
		tb.t.mu.Unlock()
	})
	return tb.ReadCloser.Close()
}
