package jsontree

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/synth"
)

// BenchmarkParse measures decoding generated v3 EOB lines into a tree,
// against encoding/json.Valid (a scan that builds nothing) as a baseline:
//
//	go test -run '^$' -bench BenchmarkParse -benchmem ./fhir/view/internal/jsontree/
func BenchmarkParse(b *testing.B) {
	var buf bytes.Buffer
	d := synth.Dataset{Seed: 3, Beneficiaries: 20}
	if _, err := d.Write(&buf, synth.Request{Version: synth.V3, Type: fhir.TypeExplanationOfBenefit, Count: 20}); err != nil {
		b.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n"))
	b.Run("tree", func(b *testing.B) {
		b.SetBytes(int64(buf.Len()))
		b.ReportAllocs()
		var t Tree
		for b.Loop() {
			for _, l := range lines {
				if err := t.Parse(l); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("json.Valid", func(b *testing.B) {
		b.SetBytes(int64(buf.Len()))
		for b.Loop() {
			for _, l := range lines {
				if !json.Valid(l) {
					b.Fatal("invalid")
				}
			}
		}
	})
}
