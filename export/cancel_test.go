package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
)

// stallTransport serves every file from memory: the first half of its gzip
// bytes, then nothing until the request's context ends. It runs inside a
// synctest bubble, where real sockets would not count as durably blocked.
type stallTransport struct {
	gz map[string][]byte // by URL path

	mu       sync.Mutex
	requests int
}

func (s *stallTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	body, ok := s.gz[req.URL.Path]
	if !ok {
		return &http.Response{StatusCode: 404, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("Not Found")), Request: req}, nil
	}
	s.mu.Lock()
	s.requests++
	s.mu.Unlock()
	pr, pw := io.Pipe()
	go func() {
		_, _ = pw.Write(body[:len(body)/2])
		<-req.Context().Done()
		pw.CloseWithError(req.Context().Err())
	}()
	h := http.Header{"Content-Encoding": {"gzip"}, "Content-Type": {mediaFHIRNDJSON}}
	return &http.Response{StatusCode: 200, Header: h, Body: pr, ContentLength: -1, Request: req}, nil
}

// plainLines is cheap NDJSON (ndjsonContent is slow under the race
// detector): n lines of 250 bytes or so.
func plainLines(seed, n int) []byte {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{"resourceType":"Patient","id":"%d-%d","pad":"%s"}`+"\n", seed, i, strings.Repeat("x", 200+i%97))
	}
	return []byte(b.String())
}

// A Download cancelled while files are half written leaves neither a
// partial file under a final name nor a .part file, reports each file's
// offset, and leaves no goroutine behind (synctest fails the test if one
// is still blocked when the bubble ends).
func TestDownloadCancelledMidFile(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const base = "http://bcda.test"
		tr := &stallTransport{gz: map[string][]byte{}}
		m := &Manifest{RequiresAccessToken: true, Error: []File{}}
		for i := range 3 {
			p := fmt.Sprintf("/data/7/%d.ndjson", i)
			// About 1 MB: half of it is more than copyFull's 256 KiB
			// buffer, so the .part file has data when the cut comes.
			tr.gz[p] = gzipBCDA(plainLines(i, 4000))
			m.Output = append(m.Output, File{Type: "Patient", URL: base + p})
		}
		conn, _ := newTestConn(t, base, tr)
		j, err := newJob(conn, mustParse(t, base+"/api/v3/jobs/7"))
		if err != nil {
			t.Fatal(err)
		}
		j.manifest = m
		dir := t.TempDir()
		ctx, cancel := context.WithCancel(context.Background())
		type outcome struct {
			res *DownloadResult
			err error
		}
		done := make(chan outcome)
		go func() {
			res, err := j.Download(ctx, dir, Concurrency(2))
			done <- outcome{res, err}
		}()
		synctest.Wait() // two files half read, the third waiting for a slot

		parts, _ := filepath.Glob(filepath.Join(dir, "*.part"))
		if len(parts) != 2 {
			t.Errorf("%d .part files while two downloads stall, want 2", len(parts))
		}
		for _, p := range parts {
			if st, err := os.Stat(p); err != nil || st.Size() == 0 {
				t.Errorf("%s: nothing written before the stall (%v)", p, err)
			}
		}
		cancel()
		o := <-done
		if !errors.Is(o.err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", o.err)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("files left after cancel: %v", entries)
		}
		started := 0
		for _, f := range o.res.Files {
			if !errors.Is(f.Err, context.Canceled) {
				t.Errorf("%s: err = %v", f.Name, f.Err)
			}
			var fe *FileError
			if errors.As(f.Err, &fe) && fe.Offset > 0 {
				started++
				if !strings.Contains(fe.Error(), "/data/7/") {
					t.Errorf("error does not name the file: %v", fe)
				}
			}
		}
		if started != 2 || tr.requests != 2 {
			t.Errorf("%d files report an offset, %d requests; want 2 and 2", started, tr.requests)
		}
	})
}
