package fhir

import (
	"slices"

	r4 "github.com/samply/golang-fhir-models/fhir-models/fhir"
)

// Identifier systems and extensions Blue Button uses to mark a beneficiary's
// Medicare Beneficiary Identifier (MBI).
const (
	// systemMBI is the identifier system of an MBI in every BCDA version.
	systemMBI = "http://hl7.org/fhir/sid/us-mbi"
	// extIdentifierCurrency is the extension whose valueCoding code
	// ("current" or "historic") says whether an identifier is still in use.
	// v1 puts it on the identifier itself (identifier.extension); v2 (Blue
	// Button 2.0) puts it on the identifier's type coding
	// (identifier.type.coding[].extension), as in
	// shared/samples/v2_Patient.ndjson. v3 does not use it.
	extIdentifierCurrency = "https://bluebutton.cms.gov/resources/codesystem/identifier-currency"
)

// MBIEntry is one MBI a beneficiary has held.
type MBIEntry struct {
	Value   string
	Current bool   // the MBI in use now
	Start   string // FHIR date the MBI took effect, "" if unknown
	End     string // FHIR date it was replaced, "" if still in use or unknown
}

// MBI returns the beneficiary's current Medicare Beneficiary Identifier, or
// "" when the Patient carries none. See [MBIs] for how "current" is decided.
func MBI(p *Patient) string {
	if ms := MBIs(p); len(ms) > 0 {
		return ms[0].Value // MBIs sorts the current one first
	}
	return ""
}

// MBIs returns every MBI of a Patient, the current one first and the rest
// from most to least recently ended.
//
// v1 and v2 mark each MBI with the identifier-currency extension
// ([extIdentifierCurrency]: "current" or "historic"; v1 on the identifier,
// v2 on its type coding, both are read); v3 gives each a period
// whose end is set once it is replaced. An MBI is current when it is marked
// "current", or, unmarked, when its period has no end. If none qualifies, the
// one that ended last is reported current. At most one entry is current.
func MBIs(p *Patient) []MBIEntry {
	if p == nil {
		return nil
	}
	var out []MBIEntry
	marked := -1 // index of an MBI explicitly marked current
	open := -1   // index of an unmarked MBI with an open period
	for _, id := range p.Identifier {
		if id.System == nil || *id.System != systemMBI || id.Value == nil || *id.Value == "" {
			continue
		}
		e := MBIEntry{Value: *id.Value}
		if id.Period != nil {
			if id.Period.Start != nil {
				e.Start = *id.Period.Start
			}
			if id.Period.End != nil {
				e.End = *id.Period.End
			}
		}
		currency := identifierCurrency(id.Extension)
		if currency == "" && id.Type != nil {
			for _, c := range id.Type.Coding {
				if cur := identifierCurrency(c.Extension); cur != "" {
					currency = cur
				}
			}
		}
		switch {
		case currency == "current" && marked < 0:
			marked = len(out)
		case currency == "" && e.End == "" && open < 0:
			open = len(out)
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil
	}
	cur := marked
	if cur < 0 {
		cur = open
	}
	var want MBIEntry
	if cur >= 0 {
		want = out[cur]
	}
	// Most recently ended first; ISO dates of one precision sort as text,
	// and an open end ("") sorts first.
	slices.SortStableFunc(out, func(a, b MBIEntry) int {
		switch {
		case a.End == b.End:
			return 0
		case a.End == "":
			return -1
		case b.End == "":
			return 1
		case a.End > b.End:
			return -1
		default:
			return 1
		}
	})
	if cur >= 0 {
		// Move the chosen entry to the front, keeping the others' order.
		i := slices.IndexFunc(out, func(e MBIEntry) bool { return e == want })
		e := out[i]
		copy(out[1:i+1], out[:i])
		out[0] = e
	}
	out[0].Current = true
	return out
}

// identifierCurrency returns the code of an identifier-currency extension
// among exts, or "".
func identifierCurrency(exts []r4.Extension) string {
	for _, ext := range exts {
		if ext.Url == extIdentifierCurrency && ext.ValueCoding != nil && ext.ValueCoding.Code != nil {
			return *ext.ValueCoding.Code
		}
	}
	return ""
}
