package synth

import (
	"bufio"
	"bytes"
	"testing"

	"github.com/bcda-go/bcda/fhir"
)

// longBenes returns the first beneficiaries of d holding a claim with at
// least minItems line items, found from the claim plans alone (no
// rendering), up to want of them.
func longBenes(d Dataset, minItems, want int) []int {
	var out []int
	for i := 0; i < d.Beneficiaries && len(out) < want; i++ {
		b := d.bene(i)
		for k := 0; k < b.nClaims; k++ {
			if c := d.claimAt(&b, k, -1); c.items >= minItems {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// TestLongLines: EOB lines run past the 74,189 bytes of the longest real
// line (shared/samples/README.md) and past 256 KiB, in every version, so a
// reader with a fixed 64 KiB or 256 KiB limit fails on the fake's data as it
// would on BCDA's.
func TestLongLines(t *testing.T) {
	const realMax = 74189
	d := Dataset{Seed: 7, Beneficiaries: 20000}
	long := longBenes(d, 16, 3)
	// Several huge claims: how long 80 lines get depends on the claim
	// type (v2 HHA lines are short, as real ones are).
	huge := longBenes(d, 80, 4)
	if len(long) < 3 || len(huge) < 1 {
		t.Fatalf("claim plans: %d beneficiaries with long claims, %d with huge ones", len(long), len(huge))
	}
	for _, v := range []string{V1, V2, V3} {
		t.Run(v, func(t *testing.T) {
			longest := func(i int) int {
				var buf bytes.Buffer
				if _, err := d.Write(&buf, Request{Version: v, Type: fhir.TypeExplanationOfBenefit, First: i, Count: 1}); err != nil {
					t.Fatal(err)
				}
				sc := bufio.NewScanner(&buf)
				sc.Buffer(nil, maxEOBLine+1)
				n := 0
				for sc.Scan() {
					n = max(n, len(sc.Bytes()))
				}
				if err := sc.Err(); err != nil {
					t.Fatal(err)
				}
				return n
			}
			over := 0
			for _, i := range long {
				if longest(i) > realMax {
					over++
				}
			}
			if over == 0 {
				t.Errorf("no line of beneficiaries %v over %d bytes", long, realMax)
			}
			n := 0
			for _, i := range huge {
				n = max(n, longest(i))
			}
			if n <= 256<<10 {
				t.Errorf("beneficiaries %v: longest line %d bytes, want over 256 KiB", huge, n)
			}
		})
	}
}
