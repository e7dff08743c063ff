package view

import (
	"bytes"
	"context"
	"io"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/synth"
	"github.com/bcda-go/bcda/ndjson"
)

// claimLinesView is a claim-lines view like the one the BCDA loader
// defines: one row per EOB item with the claim's keys.
const claimLinesView = `{"resource":"ExplanationOfBenefit","name":"claim_lines","select":[
	{"column":[
		{"name":"claim_id","path":"getResourceKey()","type":"id"},
		{"name":"patient_id","path":"patient.getReferenceKey(Patient)","type":"id"},
		{"name":"status","path":"status","type":"code"},
		{"name":"claim_type","path":"type.coding.where(system='https://bluebutton.cms.gov/fhir/CodeSystem/CLM-TYPE-CD').code.first()","type":"code"}]},
	{"forEach":"item","column":[
		{"name":"line","path":"sequence","type":"positiveInt"},
		{"name":"code","path":"productOrService.coding.code.first()","type":"code"},
		{"name":"service_date","path":"serviced.ofType(date)","type":"date"},
		{"name":"quantity","path":"quantity.value","type":"decimal"},
		{"name":"allowed","path":"adjudication.where(category.coding.code = 'eligible').amount.value.first()","type":"decimal"},
		{"name":"paid","path":"adjudication.where(category.coding.code = 'benefit').amount.value.first()","type":"decimal"},
		{"name":"index","path":"%rowIndex","type":"integer"}]}]}`

var (
	eobOnce sync.Once
	eobData []byte
)

// eobFile is a generated v3 EOB file (200 beneficiaries, about 30 MB).
func eobFile(tb testing.TB) []byte {
	eobOnce.Do(func() {
		var buf bytes.Buffer
		d := synth.Dataset{Seed: 7, Beneficiaries: 200}
		if _, err := d.Write(&buf, synth.Request{Version: synth.V3, Type: fhir.TypeExplanationOfBenefit, Count: 200}); err != nil {
			tb.Fatal(err)
		}
		eobData = buf.Bytes()
	})
	return eobData
}

// BenchmarkClaimLines compares the claim-lines view with decoding the same
// NDJSON into the typed EOB structs (the SDK's ndjson package), in MB/s of
// NDJSON, on 1 and 2 workers:
//
//	go test -run '^$' -bench BenchmarkClaimLines -benchmem -benchtime 5x ./fhir/view/
func BenchmarkClaimLines(b *testing.B) {
	data := eobFile(b)
	v := MustCompile([]byte(claimLinesView))
	for _, w := range []int{1, 2} {
		b.Run("view/workers="+strconv.Itoa(w), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			rows := 0
			for b.Loop() {
				rows = 0
				for _, err := range v.Rows(context.Background(), bytes.NewReader(data), Workers(w)) {
					if err != nil {
						b.Fatal(err)
					}
					rows++
				}
			}
			b.ReportMetric(float64(rows), "rows")
		})
		if w == 1 {
			// One resource at a time, as a caller running several views
			// over each decoded line does (examples/warehouse).
			b.Run("evalresource", func(b *testing.B) {
				lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					for _, line := range lines {
						r, err := Decode(line)
						if err != nil {
							b.Fatal(err)
						}
						if _, err := v.EvalResource(r); err != nil {
							b.Fatal(err)
						}
					}
				}
			})
		}
		b.Run("typed/workers="+strconv.Itoa(w), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				for _, err := range ndjson.Decode[fhir.ExplanationOfBenefit](bytes.NewReader(data), ndjson.Workers(w)) {
					if err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// peakHeap streams n beneficiaries' generated EOBs through the view and
// returns the largest live heap seen, sampled every 1,000 rows, and the
// input size.
func peakHeap(tb testing.TB, n int) (peak uint64, size int64) {
	v := MustCompile([]byte(claimLinesView))
	d := synth.Dataset{Seed: 7, Beneficiaries: n}
	rc := d.Reader(synth.Request{Version: synth.V3, Type: fhir.TypeExplanationOfBenefit, Count: n})
	defer rc.Close()
	cr := &countingReader{r: rc}
	var ms runtime.MemStats
	rows := 0
	for _, err := range v.Rows(context.Background(), cr, Workers(2)) {
		if err != nil {
			tb.Fatal(err)
		}
		if rows++; rows%1000 == 1 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
	}
	return peak, cr.n
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// TestHeapFlat checks that memory does not grow with the input: eight
// times more input may not raise the live heap by more than 16 MiB.
func TestHeapFlat(t *testing.T) {
	if testing.Short() {
		t.Log("short mode: smaller inputs")
	}
	small, _ := peakHeap(t, 20)
	large, size := peakHeap(t, 160)
	t.Logf("live heap: %.1f MiB over a small input, %.1f MiB over %.0f MB", float64(small)/(1<<20), float64(large)/(1<<20), float64(size)/1e6)
	if large > small+16<<20 {
		t.Errorf("heap grew from %d to %d bytes", small, large)
	}
}

// BenchmarkHeap1GiB streams about 1 GiB of generated v3 EOBs through the
// claim-lines view and reports the largest live heap:
//
//	go test -run '^$' -bench BenchmarkHeap1GiB -benchtime 1x ./fhir/view/
func BenchmarkHeap1GiB(b *testing.B) {
	for b.Loop() {
		peak, size := peakHeap(b, 6500)
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		b.ReportMetric(float64(size)/(1<<30), "input-GiB")
	}
}
