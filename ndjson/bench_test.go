package ndjson_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/synth"
	"github.com/bcda-go/bcda/ndjson"
)

// benchBeneficiaries gives a v3 EOB file of about 112 MB.
const benchBeneficiaries = 640

// benchFile returns a v3 ExplanationOfBenefit file of at least 100 MB from
// the project's generator, written once under os.TempDir and reused (the
// generator is deterministic, so the name identifies the content).
func benchFile(b *testing.B) (string, int64) {
	b.Helper()
	d := synth.Dataset{Seed: 1, Beneficiaries: benchBeneficiaries}
	path := filepath.Join(os.TempDir(), fmt.Sprintf("bcda-ndjson-bench-v3-eob-seed%d-n%d.ndjson", d.Seed, d.Beneficiaries))
	if st, err := os.Stat(path); err == nil && cacheCurrent(d, path) {
		return path, st.Size()
	}
	tmp, err := os.CreateTemp(os.TempDir(), "bcda-ndjson-bench-*.part")
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(tmp, 1<<20)
	_, err = d.Write(w, synth.Request{Version: "v3", Type: fhir.TypeExplanationOfBenefit, Count: d.Beneficiaries})
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		b.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	if st.Size() < 100<<20 {
		b.Fatalf("benchmark file is only %d bytes", st.Size())
	}
	return path, st.Size()
}

// gzipFile returns a gzip copy of path, made once beside it.
func gzipFile(b *testing.B, path string) string {
	b.Helper()
	gzPath := path + ".gz"
	if gz, err := os.Stat(gzPath); err == nil {
		if plain, err := os.Stat(path); err == nil && !gz.ModTime().Before(plain.ModTime()) {
			return gzPath
		}
	}
	src, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	tmp, err := os.CreateTemp(filepath.Dir(path), "bcda-ndjson-bench-*.part")
	if err != nil {
		b.Fatal(err)
	}
	zw := gzip.NewWriter(tmp)
	_, err = io.Copy(zw, src)
	if err == nil {
		err = zw.Close()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), gzPath)
	}
	if err != nil {
		os.Remove(tmp.Name())
		b.Fatal(err)
	}
	return gzPath
}

// cacheCurrent reports whether a cached file still starts with what the
// generator writes for the first beneficiary (the generator may have
// changed since it was written).
func cacheCurrent(d synth.Dataset, path string) bool {
	var first bytes.Buffer
	if _, err := d.Write(&first, synth.Request{Version: "v3", Type: fhir.TypeExplanationOfBenefit, Count: 1}); err != nil {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, first.Len())
	if _, err := io.ReadFull(f, head); err != nil {
		return false
	}
	return bytes.Equal(head, first.Bytes())
}

// baselineMBps is the baseline's throughput, measured first in the same run
// so that the others can report their speed-up.
var baselineMBps float64

func reportSpeed(b *testing.B, size int64, isBaseline bool) {
	mbps := float64(size) * float64(b.N) / b.Elapsed().Seconds() / 1e6
	if isBaseline {
		baselineMBps = mbps
	} else if baselineMBps > 0 {
		b.ReportMetric(mbps/baselineMBps, "x_baseline")
	}
}

// BenchmarkEOB decodes a >100 MB v3 EOB file from the generator: the
// baseline (bufio.Scanner with a large buffer and encoding/json.Unmarshal into
// the samply struct, one goroutine) against this package's iterators.
//
//	go test ./ndjson -run '^$' -bench BenchmarkEOB -benchtime 3x -benchmem
func BenchmarkEOB(b *testing.B) {
	path, size := benchFile(b)
	open := func(b *testing.B) *os.File {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		return f
	}
	baseline := func(b *testing.B) {
		f := open(b)
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 1<<20), 256<<20)
		for sc.Scan() {
			var e fhir.ExplanationOfBenefit
			if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
				b.Fatal(err)
			}
		}
		if err := sc.Err(); err != nil {
			b.Fatal(err)
		}
	}
	typed := func(b *testing.B, opts ...ndjson.Option) {
		f := open(b)
		defer f.Close()
		for _, err := range ndjson.Decode[fhir.ExplanationOfBenefit](f, opts...) {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	// Both in turn, so that a change in the machine's load hits both alike.
	b.Run("interleaved", func(b *testing.B) {
		var tBase, tTyped time.Duration
		for b.Loop() {
			start := time.Now()
			baseline(b)
			tBase += time.Since(start)
			start = time.Now()
			typed(b)
			tTyped += time.Since(start)
		}
		mb := float64(size) * float64(b.N) / 1e6
		b.ReportMetric(mb/tBase.Seconds(), "baseline_MB/s")
		b.ReportMetric(mb/tTyped.Seconds(), "typed_MB/s")
		b.ReportMetric(tBase.Seconds()/tTyped.Seconds(), "x_baseline")
	})
	b.Run("baseline", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			baseline(b)
		}
		reportSpeed(b, size, true)
	})
	iterate := func(name string, opts ...ndjson.Option) {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(size)
			for b.Loop() {
				typed(b, opts...)
			}
			reportSpeed(b, size, false)
		})
	}
	iterate("ExplanationOfBenefits")
	iterate("ExplanationOfBenefits/workers=1", ndjson.Workers(1))
	b.Run("ExplanationOfBenefits/gzip", func(b *testing.B) {
		gzPath := gzipFile(b, path)
		b.SetBytes(size) // uncompressed bytes, to compare with the others
		for b.Loop() {
			f, err := os.Open(gzPath)
			if err != nil {
				b.Fatal(err)
			}
			for _, err := range ndjson.Decode[fhir.ExplanationOfBenefit](f) {
				if err != nil {
					b.Fatal(err)
				}
			}
			f.Close()
		}
		reportSpeed(b, size, false)
	})
	b.Run("Peek", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			f := open(b)
			for line, err := range ndjson.Lines(f) {
				if err != nil {
					b.Fatal(err)
				}
				if _, _, err := fhir.Peek(line); err != nil {
					b.Fatal(err)
				}
			}
			f.Close()
		}
		reportSpeed(b, size, false)
	})
	b.Run("Lines", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			f := open(b)
			for _, err := range ndjson.Lines(f) {
				if err != nil {
					b.Fatal(err)
				}
			}
			f.Close()
		}
		reportSpeed(b, size, false)
	})
}

// TestHeapFlat1GiB iterates about 1 GiB of generated v3 EOBs, streamed from
// the generator, sampling the live heap; it must stay under 64 MiB. Opt in:
//
//	BCDA_NDJSON_1GIB=1 go test ./ndjson -run TestHeapFlat1GiB -v
func TestHeapFlat1GiB(t *testing.T) {
	if os.Getenv("BCDA_NDJSON_1GIB") == "" {
		t.Skip("set BCDA_NDJSON_1GIB=1 to iterate 1 GiB and measure the heap")
	}
	d := synth.Dataset{Seed: 1, Beneficiaries: 6200}
	r := d.Reader(synth.Request{Version: "v3", Type: fhir.TypeExplanationOfBenefit, Count: d.Beneficiaries})
	defer r.Close()
	cr := &countingReader{r: r}
	var ms runtime.MemStats
	maxHeap, n, start := uint64(0), 0, time.Now()
	for _, err := range ndjson.Decode[fhir.ExplanationOfBenefit](cr) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if n%500 == 0 {
			runtime.ReadMemStats(&ms)
			maxHeap = max(maxHeap, ms.HeapAlloc)
		}
	}
	t.Logf("%d EOBs, %.2f GiB in %v; max sampled HeapAlloc %.1f MiB", n, float64(cr.n)/(1<<30), time.Since(start).Round(time.Millisecond), float64(maxHeap)/(1<<20))
	if cr.n < 1<<30 {
		t.Errorf("only %d bytes generated", cr.n)
	}
	if maxHeap >= 64<<20 {
		t.Errorf("heap reached %.1f MiB", float64(maxHeap)/(1<<20))
	}
}
