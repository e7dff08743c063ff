package fakebcda

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime"
	"strings"
	"testing"
	"testing/synctest"
	"time"
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
		a := bearer(t, s, guideXS)
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

// heapSampler is an io.Writer that reads the heap every step bytes, so the
// peak is sampled at fixed points of the transfer however fast it runs (a
// timer-driven sampler can miss a transfer that finishes between ticks).
type heapSampler struct {
	step, n, next int64
	peak          uint64
	samples       int
}

func (h *heapSampler) Write(p []byte) (int, error) {
	h.n += int64(len(p))
	if h.n >= h.next {
		h.next = h.n + h.step
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		h.peak = max(h.peak, m.HeapInuse)
		h.samples++
	}
	return len(p), nil
}

// TestMemoryFlatWhileStreaming downloads a large file, gzip and plain,
// through a real socket and checks the heap never grows by more than a
// small fixed amount, well below the file's size: a server that buffered
// the file, or the client's copy of it, would fail. BCDA_FAKE_BIG=1 raises
// the size from 32 MiB to 256 MiB with the same bound.
func TestMemoryFlatWhileStreaming(t *testing.T) {
	size := int64(32 << 20)
	if os.Getenv("BCDA_FAKE_BIG") != "" {
		size = 256 << 20
	}
	const limit = 4 << 20
	s, ts := NewTestServer(t, WithPendingPolls(0), WithInProgressPolls(0), WithGzipLevel(1))
	// The gzip request generates the cached file before its first byte
	// goes out, so the generator's output is sampled too.
	var gs *heapSampler
	gen := blockGenerator(size)
	s.gen = func(f *file, w io.Writer) error { return gen(f, io.MultiWriter(w, gs)) }
	a := bearer(t, s, guideXS)
	path := firstDataPath(t, s, a, "/api/v3/Patient/$export?_type=Coverage")

	// Plain first: it streams straight from the generator; gzip then
	// generates the cached file and serves it; plain again decompresses
	// the cache.
	for _, enc := range []string{"", "gzip", ""} {
		runtime.GC()
		var base runtime.MemStats
		runtime.ReadMemStats(&base)
		gs = &heapSampler{step: 256 << 10}
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		req.Header.Set("Authorization", a)
		if enc != "" {
			req.Header.Set("Accept-Encoding", enc)
		}
		resp, err := rawClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		hs := &heapSampler{step: 256 << 10}
		n, err := io.Copy(hs, resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if enc == "" && n != size {
			t.Fatalf("plain: %d bytes, want %d", n, size)
		}
		if hs.samples < 4 {
			t.Fatalf("%q: only %d heap samples over %d bytes", enc, hs.samples, n)
		}
		growth := int64(max(hs.peak, gs.peak)) - int64(base.HeapInuse)
		t.Logf("%q: %d MiB on the wire, %d+%d samples, peak heap growth %.1f MiB", enc, n>>20, hs.samples, gs.samples, float64(growth)/(1<<20))
		if growth > limit {
			t.Errorf("%q: heap grew by %.1f MiB while streaming a %d MiB file (limit %d MiB)",
				enc, float64(growth)/(1<<20), size>>20, limit>>20)
		}
	}
}
