package synth

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/bcda-go/bcda/fhir"
)

// shapeOf adds to set the shape facts of one decoded resource: every JSON
// path with array indices folded ("path item[].adjudication[].amount.value"),
// every code system ("system …") and every extension URL ("ext …").
func shapeOf(set map[string]bool, path string, v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			set["path "+p] = true
			if s, ok := c.(string); ok {
				switch {
				case k == "system":
					set["system "+foldDigits(s)] = true
				case k == "url" && (strings.HasSuffix(path, "extension[]") || strings.HasSuffix(path, "modifierExtension[]")):
					set["ext "+foldDigits(s)] = true
				}
			}
			shapeOf(set, p, c)
		}
	case []any:
		for _, c := range x {
			shapeOf(set, path+"[]", c)
		}
	}
}

// digits matches a run of digits.
var digits = regexp.MustCompile(`[0-9]+`)

// foldDigits turns every run of digits into "N", so that the monthly and
// yearly variants of one variable (ptdcntrct01 … ptdcntrct12, …/2021-1)
// count as one fact: which months and years appear depends on the data, not
// on the shape.
func foldDigits(s string) string { return digits.ReplaceAllString(s, "N") }

// shapeKind is a resource file compared with the real sample file of the
// same name in ../shared/samples, or, when claim is set, the EOBs of one
// claim type (an EOB-TYPE code) compared with the real lines of that type.
type shapeKind struct {
	version string
	typ     fhir.ResourceType
	claim   string
}

// label names the kind in the allowlist's type column: the resource type,
// followed by "/" and the claim type for a per-claim-type comparison.
func (k shapeKind) label() string {
	if k.claim == "" {
		return string(k.typ)
	}
	return string(k.typ) + "/" + k.claim
}

// shapeKinds are the comparisons made. The v2 EOB samples hold one line of
// each claim type, so v2 EOBs are also compared claim type by claim type:
// a fact of one type's real line must be in the generated lines of that
// type, not just somewhere in the file. The v1 EOB samples are carrier
// claims only, so generated v1 carrier claims are compared with them
// alone, and the whole v1 file (every claim type) with them too.
var shapeKinds = []shapeKind{
	{V1, fhir.TypePatient, ""}, {V1, fhir.TypeCoverage, ""}, {V1, fhir.TypeExplanationOfBenefit, ""},
	{V2, fhir.TypePatient, ""}, {V2, fhir.TypeCoverage, ""}, {V2, fhir.TypeExplanationOfBenefit, ""},
	{V2, fhir.TypeClaim, ""}, {V2, fhir.TypeClaimResponse, ""},
	{V3, fhir.TypePatient, ""}, {V3, fhir.TypeCoverage, ""}, {V3, fhir.TypeExplanationOfBenefit, ""},
	{V2, fhir.TypeExplanationOfBenefit, "CARRIER"}, {V2, fhir.TypeExplanationOfBenefit, "DME"},
	{V2, fhir.TypeExplanationOfBenefit, "INPATIENT"}, {V2, fhir.TypeExplanationOfBenefit, "OUTPATIENT"},
	{V2, fhir.TypeExplanationOfBenefit, "SNF"}, {V2, fhir.TypeExplanationOfBenefit, "HHA"},
	{V2, fhir.TypeExplanationOfBenefit, "HOSPICE"}, {V2, fhir.TypeExplanationOfBenefit, "PDE"},
	{V1, fhir.TypeExplanationOfBenefit, "CARRIER"},
}

// shapeClaims is how many claims of one type the generator writes for a
// per-claim-type comparison (each on its own beneficiary).
const shapeClaims = 40

// shapeSample is how many beneficiaries the generator writes for the
// comparison: enough that every claim type and coverage part appears.
const shapeSample = 60

// shapeDiff returns the differences between the generator and the real
// lines for one kind: "+fact" the generator emits and the samples never
// show, "-fact" the samples show and the generator never emits.
func shapeDiff(t *testing.T, dir string, k shapeKind) []string {
	t.Helper()
	real, ours := map[string]bool{}, map[string]bool{}
	for _, m := range sampleLines(t, dir, k.version+"_"+string(k.typ)+".ndjson") {
		if k.claim == "" || eobTypeOf(m) == k.claim {
			shapeOf(real, "", m)
		}
	}
	if len(real) == 0 {
		t.Fatalf("no real %s %s line", k.version, k.label())
	}
	if k.claim == "" {
		for _, m := range ourLines(t, k.version, k.typ, shapeSample) {
			shapeOf(ours, "", m)
		}
	} else {
		ct := slices.IndexFunc(ClaimTypes(), func(c ClaimType) bool { return c.String() == k.claim })
		if ct < 0 {
			t.Fatalf("no generated claim type %s", k.claim)
		}
		for _, l := range kindLines(Dataset{Seed: 2024, Beneficiaries: shapeClaims}, k.version, shapeClaims)[ClaimType(ct)] {
			var m map[string]any
			if err := json.Unmarshal(l, &m); err != nil {
				t.Fatal(err)
			}
			shapeOf(ours, "", m)
		}
	}
	var out []string
	for f := range ours {
		if !real[f] {
			out = append(out, "+"+f)
		}
	}
	for f := range real {
		if !ours[f] {
			out = append(out, "-"+f)
		}
	}
	sort.Strings(out)
	return out
}

// allowEntry is one line of testdata/shape-allowlist.txt:
//
//	v2 ExplanationOfBenefit -path item[].foo — why the generator does not write it
//	v2 ExplanationOfBenefit/SNF +system … — a difference of one claim type
//
// A fact may end in "*" to cover every fact with that prefix.
type allowEntry struct {
	version, typ, fact, reason string
	used                       bool
}

func readAllowlist(t *testing.T) []*allowEntry {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "shape-allowlist.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []*allowEntry
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		// version, type, then the fact (kind and value), then "  — reason".
		head, reason, ok := strings.Cut(line, " — ")
		f := strings.Fields(head)
		if !ok || strings.TrimSpace(reason) == "" || len(f) != 4 {
			t.Fatalf("shape-allowlist.txt:%d: want `version type ±kind value — reason`, got %q", n, line)
		}
		out = append(out, &allowEntry{version: f[0], typ: f[1], fact: f[2] + " " + f[3], reason: reason})
	}
	return out
}

func (a *allowEntry) covers(k shapeKind, fact string) bool {
	if a.version != k.version || a.typ != k.label() {
		return false
	}
	if p, ok := strings.CutSuffix(a.fact, "*"); ok {
		return strings.HasPrefix(fact, p)
	}
	return a.fact == fact
}

// TestShapeMatchesSamples keeps the generator honest: for each version and
// resource type, the JSON paths, code systems and extension URLs it emits
// are compared with the real sample lines, and every difference must be
// listed, with its reason, in testdata/shape-allowlist.txt. An entry that no
// longer matches anything fails too, so the list only shrinks.
func TestShapeMatchesSamples(t *testing.T) {
	dir := samplesDir(t)
	allow := readAllowlist(t)
	for _, k := range shapeKinds {
		t.Run(k.version+"_"+strings.ReplaceAll(k.label(), "/", "_"), func(t *testing.T) {
			var unlisted []string
			for _, d := range shapeDiff(t, dir, k) {
				i := slices.IndexFunc(allow, func(a *allowEntry) bool { return a.covers(k, d) })
				if i < 0 {
					unlisted = append(unlisted, fmt.Sprintf("%s %s %s", k.version, k.label(), d))
					continue
				}
				allow[i].used = true
			}
			if len(unlisted) > 0 {
				t.Errorf("%d shape differences not in testdata/shape-allowlist.txt (fix the generator or list them with a reason):\n%s",
					len(unlisted), strings.Join(unlisted, "\n"))
			}
		})
	}
	for _, a := range allow {
		if !a.used {
			t.Errorf("shape-allowlist.txt: %s %s %s matches no difference any more; remove it", a.version, a.typ, a.fact)
		}
	}
}
