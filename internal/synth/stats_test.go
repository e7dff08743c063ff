package synth

import (
	"bytes"
	"fmt"
	"os"
	"sort"
	"testing"

	"github.com/bcda-go/bcda/fhir"
)

// TestStats prints line-size statistics per claim type (set SYNTH_STATS=1).
func TestStats(t *testing.T) {
	if os.Getenv("SYNTH_STATS") == "" {
		t.Skip("set SYNTH_STATS=1")
	}
	for _, v := range []string{V1, V2, V3} {
		d := Dataset{Seed: 7, Beneficiaries: 2000}
		var buf bytes.Buffer
		n, _ := d.Write(&buf, Request{Version: v, Type: fhir.TypeExplanationOfBenefit, Count: 2000})
		sizes := map[string][]int{}
		for _, l := range bytes.Split(bytes.TrimSuffix(buf.Bytes(), []byte("\n")), []byte("\n")) {
			k := eobKind(l)
			sizes[k] = append(sizes[k], len(l))
		}
		fmt.Printf("%s: %d EOBs, %.1f MB, %.2f per bene\n", v, n, float64(buf.Len())/1e6, float64(n)/2000)
		for k, s := range sizes {
			sort.Ints(s)
			fmt.Printf("  %-10s n=%5d min=%6d p50=%6d max=%6d\n", k, len(s), s[0], s[len(s)/2], s[len(s)-1])
		}
	}
}

// eobKind returns the EOB-TYPE code of an EOB line of any version.
func eobKind(l []byte) string {
	i := bytes.LastIndex(l, []byte("EOB-TYPE"))
	if i < 0 {
		i = bytes.LastIndex(l, []byte("eob-type"))
	}
	if i < 0 {
		return "?"
	}
	j := bytes.LastIndex(l[:i], []byte(`{"code":"`))
	k := bytes.IndexByte(l[j+9:], '"')
	return string(l[j+9 : j+9+k])
}

// TestDumpKind prints one v3 EOB of kind $SYNTH_KIND, by key sizes.
func TestDumpKind(t *testing.T) {
	want := os.Getenv("SYNTH_KIND")
	if want == "" {
		t.Skip("set SYNTH_KIND")
	}
	d := Dataset{Seed: 7, Beneficiaries: 200}
	var buf bytes.Buffer
	d.Write(&buf, Request{Version: os.Getenv("V"), Type: fhir.TypeExplanationOfBenefit, Count: 200})
	for _, l := range bytes.Split(buf.Bytes(), []byte("\n")) {
		if eobKind(l) == want {
			os.Stdout.Write(l)
			os.Stdout.Write([]byte("\n"))
			return
		}
	}
}
