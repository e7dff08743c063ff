package fakebcda

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bcda-go/bcda/auth"
)

// firstDataPath runs an export in-process and returns the path of its first
// output file.
func firstDataPath(t *testing.T, s *Server, authz, target string) string {
	t.Helper()
	_, w := runJob(t, s, authz, target)
	body := w.Body.String()
	i := strings.Index(body, "http://example.com/data/")
	j := strings.Index(body[i:], `"`)
	return strings.TrimPrefix(body[i:i+j], "http://example.com")
}

func TestBandwidthAndLatency(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const rate = 200_000
		s := New(WithBandwidth(rate), WithPendingPolls(0), WithInProgressPolls(0))
		defer s.Close()
		a := bearer(t, s, auth.SandboxExtraSmall)
		path := firstDataPath(t, s, a, "/api/v3/Patient/$export?_type=Coverage")
		for _, enc := range []string{"gzip", ""} {
			start := time.Now()
			w := do(t, s, "GET", path, "Authorization", a, "Accept-Encoding", enc)
			elapsed := time.Since(start)
			want := time.Duration(float64(w.Body.Len()) / rate * float64(time.Second))
			if w.Code != 200 || w.Body.Len() < 10_000 || elapsed < want*9/10 || elapsed > want+100*time.Millisecond {
				t.Errorf("%q: %d bytes in %v at %d B/s, want about %v", enc, w.Body.Len(), elapsed, rate, want)
			}
		}
	})
	synctest.Test(t, func(t *testing.T) {
		s := New(WithLatency(1500 * time.Millisecond))
		defer s.Close()
		start := time.Now()
		if w := do(t, s, "GET", "/_version"); w.Code != 200 {
			t.Fatal(w.Code)
		}
		if got := time.Since(start); got != 1500*time.Millisecond {
			t.Errorf("latency %v", got)
		}
	})
}

// blockGenerator writes size bytes of NDJSON-looking lines without the cost
// of the real generator, to test the serving path on big files.
func blockGenerator(size int64) generator {
	rnd := rand.New(rand.NewPCG(1, 2))
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		fmt.Fprintf(&sb, `{"id":"%d","resourceType":"ExplanationOfBenefit","text":"%x"}`+"\n", rnd.Int64(), rnd.Uint64()*rnd.Uint64())
	}
	block := []byte(sb.String())
	return func(_ *file, w io.Writer) error {
		for left := size; left > 0; {
			n := min(left, int64(len(block)))
			if _, err := w.Write(block[:n]); err != nil {
				return err
			}
			left -= n
		}
		return nil
	}
}

// TestMemoryFlatWhileStreaming downloads a large file, gzip and plain,
// through a real socket and checks the heap never grows by more than a
// fraction of the file. BCDA_FAKE_BIG=1 raises the size from 16 MiB to
// 256 MiB.
func TestMemoryFlatWhileStreaming(t *testing.T) {
	size := int64(16 << 20)
	if os.Getenv("BCDA_FAKE_BIG") != "" {
		size = 256 << 20
	}
	s, ts := NewTestServer(t, WithPendingPolls(0), WithInProgressPolls(0), WithGzipLevel(1))
	s.gen = blockGenerator(size)
	a := bearer(t, s, auth.SandboxExtraSmall)
	path := firstDataPath(t, s, a, "/api/v3/Patient/$export?_type=Coverage")

	for _, enc := range []string{"", "gzip"} {
		runtime.GC()
		var base runtime.MemStats
		runtime.ReadMemStats(&base)
		var peak atomic.Uint64
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			var m runtime.MemStats
			for {
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
			}
		}()
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		req.Header.Set("Authorization", a)
		if enc != "" {
			req.Header.Set("Accept-Encoding", enc)
		}
		resp, err := rawClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		close(stop)
		<-done
		if err != nil {
			t.Fatal(err)
		}
		if enc == "" && n != size {
			t.Fatalf("plain: %d bytes, want %d", n, size)
		}
		growth := int64(peak.Load()) - int64(base.HeapInuse)
		t.Logf("%q: %d MiB on the wire, heap growth %.1f MiB", enc, n>>20, float64(growth)/(1<<20))
		if growth > 24<<20 {
			t.Errorf("%q: heap grew by %d MiB while streaming a %d MiB file", enc, growth>>20, size>>20)
		}
	}
}
