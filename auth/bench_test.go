package auth

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// BenchmarkTokenConcurrent measures token acquisition by 64 concurrent
// callers against a local token endpoint. One op is a burst of 64 calls.
//
//   - cached: the token stays valid; calls only read the cache.
//   - invalidated: every caller rejects the token it got (as after a 401
//     storm), so every burst needs a fresh token.
//
// token-req/1000-calls is what the token endpoint sees.
func BenchmarkTokenConcurrent(b *testing.B) {
	const callers = 64
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := served.Add(1)
		fmt.Fprintf(w, `{"access_token": "tok-%d", "expires_in": "1200"}`, n)
	}))
	defer srv.Close()

	for _, invalidate := range []bool{false, true} {
		name := map[bool]string{false: "cached", true: "invalidated"}[invalidate]
		b.Run(name, func(b *testing.B) {
			src := mustBasic(b, srv.URL, testCreds, srv.Client())
			ctx := b.Context()
			start := served.Load()
			b.ReportAllocs()
			for b.Loop() {
				var wg sync.WaitGroup
				for range callers {
					wg.Go(func() {
						tok, err := src.Token(ctx)
						if err != nil {
							b.Error(err)
							return
						}
						if invalidate {
							src.Invalidate(tok)
						}
					})
				}
				wg.Wait()
			}
			calls := float64(b.N) * callers
			b.ReportMetric(float64(served.Load()-start)*1000/calls, "token-req/1000-calls")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/calls, "ns/call")
		})
	}

	// Per-call cost of the cached path with 64 goroutines calling
	// continuously (RunParallel, as b.Loop has no parallel form).
	b.Run("cached-parallel", func(b *testing.B) {
		src := mustBasic(b, srv.URL, testCreds, srv.Client())
		ctx := b.Context()
		if _, err := src.Token(ctx); err != nil {
			b.Fatal(err)
		}
		start := served.Load()
		b.SetParallelism(max(1, callers/runtime.GOMAXPROCS(0)))
		b.ReportAllocs()
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := src.Token(ctx); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(served.Load()-start)*1000/float64(b.N), "token-req/1000-calls")
	})
}
