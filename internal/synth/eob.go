package synth

import (
	"bytes"
	"time"
)

// maxEOBLine caps an EOB line's size (bytes, before the newline). A claim
// whose planned line items would overflow it is rendered again with fewer
// items; the retry replays the same random draws, so output stays
// deterministic. It is far above the 74 KB real lines reach
// (shared/samples/README.md) so that long claims (longClaimItems) stay long.
const maxEOBLine = 1 << 20

func (w *writer) eobs(b *bene) error {
	for k := 0; k < b.nClaims; k++ {
		c := w.d.claimAt(b, k, -1)
		if f := w.req.ServiceDate; f != nil && !f(time.UnixMilli(c.start.ms()).UTC(), time.UnixMilli(c.end.ms()).UTC()) {
			continue
		}
		if w.skip(c.updated) {
			continue
		}
		w.eob(b, &c)
		if err := w.flush(); err != nil {
			return err
		}
	}
	return nil
}

// eob renders claim c into the line buffer in the request's version.
func (w *writer) eob(b *bene, c *claim) {
	for maxItems := c.items; ; maxItems-- {
		switch w.req.Version {
		case V1:
			w.writeSTU3EOB(b, c, maxItems)
		case V2:
			w.writeV2EOB(b, c, maxItems)
		default:
			w.writeR4EOB(b, c, r4Opts{v3: true}, maxItems)
		}
		if len(w.e.b) <= maxEOBLine || maxItems <= 1 {
			return
		}
		w.e.reset()
	}
}

// Blue Button URL bases: v3 names code systems and extensions after IDR
// columns under /fhir/; v2 (BFD) names them after CCW variables under
// /resources/ (shared/samples/v2_ExplanationOfBenefit.ndjson,
// fidelity-audit item 3).
var (
	v3CodeSystem = []byte("https://bluebutton.cms.gov/fhir/CodeSystem/")
	v3StructDef  = []byte("https://bluebutton.cms.gov/fhir/StructureDefinition/")
	v2Renamed    = map[string]string{
		"Adjudication":           "https://bluebutton.cms.gov/resources/codesystem/adjudication",
		"Supporting-Information": "https://bluebutton.cms.gov/resources/codesystem/information",
		"CLM-PRVDR-SPCLTY-CD":    "https://bluebutton.cms.gov/resources/variables/prvdr_spclty",
	}
)

// v2URLs rewrites the v3 Blue Button URLs of an R4 EOB line into v2's: the
// few whose v2 name is known (v2Renamed), and otherwise the IDR name in
// lower case with '_' for '-' under /resources/variables/. The v2 name of
// most variables differs from the IDR one (CLM-PRVDR-TAX-NUM is
// tax_num), which the shape check lists (testdata/shape-allowlist.txt).
// It rewrites in place when it can and returns the line.
func v2URLs(line []byte) []byte {
	if !bytes.Contains(line, []byte("https://bluebutton.cms.gov/fhir/")) {
		return line
	}
	out := make([]byte, 0, len(line)+len(line)/8)
	for {
		i := bytes.Index(line, []byte("https://bluebutton.cms.gov/fhir/"))
		if i < 0 {
			return append(out, line...)
		}
		out = append(out, line[:i]...)
		line = line[i:]
		var base []byte
		switch {
		case bytes.HasPrefix(line, v3CodeSystem):
			base = v3CodeSystem
		case bytes.HasPrefix(line, v3StructDef):
			base = v3StructDef
		default:
			out = append(out, line[0])
			line = line[1:]
			continue
		}
		end := len(base)
		for end < len(line) && line[end] != '"' {
			end++
		}
		name := string(line[len(base):end])
		if v2, ok := v2Renamed[name]; ok {
			out = append(out, v2...)
		} else {
			out = append(out, "https://bluebutton.cms.gov/resources/variables/"...)
			for _, c := range []byte(name) {
				switch {
				case c == '-':
					c = '_'
				case 'A' <= c && c <= 'Z':
					c += 'a' - 'A'
				}
				out = append(out, c)
			}
		}
		line = line[end:]
	}
}
