package fakebcda

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/bcda-go/bcda/fhir"
)

// rawClient never adds Accept-Encoding itself and never decompresses, so a
// test sees the bytes on the wire.
var rawClient = &http.Client{Transport: &http.Transport{DisableCompression: true}}

type export struct {
	s      *Server
	ts     *httptest.Server
	authz  string
	output []fileItem
	errors []fileItem
}

func newExport(t *testing.T, target string, opts ...Option) *export {
	t.Helper()
	s, ts := NewTestServer(t, append([]Option{WithPendingPolls(0), WithInProgressPolls(0)}, opts...)...)
	return exportOn(t, s, ts, target)
}

func exportOn(t *testing.T, s *Server, ts *httptest.Server, target string) *export {
	t.Helper()
	e := &export{s: s, ts: ts, authz: bearer(t, s, guideXS)}
	_, w := runJob(t, s, e.authz, target)
	var m manifest
	if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	fix := func(items []fileItem) []fileItem {
		for i := range items {
			items[i].URL = strings.Replace(items[i].URL, "http://example.com", ts.URL, 1)
		}
		return items
	}
	e.output, e.errors = fix(m.Files), fix(m.Errors)
	return e
}

func (e *export) get(t *testing.T, url string, hdr ...string) (*http.Response, []byte, error) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", e.authz)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := rawClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func emptyGzipMember() []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Close()
	return b.Bytes()
}

func storedBytes(t *testing.T, s *Server, url string) []byte {
	t.Helper()
	i := strings.Index(url, "/data/")
	s.mu.Lock()
	f := s.files[strings.TrimPrefix(url[i:], "/data/")]
	s.mu.Unlock()
	path, _, err := s.stored(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDataEncodings(t *testing.T) {
	e := newExport(t, "/api/v3/Patient/$export?_type=Patient,Coverage")
	url := e.output[0].URL

	// Plain first, before anything is cached: streamed from the generator.
	resp, plain, err := e.get(t, url)
	if err != nil || resp.StatusCode != 200 {
		t.Fatal(resp.StatusCode, err)
	}
	if resp.Header.Get("Content-Encoding") != "" || resp.Header.Get("Content-Type") != "application/fhir+ndjson" || !resp.Close {
		t.Errorf("plain headers %v", resp.Header)
	}
	if n := bytes.Count(plain, []byte("\n")); n != 50 || plain[len(plain)-1] != '\n' {
		t.Errorf("plain: %d lines", n)
	}

	resp, gz, err := e.get(t, url, "Accept-Encoding", "gzip, deflate, br")
	if err != nil || resp.StatusCode != 200 {
		t.Fatal(resp.StatusCode, err)
	}
	if resp.Header.Get("Content-Encoding") != "gzip" || resp.ContentLength != -1 || resp.Header.Get("Accept-Ranges") != "bytes" {
		t.Errorf("gzip headers %v, length %d", resp.Header, resp.ContentLength)
	}
	stored := storedBytes(t, e.s, url)
	if !bytes.Equal(gz, append(append([]byte(nil), stored...), emptyGzipMember()...)) {
		t.Fatalf("gzip body is not the stored bytes plus BCDA's empty member (%d vs %d bytes)", len(gz), len(stored))
	}
	if !bytes.Equal(gunzip(t, gz), plain) {
		t.Fatal("gunzip(gzip body) differs from the plain body")
	}
	// Plain again, now from the cache: identical.
	if _, again, _ := e.get(t, url); !bytes.Equal(again, plain) {
		t.Fatal("plain from cache differs")
	}
	// Go's default transport: it asks for gzip itself and decompresses.
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", e.authz)
	resp2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	auto := readAll(t, resp2.Body)
	resp2.Body.Close()
	if !resp2.Uncompressed || !bytes.Equal(auto, plain) {
		t.Fatalf("transparent decompression: uncompressed=%v equal=%v", resp2.Uncompressed, bytes.Equal(auto, plain))
	}

	// Range on the compressed bytes. ServeContent sets Content-Length on
	// ranges, so net/http drops the empty member that follows, as in BCDA.
	resp, part, err := e.get(t, url, "Accept-Encoding", "gzip", "Range", "bytes=100-199")
	if err != nil || resp.StatusCode != http.StatusPartialContent {
		t.Fatal(resp.StatusCode, err)
	}
	if !bytes.Equal(part, stored[100:200]) {
		t.Fatalf("range body wrong (%d bytes)", len(part))
	}
	if got := resp.Header.Get("Content-Range"); got != "bytes 100-199/"+itoa(len(stored)) {
		t.Errorf("Content-Range %q", got)
	}
	resp, part, _ = e.get(t, url, "Accept-Encoding", "gzip", "Range", "bytes=1000-")
	if resp.StatusCode != 206 || !bytes.Equal(part, stored[1000:]) {
		t.Fatalf("open range: %d", resp.StatusCode)
	}

	for _, line := range bytes.Split(bytes.TrimSuffix(plain, []byte("\n")), []byte("\n")) {
		var p fhir.Patient
		if err := json.Unmarshal(line, &p); err != nil {
			t.Fatalf("samply Patient: %v", err)
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestDataDeterminism(t *testing.T) {
	target := "/api/v1/Patient/$export?_type=Coverage,Patient"
	a := newExport(t, target, WithSeed(42))
	b := newExport(t, target, WithSeed(42))
	c := newExport(t, target, WithSeed(43))
	if len(a.output) == 0 || len(a.output) != len(b.output) || len(a.output) != len(c.output) {
		t.Fatalf("output counts %d, %d, %d: want equal and non-zero", len(a.output), len(b.output), len(c.output))
	}
	for i := range a.output {
		pa, pb := strings.Split(a.output[i].URL, "/data/")[1], strings.Split(b.output[i].URL, "/data/")[1]
		if pa != pb {
			t.Fatalf("file names differ: %s %s", pa, pb)
		}
		ga := storedBytes(t, a.s, a.output[i].URL)
		if !bytes.Equal(ga, storedBytes(t, b.s, b.output[i].URL)) {
			t.Fatalf("stored bytes of %s differ between equal seeds", pa)
		}
		if bytes.Equal(ga, storedBytes(t, c.s, c.output[i].URL)) {
			t.Fatalf("stored bytes of %s equal across different seeds", pa)
		}
	}
}

func TestDataErrors(t *testing.T) {
	clock := newClock()
	s, ts := NewTestServer(t, WithClock(clock.now), WithPendingPolls(0), WithInProgressPolls(0))
	s.SetErrorLines(3)
	e := exportOn(t, s, ts, "/api/v3/Patient/$export?_type=ExplanationOfBenefit")
	base := ts.URL + "/data/1/"

	resp, body, _ := e.get(t, base+"no-such-file.ndjson")
	if resp.StatusCode != 404 || string(body) != "Not Found\n" || resp.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Errorf("unknown file: %d %q %q", resp.StatusCode, body, resp.Header.Get("Content-Type"))
	}
	resp, body, _ = e.get(t, ts.URL+"/data/abc/x.ndjson")
	if resp.StatusCode != 400 || !strings.Contains(string(body), `"structure"`) {
		t.Errorf("non-numeric job id: %d %s", resp.StatusCode, body)
	}
	resp, body, _ = e.get(t, ts.URL+"/data/9/x.ndjson")
	if resp.StatusCode != 404 || !strings.Contains(string(body), "OperationOutcome") {
		t.Errorf("unknown job: %d %s", resp.StatusCode, body)
	}
	other := &export{authz: bearer(t, s, guideSmall)}
	if resp, _, _ := other.get(t, e.output[0].URL); resp.StatusCode != 401 {
		t.Errorf("other ACO: %d", resp.StatusCode)
	}

	// Error files: OperationOutcome lines, gzip on request like data files.
	if len(e.errors) != 2 {
		t.Fatalf("errors %+v", e.errors)
	}
	resp, gz, _ := e.get(t, e.errors[len(e.errors)-1].URL, "Accept-Encoding", "gzip") // the warnings file comes first
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("error file not gzipped")
	}
	lines := strings.Split(strings.TrimSuffix(string(gunzip(t, gz)), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d error lines", len(lines))
	}
	for _, l := range lines {
		var oo fhir.OperationOutcome
		if err := json.Unmarshal([]byte(l), &oo); err != nil || !strings.HasPrefix(*oo.Issue[0].Diagnostics, "Error retrieving ExplanationOfBenefit for beneficiary MBI ") {
			t.Errorf("error line %s: %v", l, err)
		}
	}
	// The warnings file is listed first and, stored uncompressed, is
	// compressed on the fly when gzip is accepted (bcda-app ServeData).
	if !strings.HasSuffix(e.errors[0].URL, "/warnings-and-info.ndjson") {
		t.Fatalf("error[0] = %+v, want the warnings file", e.errors[0])
	}
	resp, warn, _ := e.get(t, e.errors[0].URL, "Accept-Encoding", "gzip")
	if resp.Header.Get("Content-Encoding") != "gzip" || string(gunzip(t, warn)) != warningsLine {
		t.Errorf("warnings file with gzip: %v %q", resp.Header, warn)
	}
	resp, warn, _ = e.get(t, e.errors[0].URL)
	if resp.Header.Get("Content-Encoding") != "" || string(warn) != warningsLine {
		t.Errorf("warnings file without gzip: %v %q", resp.Header, warn)
	}

	// Files are gone 24 h after completion.
	clock.add(jobTimeout + 1)
	e.authz = bearer(t, s, guideXS)
	if resp, _, _ := e.get(t, e.output[0].URL); resp.StatusCode != 404 {
		t.Errorf("after 24h: %d", resp.StatusCode)
	}

	// Not downloadable before completion.
	a := bearer(t, s, guideXS)
	do(t, s, "GET", "/api/v3/Patient/$export?_type=Patient", kickoffHeaders(a)...)
	s.mu.Lock()
	var name string
	for _, f := range s.jobs[2].files {
		name = f.name
	}
	s.mu.Unlock()
	if resp, _, _ := e.get(t, ts.URL+"/data/2/"+name); resp.StatusCode != 404 {
		t.Errorf("before completion: %d", resp.StatusCode)
	}
}

func TestFaults(t *testing.T) {
	e := newExport(t, "/api/v1/Patient/$export?_type=Coverage")
	url := e.output[0].URL
	_, full, _ := e.get(t, url)
	stored := storedBytes(t, e.s, url)

	t.Run("cut plain", func(t *testing.T) {
		e.s.CutFileAfter(1000, 1)
		_, body, err := e.get(t, url)
		if !errors.Is(err, io.ErrUnexpectedEOF) || !bytes.Equal(body, full[:1000]) {
			t.Fatalf("err %v, %d bytes", err, len(body))
		}
		if _, body, err := e.get(t, url); err != nil || !bytes.Equal(body, full) {
			t.Fatal("the cut applied twice")
		}
	})
	t.Run("cut gzip with range", func(t *testing.T) {
		e.s.CutFileAfter(500, 1)
		_, body, err := e.get(t, url, "Accept-Encoding", "gzip", "Range", "bytes=10-")
		if err == nil || !bytes.Equal(body, stored[10:510]) {
			t.Fatalf("err %v, %d bytes", err, len(body))
		}
	})
	t.Run("truncated gzip", func(t *testing.T) {
		e.s.TruncateGzip(1)
		resp, body, err := e.get(t, url, "Accept-Encoding", "gzip")
		if err != nil || resp.StatusCode != 200 || len(body) != len(stored)/2 {
			t.Fatalf("HTTP level: %v %d, %d bytes", err, resp.StatusCode, len(body))
		}
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, zr); !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("gzip error %v, want unexpected EOF", err)
		}
	})
	t.Run("fail rule", func(t *testing.T) {
		e.s.ResetLog()
		e.s.Fail(FaultRule{Method: "GET", Path: "/data/", Skip: 1, Times: 2, Status: 429, RetryAfter: "3"})
		var got []int
		for range 4 {
			resp, body, _ := e.get(t, url)
			got = append(got, resp.StatusCode)
			if resp.StatusCode == 429 && (resp.Header.Get("Retry-After") != "3" || string(body) != "Too Many Requests\n") {
				t.Errorf("429 %v %q", resp.Header, body)
			}
		}
		if want := []int{200, 429, 429, 200}; !equalInts(got, want) {
			t.Fatalf("statuses %v, want %v", got, want)
		}
		if n := e.s.Requests("GET", "/data/"); n != 4 {
			t.Errorf("Requests = %d", n)
		}
		log := e.s.Log()
		if log[1].Status != 429 || log[0].Bytes != int64(len(full)) || log[0].Header.Get("Authorization") != "Bearer <redacted>" {
			t.Errorf("log %+v", log[:2])
		}
		e.s.Fail(FaultRule{Match: func(r *http.Request) bool { return r.URL.Query().Get("x") == "1" }})
		if resp, _, _ := e.get(t, url+"?x=1"); resp.StatusCode != 503 {
			t.Errorf("Match rule: %d", resp.StatusCode)
		}
		e.s.ClearFaults()
	})
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestConnectionCloseEverywhere(t *testing.T) {
	e := newExport(t, "/api/v3/Patient/$export?_type=Patient")
	for _, p := range []string{"/auth/token", "/api/v3/metadata", "/api/v3/jobs/1", "/api/v3/jobs/2", "/nope", "/_health"} {
		resp, _, _ := e.get(t, e.ts.URL+p)
		if !resp.Close {
			t.Errorf("%s: no Connection: close", p)
		}
	}
	resp, _, _ := e.get(t, e.output[0].URL, "Accept-Encoding", "gzip")
	if !resp.Close {
		t.Error("data: no Connection: close")
	}
	// Answers written before routing (faults) and the bodiless 429 too.
	e.s.Fail(FaultRule{Path: "/_version", Times: 1, Status: 503, RetryAfter: "1"})
	if resp, _, _ := e.get(t, e.ts.URL+"/_version"); resp.StatusCode != 503 || !resp.Close {
		t.Errorf("fault: %d, Close %v", resp.StatusCode, resp.Close)
	}
	e.authz = bearer(t, e.s, advSmall) // rate limited, unlike the guide's test ACOs
	kick := func() *http.Response {
		resp, _, _ := e.get(t, e.ts.URL+"/api/v3/Patient/$export", "Accept", "application/fhir+json", "Prefer", "respond-async")
		return resp
	}
	if resp := kick(); resp.StatusCode != 202 || !resp.Close {
		t.Errorf("kick-off: %d, Close %v", resp.StatusCode, resp.Close)
	}
	if resp := kick(); resp.StatusCode != 429 || !resp.Close {
		t.Errorf("duplicate: %d, Close %v", resp.StatusCode, resp.Close)
	}
}

func TestCutSkipsShortFiles(t *testing.T) {
	s, ts := NewTestServer(t, WithPendingPolls(0), WithInProgressPolls(0))
	s.SetErrorLines(1)
	e := exportOn(t, s, ts, "/api/v3/Patient/$export?_type=Patient")
	e.s.CutFileAfter(1000, 1)
	if _, body, err := e.get(t, e.errors[0].URL); err != nil || len(body) > 1000 {
		t.Fatalf("short file: %v", err)
	}
	if _, _, err := e.get(t, e.output[0].URL); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("cut was not kept for the next download: %v", err)
	}
}

func TestCacheDir(t *testing.T) {
	dir := t.TempDir()
	s := New(WithCacheDir(dir), WithPendingPolls(0), WithInProgressPolls(0))
	a := bearer(t, s, guideXS)
	path := firstDataPath(t, s, a, "/api/v1/Patient/$export?_type=Patient")
	if w := do(t, s, "GET", path, "Authorization", a, "Accept-Encoding", "gzip"); w.Code != 200 {
		t.Fatal(w.Code)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || !strings.HasSuffix(entries[0].Name(), ".ndjson.gz") {
		t.Fatalf("cache dir holds %v", entries)
	}
	s.Close()
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatal("Close removed a caller's cache dir")
	}

	s = New(WithPendingPolls(0), WithInProgressPolls(0))
	a = bearer(t, s, guideXS)
	path = firstDataPath(t, s, a, "/api/v1/Patient/$export?_type=Patient")
	do(t, s, "GET", path, "Authorization", a, "Accept-Encoding", "gzip")
	own := s.cacheDir
	if own == "" {
		t.Fatal("no temp cache dir")
	}
	s.Close()
	if _, err := os.Stat(own); !os.IsNotExist(err) {
		t.Fatalf("temp cache dir left behind: %v", err)
	}
	// Still serving after Close: regenerated into a new temp dir.
	if w := do(t, s, "GET", path, "Authorization", a, "Accept-Encoding", "gzip"); w.Code != 200 {
		t.Fatal(w.Code)
	}
	s.Close()
}

// TestConcurrentUse downloads files from several goroutines while another
// one programs faults and reads the log; run under -race.
func TestConcurrentUse(t *testing.T) {
	s, ts := NewTestServer(t, WithPendingPolls(0), WithInProgressPolls(0), WithBatchSize(fhir.TypePatient, 10))
	e := exportOn(t, s, ts, "/api/v2/Group/all/$export?_type=Patient")
	if len(e.output) != 5 {
		t.Fatalf("%d files", len(e.output))
	}
	bodies := make([][]byte, 20)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 50 {
			s.Fail(FaultRule{Path: "/nowhere", Times: 1})
			_ = s.Requests("GET", "/data/")
			_ = s.Log()
			_, _ = s.Job(1)
			if i%10 == 0 {
				s.ExpireTokens()
			}
		}
	}()
	errc := make(chan error, 20)
	for g := range 20 {
		go func() {
			i := g % len(e.output)
			enc := []string{"", "gzip"}[g%2]
			req, _ := http.NewRequest("GET", e.output[i].URL, nil)
			tok, _ := s.IssueToken(guideXS.id, guideXS.secret)
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Accept-Encoding", enc)
			resp, err := rawClient.Do(req)
			if err != nil {
				errc <- err
				return
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if err == nil && resp.StatusCode == 200 && enc == "gzip" {
				zr, zerr := gzip.NewReader(bytes.NewReader(b))
				if zerr == nil {
					b, err = io.ReadAll(zr)
				} else {
					err = zerr
				}
			}
			if err == nil && resp.StatusCode != 200 && resp.StatusCode != 401 {
				err = errors.New(resp.Status)
			}
			if err == nil && resp.StatusCode == 200 {
				bodies[g] = b
			}
			errc <- err
		}()
	}
	for range 20 {
		if err := <-errc; err != nil {
			t.Error(err)
		}
	}
	<-done
	// Every successful download of a file decodes to the same NDJSON.
	for g, b := range bodies {
		first := bodies[g%len(e.output)]
		for k := g % len(e.output); first == nil && k < len(bodies); k += len(e.output) {
			first = bodies[k]
		}
		if b != nil && !bytes.Equal(b, first) {
			t.Errorf("download %d of file %d differs", g, g%len(e.output))
		}
	}
}
