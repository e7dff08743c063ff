package netguard

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bcda-go/bcda/internal/memnet"
)

// serve runs h on an in-memory server and returns a client whose transport
// is guarded by l. Everything is shut down when the test ends.
func serve(t *testing.T, h http.HandlerFunc, l Limits) *http.Client {
	t.Helper()
	n := memnet.New()
	srv := &http.Server{Handler: h}
	go srv.Serve(n)
	tr := &http.Transport{DialContext: Dialer(l.Connect, n.Dial)}
	t.Cleanup(func() {
		tr.CloseIdleConnections()
		srv.Close()
		n.Close()
	})
	return &http.Client{Transport: &Transport{Base: tr, Limits: l}}
}

const idle = 30 * time.Second

func TestBodyLimits(t *testing.T) {
	// chunked writes n chunks of size bytes, pausing gap between them.
	chunked := func(n, size int, gap time.Duration) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			for range n {
				w.Write([]byte(strings.Repeat("x", size)))
				w.(http.Flusher).Flush()
				time.Sleep(gap)
			}
		}
	}
	tests := []struct {
		name      string
		handler   http.HandlerFunc
		readPause time.Duration // caller's pause between Reads
		wantErr   error
		wantBytes int
	}{
		{"silent after headers", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("head"))
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		}, 0, ErrIdleTimeout, 4},
		{"slow but moving", chunked(10, 1, idle*3/4), 0, nil, 10},
		// 4 MB/s in 64 KiB writes after 40 ms of latency.
		{"4 MB/s, 40 ms latency", func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(40 * time.Millisecond)
			chunked(64, 64<<10, 16*time.Millisecond)(w, r)
		}, 0, nil, 64 * 64 << 10},
		{"slow reader is not a stall", chunked(3, 10, 0), 10 * idle, nil, 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				hc := serve(t, tt.handler, Limits{Header: idle, Idle: idle})
				resp, err := hc.Get("http://bcda.test/data/1/a.ndjson?sig=secret")
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				var got int
				buf := make([]byte, 32<<10)
				var last time.Time
				for {
					n, err := resp.Body.Read(buf)
					got += n
					if n > 0 {
						last = time.Now()
					}
					if err == io.EOF {
						err = nil
						break
					}
					if err != nil {
						if !errors.Is(err, tt.wantErr) || tt.wantErr == nil {
							t.Fatalf("Read: %v, want %v", err, tt.wantErr)
						}
						if d := time.Since(last); d < idle || d > idle*5/4 {
							t.Errorf("stall declared after %v of silence, want %v to %v", d, idle, idle*5/4)
						}
						msg := err.Error()
						if !strings.Contains(msg, "GET http://bcda.test/data/1/a.ndjson") || strings.Contains(msg, "secret") || !strings.Contains(msg, "30s") {
							t.Errorf("message %q: want method, sanitised URL and limit", msg)
						}
						break
					}
					time.Sleep(tt.readPause)
				}
				if got != tt.wantBytes {
					t.Errorf("got %d bytes, want %d", got, tt.wantBytes)
				}
			})
		})
	}
}

func TestHeaderTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hc := serve(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }, Limits{Header: idle, Idle: idle})
		start := time.Now()
		_, err := hc.Get("http://bcda.test/api/v3/jobs/42")
		if !errors.Is(err, ErrHeaderTimeout) {
			t.Fatalf("err = %v, want ErrHeaderTimeout", err)
		}
		if d := time.Since(start); d != idle {
			t.Errorf("gave up after %v, want %v", d, idle)
		}
		if !strings.Contains(err.Error(), "no response headers from GET http://bcda.test/api/v3/jobs/42 within 30s") {
			t.Errorf("message %q", err)
		}
		var ne net.Error
		if !errors.As(err, &ne) || !ne.Timeout() {
			t.Errorf("%v is not a net.Error timeout", err)
		}
	})
}

func TestConnectTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		blackhole := func(ctx context.Context, _, _ string) (net.Conn, error) {
			<-ctx.Done()
			return nil, ctx.Err()
		}
		tr := &http.Transport{DialContext: Dialer(10*time.Second, blackhole)}
		hc := &http.Client{Transport: &Transport{Base: tr, Limits: Limits{Header: idle, Idle: idle}}}
		_, err := hc.Get("http://user:pw@bcda.test/auth/token")
		if !errors.Is(err, ErrConnectTimeout) {
			t.Fatalf("err = %v, want ErrConnectTimeout", err)
		}
		if msg := err.Error(); !strings.Contains(msg, "connecting for GET http://bcda.test/auth/token timed out after 10s") || strings.Contains(msg, "pw") {
			t.Errorf("message %q", msg)
		}
	})
}

// A caller's own cancellation stays context.Canceled, not a timeout.
func TestCallerCancelIsNotATimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hc := serve(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }, Limits{Header: idle, Idle: idle})
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", "http://bcda.test/x", nil)
		_, err := hc.Do(req)
		if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrHeaderTimeout) {
			t.Fatalf("err = %v", err)
		}
	})
}
