package fhir_test

import (
	"encoding/json"
	"testing"

	"github.com/bcda-go/bcda/fhir"
)

// BenchmarkPeek compares Peek with a minimal encoding/json decode of the
// same two members on real v3 EOB lines.
func BenchmarkPeek(b *testing.B) {
	lines := sampleLines(b, "v3_ExplanationOfBenefit.ndjson")
	size := 0
	for _, l := range lines {
		size += len(l)
	}
	b.Run("Peek", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, l := range lines {
				if _, _, err := fhir.Peek(l); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, l := range lines {
				var v struct {
					ResourceType string `json:"resourceType"`
					ID           string `json:"id"`
				}
				if err := json.Unmarshal(l, &v); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
