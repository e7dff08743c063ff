package synth

import (
	"compress/gzip"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"
)

// TestExportSize measures the size of the extra-large sandbox ACO's
// (30,000 beneficiaries) export per version and type, exactly, by
// generating all of it to a counter on every core. It takes ~1 minute, so
// it runs only when asked:
//
//	SYNTH_SIZE=1 go test -run TestExportSize -v ./internal/synth/
func TestExportSize(t *testing.T) {
	if os.Getenv("SYNTH_SIZE") == "" {
		t.Skip("set SYNTH_SIZE=1 to measure the 30,000-beneficiary export")
	}
	d := Dataset{Seed: 1, Beneficiaries: 30000}
	for _, c := range allVersionTypes() {
		start := time.Now()
		workers := runtime.GOMAXPROCS(0)
		chunk := d.Beneficiaries / workers
		var mu sync.Mutex
		var total, lines int
		var wg sync.WaitGroup
		for i := range workers {
			wg.Go(func() {
				cw := &countWriter{}
				n, err := d.Write(cw, Request{Version: c.v, Type: c.t, First: i * chunk, Count: chunk})
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				total += cw.n
				lines += n
				mu.Unlock()
			})
		}
		wg.Wait()
		el := time.Since(start)
		// The cheap estimate: a 1,000-beneficiary sample scaled by 30.
		sample := &countWriter{}
		d.Write(sample, Request{Version: c.v, Type: c.t, First: 12345, Count: 1000})
		est := float64(sample.n) * float64(d.Beneficiaries) / 1000
		// gzip ratio on a 200-beneficiary sample (BCDA stores files gzipped).
		cw := &countWriter{}
		zw, _ := gzip.NewWriterLevel(cw, gzip.DefaultCompression)
		rawBytes := &countWriter{}
		d.Write(rawBytes, Request{Version: c.v, Type: c.t, Count: 200})
		d.Write(zw, Request{Version: c.v, Type: c.t, Count: 200})
		zw.Close()
		t.Logf("%s %-20s %9d lines %8.1f MB (1,000-bene estimate %.1f MB) (%.1f KB/line) gzip ≈ %.1f%% → %.1f MB; generated in %v (%.0f MB/s on %d cores)",
			c.v, c.t, lines, float64(total)/1e6, est/1e6, float64(total)/float64(max(lines, 1))/1e3,
			100*float64(cw.n)/float64(max(rawBytes.n, 1)), float64(total)*float64(cw.n)/float64(max(rawBytes.n, 1))/1e6,
			el.Round(time.Millisecond), float64(total)/1e6/el.Seconds(), workers)
	}
}
