package synth

import (
	"io"
	"testing"

	"github.com/bcda-go/bcda/fhir"
)

// BenchmarkWrite measures generator throughput per version and type
// (MB/s = uncompressed NDJSON bytes produced per second on one core):
//
//	go test -run '^$' -bench BenchmarkWrite -benchmem ./internal/synth/
func BenchmarkWrite(b *testing.B) {
	d := Dataset{Seed: 1, Beneficiaries: 30000}
	for _, c := range allVersionTypes() {
		n := 500
		if c.t == fhir.TypeExplanationOfBenefit {
			n = 20
		}
		r := Request{Version: c.v, Type: c.t, First: 100, Count: n}
		b.Run(c.v+"/"+string(c.t), func(b *testing.B) {
			cw := &countWriter{}
			if _, err := d.Write(cw, r); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(cw.n))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := d.Write(io.Discard, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCount measures counting a 2,500-beneficiary EOB file without
// rendering it, against BenchmarkWrite's rendering cost.
func BenchmarkCount(b *testing.B) {
	d := Dataset{Seed: 1, Beneficiaries: 2500}
	r := Request{Version: V3, Type: fhir.TypeExplanationOfBenefit, Count: 2500}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.Count(r); err != nil {
			b.Fatal(err)
		}
	}
}
