package netguard

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"
)

// BenchmarkBodyRead reads 8 MB in 32 KiB Reads from memory, bare and
// through the idle watchdog, in the same run: with no network in the way,
// the difference is the watchdog's whole per-Read cost.
//
//	go test -run '^$' -bench BodyRead -benchmem -count 3 ./internal/netguard/
func BenchmarkBodyRead(b *testing.B) {
	data := bytes.Repeat([]byte("0123456789abcdef"), 8<<20/16)
	buf := make([]byte, 32<<10)
	for _, guarded := range []bool{false, true, false, true} { // interleaved against drift
		name := "bare"
		if guarded {
			name = "guarded"
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				var r io.ReadCloser = io.NopCloser(bytes.NewReader(data))
				if guarded {
					ctx, cancel := context.WithCancelCause(context.Background())
					g := &body{rc: r, ctx: ctx, cancel: cancel}
					g.watch(&TimeoutError{Kind: ErrIdleTimeout, Limit: 30 * time.Second})
					r = g
				}
				if _, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{r}, buf); err != nil {
					b.Fatal(err)
				}
				r.Close()
			}
		})
	}
}
