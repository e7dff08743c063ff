package synth

import (
	"encoding/json"
	"testing"
)

// TestV3RevenueIndicators checks on a fresh clone the revenue-center
// indicators of v3 institutional lines that the shape check compares with
// the real SNF claim: each line carries either the discount indicator or,
// as the real claim's second line, the packaging indicator with its code
// and display, never both.
func TestV3RevenueIndicators(t *testing.T) {
	const n = 8
	packaged := 0
	for kind, ls := range kindLines(Dataset{Seed: 9, Beneficiaries: n}, V3, n) {
		if kinds[kind].family != institutional {
			continue
		}
		for _, l := range ls {
			var m map[string]any
			if err := json.Unmarshal(l, &m); err != nil {
				t.Fatal(err)
			}
			for _, it := range arr(m["item"]) {
				var dscnt, packg map[string]any
				for _, x := range arr(it["extension"]) {
					switch str(x, "url") {
					case bbFHIRExt + "CLM-REV-DSCNT-IND-CD":
						dscnt = x
					case bbFHIRExt + "CLM-REV-PACKG-IND-CD":
						packg = x
					}
				}
				seq := num(it, "sequence")
				if (dscnt == nil) == (packg == nil) {
					t.Errorf("%s %v line %v: want one of the discount and packaging indicators", kind, m["id"], seq)
					continue
				}
				if packg == nil {
					continue
				}
				packaged++
				c := obj(packg, "valueCoding")
				if str(c, "code") != "3" || str(c, "display") == "" || str(c, "system") != bbFHIRCS+"CLM-REV-PACKG-IND-CD" {
					t.Errorf("%s %v line %v: packaging indicator %v", kind, m["id"], seq, c)
				}
			}
		}
	}
	if packaged == 0 {
		t.Error("no v3 institutional line with a packaging indicator")
	}
}
