package export_test

import (
	"context"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bcda-go/bcda/auth"
	"github.com/bcda-go/bcda/client"
	"github.com/bcda-go/bcda/export"
	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/fakebcda"
	"github.com/bcda-go/bcda/internal/fakebcda/fakebcdatest"
)

// Benchmark conditions from the issue: every response capped at 4 MB/s,
// 40 ms before each request is answered, an export of at least 256 MB.
const (
	benchBandwidth = 4_000_000
	benchLatency   = 40 * time.Millisecond
	// 1,600 beneficiaries give 32 ExplanationOfBenefit files of about 8.8 MB
	// (about 1 MB compressed) each: some 282 MB of NDJSON.
	benchBeneficiaries = 1600
)

// peakHeap samples the live heap every few milliseconds until stop is
// called, then returns the highest value seen.
func peakHeap() (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak
	}
}

type benchRun struct {
	elapsed    time.Duration
	cpu        time.Duration // user+system time of the whole process
	wire, data int64         // compressed bytes sent, decompressed bytes written
	peak       uint64
	files      int
}

func benchDownload(b *testing.B, s *fakebcda.Server, job *export.Job, n int) benchRun {
	b.Helper()
	dir, err := os.MkdirTemp(b.TempDir(), "dl")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(dir)
	s.ResetLog()
	runtime.GC()
	stop := peakHeap()
	cpu0 := cpuTime()
	start := time.Now()
	res, err := job.Download(context.Background(), dir, export.Concurrency(n))
	elapsed := time.Since(start)
	cpu := cpuTime() - cpu0
	peak := stop()
	if err != nil {
		b.Fatal(err)
	}
	var wire int64
	for _, r := range s.Log() {
		if strings.HasPrefix(r.Path, "/data/") {
			wire += r.Bytes
		}
	}
	return benchRun{elapsed: elapsed, cpu: cpu, wire: wire, data: res.Bytes, peak: peak, files: len(res.Files)}
}

// BenchmarkDownload downloads the same job sequentially and then at the
// default concurrency (4), in the same run, against the fake BCDA with the
// bandwidth cap and latency above. Metrics:
//
//	speedup     sequential time / concurrent time (target ≥ 3.5)
//	bound_%     concurrent wire throughput / (4 MB/s × 4 connections) (target ≥ 80)
//	peak_MiB    highest live heap during the concurrent download, fake server included (target < 64)
//
// Run it with:
//
//	go test -run '^$' -bench BenchmarkDownload -benchtime 1x ./export/
func BenchmarkDownload(b *testing.B) {
	s, ts := fakebcdatest.NewServer(b,
		fakebcda.WithBandwidth(benchBandwidth),
		fakebcda.WithLatency(benchLatency),
		fakebcda.WithPendingPolls(0), fakebcda.WithInProgressPolls(0),
	)
	creds := auth.Credentials{ClientID: "bench", ClientSecret: "bench-secret"}
	s.Register(creds.ClientID, creds.ClientSecret, benchBeneficiaries)
	c, err := client.New(client.WithBaseURL(ts.URL), client.WithCredentials(creds))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	job, err := c.Export(ctx, []fhir.ResourceType{fhir.TypeExplanationOfBenefit}, time.Time{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := job.Wait(ctx, export.PollInterval(time.Millisecond, 10*time.Millisecond)); err != nil {
		b.Fatal(err)
	}
	id, _ := strconv.Atoi(job.ID())
	if err := s.Warm(id); err != nil {
		b.Fatal(err)
	}
	const conns = 4
	for b.Loop() {
		seq := benchDownload(b, s, job, 1)
		par := benchDownload(b, s, job, conns)
		if par.data < 256<<20 {
			b.Fatalf("export is %d bytes, want at least 256 MiB", par.data)
		}
		mbps := func(n int64, d time.Duration) float64 { return float64(n) / 1e6 / d.Seconds() }
		b.ReportMetric(seq.elapsed.Seconds(), "seq_s")
		b.ReportMetric(par.elapsed.Seconds(), "conc_s")
		b.ReportMetric(seq.elapsed.Seconds()/par.elapsed.Seconds(), "speedup")
		b.ReportMetric(mbps(par.wire, par.elapsed), "wire_MB/s")
		b.ReportMetric(100*mbps(par.wire, par.elapsed)/(conns*benchBandwidth/1e6), "bound_%")
		b.ReportMetric(mbps(par.data, par.elapsed), "ndjson_MB/s")
		b.ReportMetric(float64(par.data)/1e6, "ndjson_MB")
		b.ReportMetric(float64(par.wire)/1e6, "wire_MB")
		b.ReportMetric(float64(par.peak)/(1<<20), "peak_MiB")
		b.ReportMetric(float64(seq.peak)/(1<<20), "seq_peak_MiB")
		b.ReportMetric(float64(par.files), "files")
		// CPU the concurrent download used (client and fake server): on a
		// busy machine the wall time stretches once this nears 2 cores × conc_s.
		b.ReportMetric(par.cpu.Seconds(), "conc_cpu_s")
	}
}
