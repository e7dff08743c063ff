package synth

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/bcda-go/bcda/fhir"
	r4 "github.com/samply/golang-fhir-models/fhir-models/fhir"
)

// gen writes one file and splits it into lines (without the '\n').
func gen(t testing.TB, d Dataset, r Request) [][]byte {
	t.Helper()
	var buf bytes.Buffer
	n, err := d.Write(&buf, r)
	if err != nil {
		t.Fatalf("Write(%+v): %v", r, err)
	}
	if buf.Len() > 0 && buf.Bytes()[buf.Len()-1] != '\n' {
		t.Fatalf("%s %s: output does not end with a newline", r.Version, r.Type)
	}
	lines := bytes.Split(bytes.TrimSuffix(buf.Bytes(), []byte("\n")), []byte("\n"))
	if buf.Len() == 0 {
		lines = nil
	}
	if len(lines) != n {
		t.Fatalf("%s %s: Write returned %d, wrote %d lines", r.Version, r.Type, n, len(lines))
	}
	return lines
}

// kindLines renders claim 0 of beneficiaries 0..n-1 as each claim type in
// turn, so tests cover every type without generating thousands of claims.
func kindLines(d Dataset, v string, n int) map[ClaimType][][]byte {
	out := map[ClaimType][][]byte{}
	w := &writer{d: d, req: Request{Version: v, Type: fhir.TypeExplanationOfBenefit}}
	for _, kind := range ClaimTypes() {
		for i := 0; i < n; i++ {
			b := d.bene(i)
			c := d.claimAt(&b, 0, kind)
			w.e.reset()
			w.eob(&b, &c)
			w.e.line()
			out[kind] = append(out[kind], bytes.Clone(w.e.b[:len(w.e.b)-1]))
		}
	}
	return out
}

type vt struct {
	v string
	t fhir.ResourceType
}

func allVersionTypes() []vt {
	var out []vt
	for _, v := range []string{V1, V2, V3} {
		for _, t := range Types(v) {
			out = append(out, vt{v, t})
		}
	}
	return out
}

func TestDeterministicAndRangeIndependent(t *testing.T) {
	d := Dataset{Seed: 42, Beneficiaries: 40}
	for _, c := range allVersionTypes() {
		t.Run(c.v+"/"+string(c.t), func(t *testing.T) {
			n, cuts := 30, []int{0, 7, 19, 30}
			if c.t == fhir.TypeExplanationOfBenefit {
				n, cuts = 12, []int{0, 4, 9, 12}
			}
			var a, b, parts bytes.Buffer
			if _, err := d.Write(&a, Request{Version: c.v, Type: c.t, Count: n}); err != nil {
				t.Fatal(err)
			}
			if _, err := d.Write(&b, Request{Version: c.v, Type: c.t, Count: n}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatal("two runs differ")
			}
			for i := 0; i+1 < len(cuts); i++ {
				if _, err := d.Write(&parts, Request{Version: c.v, Type: c.t, First: cuts[i], Count: cuts[i+1] - cuts[i]}); err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(a.Bytes(), parts.Bytes()) {
				t.Fatal("a range written in pieces differs from the whole")
			}
			if a.Len() == 0 {
				t.Fatal("no output for 30 beneficiaries")
			}
		})
	}
	// A different seed is a different population.
	var x, y bytes.Buffer
	Dataset{Seed: 1, Beneficiaries: 5}.Write(&x, Request{Version: V3, Type: fhir.TypePatient, Count: 5})
	Dataset{Seed: 2, Beneficiaries: 5}.Write(&y, Request{Version: V3, Type: fhir.TypePatient, Count: 5})
	if bytes.Equal(x.Bytes(), y.Bytes()) {
		t.Fatal("seeds 1 and 2 produced the same patients")
	}
}

// goldenSHA256 pins the generator's exact output for a small request set.
// A change here means every fixture derived from the generator changed:
// if the change is intended, update the hash (the failure prints it) and
// tell the packages whose tests assert on generated content.
const goldenSHA256 = "dbf480948bdfe0e72dc2727638010064108deeb55d7f39b6b5c0626778f2aa9b"

func TestGolden(t *testing.T) {
	d := Dataset{Seed: 1, Beneficiaries: 10}
	h := sha256.New()
	for _, c := range allVersionTypes() {
		if _, err := d.Write(h, Request{Version: c.v, Type: c.t, First: 2, Count: 3}); err != nil {
			t.Fatal(err)
		}
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != goldenSHA256 {
		t.Fatalf("generator output changed: sha256 %s, pinned %s", got, goldenSHA256)
	}
	if ref := d.Reference(); ref.After(time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)) || ref.Before(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("Reference = %v", ref)
	}
}

// checkBCDAEncoding verifies a line is exactly what Go's json.Marshal of a
// map[string]any (numbers as float64) emits: compact, keys sorted at every
// level, HTML characters escaped, numbers in float64 form.
func checkBCDAEncoding(t *testing.T, line []byte) {
	t.Helper()
	if err := keysSorted(line); err != nil {
		t.Fatalf("%v\nline: %.300s", err, line)
	}
	var v any
	if err := json.Unmarshal(line, &v); err != nil {
		t.Fatalf("invalid JSON: %v\nline: %.300s", err, line)
	}
	again, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, line) {
		i := 0
		for i < len(line) && i < len(again) && line[i] == again[i] {
			i++
		}
		lo := max(0, i-80)
		t.Fatalf("line differs from json.Marshal re-encoding at byte %d:\n ours: %.200s\n go:   %.200s", i, line[lo:], again[lo:min(len(again), lo+200)])
	}
}

// keysSorted walks the JSON tokens and reports the first object whose keys
// are not in strictly increasing order, with its path.
func keysSorted(line []byte) error {
	dec := json.NewDecoder(bytes.NewReader(line))
	type frame struct {
		obj     bool
		lastKey string
		wantKey bool
		path    string
	}
	stack := []frame{{path: "$"}}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		top := &stack[len(stack)-1]
		if k, ok := tok.(string); ok && top.obj && top.wantKey {
			if top.lastKey != "" && k <= top.lastKey {
				return fmt.Errorf("key %q after %q at %s: keys not sorted", k, top.lastKey, top.path)
			}
			top.lastKey = k
			top.wantKey = false
			continue
		}
		if top.obj {
			top.wantKey = true
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{obj: true, wantKey: true, path: top.path + "." + top.lastKey})
		case json.Delim('['):
			stack = append(stack, frame{path: top.path + "." + top.lastKey + "[]"})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			if len(stack) > 0 && stack[len(stack)-1].obj {
				stack[len(stack)-1].wantKey = true
			}
		}
	}
}

func TestKeysSortedChecker(t *testing.T) {
	if err := keysSorted([]byte(`{"a":{"x":1,"y":[{"b":1,"c":2}]},"b":2}`)); err != nil {
		t.Fatal(err)
	}
	if err := keysSorted([]byte(`{"a":{"x":1,"y":[{"c":1,"b":2}]},"b":2}`)); err == nil {
		t.Fatal("unsorted keys not detected")
	}
}

func TestEncodingMatchesBCDA(t *testing.T) {
	d := Dataset{Seed: 3, Beneficiaries: 60}
	for _, c := range allVersionTypes() {
		t.Run(c.v+"/"+string(c.t), func(t *testing.T) {
			n := 40
			if c.t == fhir.TypeExplanationOfBenefit {
				n = 6
				for _, ls := range kindLines(d, c.v, 2) {
					for _, l := range ls {
						checkBCDAEncoding(t, l)
					}
				}
			}
			for _, l := range gen(t, d, Request{Version: c.v, Type: c.t, Count: n}) {
				checkBCDAEncoding(t, l)
			}
		})
	}
}

func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", `q"b\s`, "<a&b>", "tab\tnl\ncr\r\x01\x1f", "Zoë â€” ü", "\u2028\u2029", "bad\xffutf8", "Schwarz-Weiß"} {
		want, _ := json.Marshal(s)
		if got := appendString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
	}
	for _, c := range []int64{0, 1, 10, 99, 100, 101, 110, 95643, 1670, 200, -5, -150, 123456789} {
		want, _ := json.Marshal(float64(c) / 100)
		if got := appendCents(nil, c); !bytes.Equal(got, want) {
			t.Errorf("appendCents(%d) = %s, want %s", c, got, want)
		}
	}
}

func TestDates(t *testing.T) {
	for _, tm := range []time.Time{
		time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2000, 2, 29, 23, 59, 59, 999e6, time.UTC),
		time.Date(1936, 11, 26, 1, 2, 3, 4e6, time.UTC), time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC),
	} {
		got := string(appendInstant(nil, tm.UnixMilli(), true))
		if want := tm.Format("2006-01-02T15:04:05.000+00:00"); got != want {
			t.Errorf("appendInstant = %s, want %s", got, want)
		}
		if got, want := string(dayOf(tm).append(nil)), tm.Format("2006-01-02"); got != want {
			t.Errorf("day.append = %s, want %s", got, want)
		}
	}
}

type peek struct {
	ResourceType string `json:"resourceType"`
	ID           string `json:"id"`
	Meta         struct {
		LastUpdated string `json:"lastUpdated"`
	} `json:"meta"`
}

func TestR4DecodesWithSamply(t *testing.T) {
	d := Dataset{Seed: 11, Beneficiaries: 120}
	for _, v := range []string{V2, V3} {
		for _, typ := range Types(v) {
			t.Run(v+"/"+string(typ), func(t *testing.T) {
				n := 120
				if typ == fhir.TypeExplanationOfBenefit {
					n = 8
				}
				seen := map[string]int{}
				lines := gen(t, d, Request{Version: v, Type: typ, Count: n})
				if typ == fhir.TypeExplanationOfBenefit {
					for _, ls := range kindLines(d, v, 4) {
						lines = append(lines, ls...)
					}
				}
				if len(lines) == 0 {
					t.Fatal("no lines")
				}
				for i, l := range lines {
					var p peek
					if err := json.Unmarshal(l, &p); err != nil {
						t.Fatalf("line %d: %v", i+1, err)
					}
					if p.ResourceType != string(typ) || p.ID == "" || p.Meta.LastUpdated == "" {
						t.Fatalf("line %d: resourceType %q id %q lastUpdated %q", i+1, p.ResourceType, p.ID, p.Meta.LastUpdated)
					}
					var err error
					switch typ {
					case fhir.TypePatient:
						var x fhir.Patient
						err = json.Unmarshal(l, &x)
					case fhir.TypeCoverage:
						var x fhir.Coverage
						err = json.Unmarshal(l, &x)
						if err == nil && (x.Beneficiary.Reference == nil || !strings.HasPrefix(*x.Beneficiary.Reference, "Patient/-")) {
							err = errors.New("beneficiary reference missing")
						}
					case fhir.TypeExplanationOfBenefit:
						var x fhir.ExplanationOfBenefit
						err = json.Unmarshal(l, &x)
						if err == nil {
							seen[eobKind(l)]++
							switch {
							case len(x.Item) == 0 || x.Payment == nil:
								err = errors.New("items or payment missing")
							case v == V2 && fhir.ClaimTypeOf(&x) == fhir.ClaimPDE:
								// BFD v2 gives a Part D event's payment
								// as the date paid, without an amount
								// (shared/samples/v2_ExplanationOfBenefit.ndjson).
								if x.Payment.Amount != nil || x.Payment.Date == nil {
									err = errors.New("v2 PDE payment: want a date and no amount")
								}
							case x.Payment.Amount == nil || *x.Payment.Amount.Currency != "USD":
								err = errors.New("payment amount missing")
							}
						}
					case fhir.TypeClaim:
						var x fhir.Claim
						err = json.Unmarshal(l, &x)
					case fhir.TypeClaimResponse:
						var x fhir.ClaimResponse
						err = json.Unmarshal(l, &x)
					}
					if err != nil {
						t.Fatalf("line %d does not decode as samply %s: %v\n%.400s", i+1, typ, err, l)
					}
				}
				if typ == fhir.TypeExplanationOfBenefit {
					for _, ct := range ClaimTypes() {
						if seen[ct.String()] == 0 {
							t.Errorf("claim type %s never generated (seen %v)", ct, seen)
						}
					}
				}
			})
		}
	}
}

// TestR4FieldNames decodes with unknown fields disallowed: every key we
// write at the modelled levels is a real R4 element name (a typo would
// otherwise pass silently).
func TestR4FieldNames(t *testing.T) {
	d := Dataset{Seed: 5, Beneficiaries: 40}
	for _, v := range []string{V2, V3} {
		for _, typ := range Types(v) {
			n := 40
			if typ == fhir.TypeExplanationOfBenefit {
				n = 3
			}
			lines := gen(t, d, Request{Version: v, Type: typ, Count: n})
			if typ == fhir.TypeExplanationOfBenefit {
				for _, ls := range kindLines(d, v, 2) {
					lines = append(lines, ls...)
				}
			}
			for i, l := range lines {
				// samply's structs have no resourceType field (their
				// MarshalJSON adds it) and no contained field at all, so drop
				// both before the strict decode.
				var top map[string]json.RawMessage
				if err := json.Unmarshal(l, &top); err != nil {
					t.Fatal(err)
				}
				delete(top, "resourceType")
				if raw, ok := top["contained"]; ok {
					checkContained(t, raw)
				}
				delete(top, "contained")
				l, _ = json.Marshal(top)
				dec := json.NewDecoder(bytes.NewReader(l))
				dec.DisallowUnknownFields()
				var err error
				switch typ {
				case fhir.TypePatient:
					err = dec.Decode(new(fhir.Patient))
				case fhir.TypeCoverage:
					err = dec.Decode(new(fhir.Coverage))
				case fhir.TypeExplanationOfBenefit:
					err = dec.Decode(new(fhir.ExplanationOfBenefit))
				case fhir.TypeClaim:
					err = dec.Decode(new(fhir.Claim))
				case fhir.TypeClaimResponse:
					err = dec.Decode(new(fhir.ClaimResponse))
				}
				if err != nil {
					t.Fatalf("%s %s line %d: %v", v, typ, i+1, err)
				}
			}
		}
	}
}

// checkContained strictly decodes each contained resource with the samply
// model of its type.
func checkContained(t *testing.T, raw json.RawMessage) {
	t.Helper()
	var list []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		var rt string
		json.Unmarshal(c["resourceType"], &rt)
		delete(c, "resourceType")
		b, _ := json.Marshal(c)
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		var err error
		switch rt {
		case "Organization":
			err = dec.Decode(new(r4.Organization))
		case "Practitioner":
			err = dec.Decode(new(r4.Practitioner))
		case "Patient":
			err = dec.Decode(new(r4.Patient))
		case "Observation":
			err = dec.Decode(new(r4.Observation))
		default:
			err = fmt.Errorf("unexpected contained %q", rt)
		}
		if err != nil {
			t.Fatalf("contained %s: %v", rt, err)
		}
	}
}

// TestConcurrentWrites: a Dataset is a value and Write keeps no shared
// state, so concurrent writers produce identical bytes.
func TestConcurrentWrites(t *testing.T) {
	d := Dataset{Seed: 6, Beneficiaries: 30}
	r := Request{Version: V3, Type: fhir.TypeExplanationOfBenefit, Count: 6}
	var want bytes.Buffer
	d.Write(&want, r)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			var got bytes.Buffer
			_, err := d.Write(&got, r)
			if err == nil && !bytes.Equal(got.Bytes(), want.Bytes()) {
				err = errors.New("concurrent output differs")
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "a<b>&c", "Zoë â€”", "\x00\n", "\u2028", "bad\xff", "\b\f\x7f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("appendString(%q) = %s, want %s", s, got, want)
		}
	})
}

func TestSTU3Shape(t *testing.T) {
	d := Dataset{Seed: 9, Beneficiaries: 60}
	for _, typ := range Types(V1) {
		t.Run(string(typ), func(t *testing.T) {
			n := 60
			lines := gen(t, d, Request{Version: V1, Type: typ, Count: n})
			if typ == fhir.TypeExplanationOfBenefit {
				lines = gen(t, d, Request{Version: V1, Type: typ, Count: 5})
				for _, ls := range kindLines(d, V1, 3) {
					lines = append(lines, ls...)
				}
			}
			seen := map[string]bool{}
			for i, l := range lines {
				var m map[string]any
				if err := json.Unmarshal(l, &m); err != nil {
					t.Fatalf("line %d: %v", i+1, err)
				}
				if m["resourceType"] != string(typ) || m["id"] == "" {
					t.Fatalf("line %d: resourceType %v id %v", i+1, m["resourceType"], m["id"])
				}
				meta, _ := m["meta"].(map[string]any)
				if meta == nil || meta["lastUpdated"] == nil {
					t.Fatalf("line %d: no meta.lastUpdated", i+1)
				}
				need := map[fhir.ResourceType][]string{
					fhir.TypePatient:              {"birthDate", "gender", "identifier", "name", "address", "extension"},
					fhir.TypeCoverage:             {"beneficiary", "grouping", "status", "type", "extension"},
					fhir.TypeExplanationOfBenefit: {"patient", "type", "insurance", "item", "billablePeriod", "identifier", "payment", "status"},
				}[typ]
				for _, k := range need {
					if _, ok := m[k]; !ok {
						t.Fatalf("line %d: no %q", i+1, k)
					}
				}
				switch typ {
				case fhir.TypeCoverage:
					if _, ok := m["payor"]; ok {
						t.Fatalf("line %d: STU3 Coverage with payor", i+1)
					}
					seen[m["grouping"].(map[string]any)["subPlan"].(string)] = true
				case fhir.TypeExplanationOfBenefit:
					if _, ok := m["insurance"].(map[string]any); !ok {
						t.Fatalf("line %d: STU3 insurance must be an object", i+1)
					}
					if _, ok := m["use"]; ok {
						t.Fatalf("line %d: STU3 EOB has no use", i+1)
					}
					seen[eobKind(l)] = true
				}
			}
			switch typ {
			case fhir.TypeCoverage:
				for _, p := range []string{"Part A", "Part B", "Part C", "Part D"} {
					if !seen[p] {
						t.Errorf("no %s coverage", p)
					}
				}
			case fhir.TypeExplanationOfBenefit:
				for _, ct := range ClaimTypes() {
					if !seen[ct.String()] {
						t.Errorf("no %s EOB", ct)
					}
				}
			}
		})
	}
}

func TestLineSizes(t *testing.T) {
	d := Dataset{Seed: 21, Beneficiaries: 150}
	for _, v := range []string{V1, V2, V3} {
		lines := gen(t, d, Request{Version: v, Type: fhir.TypeExplanationOfBenefit, Count: 30})
		for _, ls := range kindLines(d, v, 25) {
			lines = append(lines, ls...)
		}
		minSz, maxSz := 1<<30, 0
		for _, l := range lines {
			minSz, maxSz = min(minSz, len(l)), max(maxSz, len(l))
		}
		// Typical claims are 5–40 KB; long ones (longClaimItems) run
		// past the 74 KB real lines reach, up to the cap.
		if minSz < 5000 || maxSz > maxEOBLine {
			t.Errorf("%s EOB line sizes %d..%d, want within 5 KB..%d", v, minSz, maxSz, maxEOBLine)
		}
		t.Logf("%s: %d EOBs, %d..%d bytes", v, len(lines), minSz, maxSz)
	}
	// v1 Part D coverage carries monthly contract history: ~10–33 KB.
	big := 0
	for _, l := range gen(t, d, Request{Version: V1, Type: fhir.TypeCoverage, Count: 60}) {
		big = max(big, len(l))
	}
	if big < 10000 || big > 34000 {
		t.Errorf("largest v1 Coverage line %d bytes, want 10..34 KB", big)
	}
}

// lastUpdated extracts meta.lastUpdated: the only lastUpdated member of a
// generated line (contained resources carry none).
func lastUpdated(t *testing.T, l []byte) time.Time {
	t.Helper()
	const key = `"lastUpdated":"`
	i := bytes.Index(l, []byte(key))
	if i < 0 || bytes.Count(l, []byte(key)) != 1 {
		t.Fatalf("want exactly one lastUpdated in %.200s", l)
	}
	v := l[i+len(key):]
	v = v[:bytes.IndexByte(v, '"')]
	tm, err := time.Parse(time.RFC3339Nano, string(v))
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func TestSince(t *testing.T) {
	d := Dataset{Seed: 8, Beneficiaries: 100}
	ref := d.Reference()
	for _, c := range allVersionTypes() {
		t.Run(c.v+"/"+string(c.t), func(t *testing.T) {
			n := 100
			if c.t == fhir.TypeExplanationOfBenefit {
				n = 20
			}
			all := gen(t, d, Request{Version: c.v, Type: c.t, Count: n})
			for _, l := range all {
				lu := lastUpdated(t, l)
				if lu.After(ref) || lu.Before(ref.Add(-731*24*time.Hour)) {
					t.Fatalf("lastUpdated %v outside the two years before %v", lu, ref)
				}
			}
			since := ref.Add(-200 * 24 * time.Hour)
			if c.t == fhir.TypeClaim || c.t == fhir.TypeClaimResponse {
				since = ref.Add(-45 * 24 * time.Hour)
			}
			some := gen(t, d, Request{Version: c.v, Type: c.t, Count: n, Since: since})
			var want [][]byte
			for _, l := range all {
				if lastUpdated(t, l).After(since) {
					want = append(want, l)
				}
			}
			if len(some) == 0 || len(some) == len(all) {
				t.Fatalf("Since kept %d of %d lines: not a meaningful filter", len(some), len(all))
			}
			if len(some) != len(want) {
				t.Fatalf("Since kept %d lines, want %d", len(some), len(want))
			}
			for i := range some {
				if !bytes.Equal(some[i], want[i]) {
					t.Fatalf("filtered line %d differs from the unfiltered one", i+1)
				}
			}
			// Exactly at a line's lastUpdated: that line is excluded.
			edge := lastUpdated(t, all[0])
			for _, l := range gen(t, d, Request{Version: c.v, Type: c.t, Count: 1, Since: edge}) {
				if !lastUpdated(t, l).After(edge) {
					t.Fatal("a line with lastUpdated == Since was written")
				}
			}
			if got := gen(t, d, Request{Version: c.v, Type: c.t, Count: n, Since: ref}); len(got) != 0 {
				t.Fatalf("Since=Reference wrote %d lines", len(got))
			}
		})
	}
}

func TestRequestErrors(t *testing.T) {
	d := Dataset{Seed: 1, Beneficiaries: 10}
	cases := []struct {
		r    Request
		want error
		msg  string
	}{
		{Request{Version: V1, Type: fhir.TypeClaim, Count: 1}, ErrType, "Claim is not available in v1"},
		{Request{Version: V3, Type: fhir.TypeClaimResponse, Count: 1}, ErrType, "ClaimResponse is not available in v3"},
		{Request{Version: V2, Type: fhir.TypeOperationOutcome, Count: 1}, ErrType, "OperationOutcome"},
		{Request{Version: "v4", Type: fhir.TypePatient, Count: 1}, ErrVersion, `"v4"`},
		{Request{Version: V3, Type: fhir.TypePatient, First: 5, Count: 6}, ErrRange, "of 10"},
		{Request{Version: V3, Type: fhir.TypePatient, First: -1, Count: 1}, ErrRange, ""},
		{Request{Version: V3, Type: fhir.TypePatient, Count: -1}, ErrRange, ""},
	}
	if _, err := (Dataset{Beneficiaries: MaxBeneficiaries + 1}).Write(io.Discard, Request{Version: V3, Type: fhir.TypePatient}); !errors.Is(err, ErrRange) {
		t.Errorf("oversized dataset: %v", err)
	}
	for _, c := range cases {
		var buf bytes.Buffer
		n, err := d.Write(&buf, c.r)
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) || n != 0 || buf.Len() != 0 {
			t.Errorf("Write(%+v) = %d, %v; want %v containing %q and no output", c.r, n, err, c.want, c.msg)
		}
	}
	for _, c := range allVersionTypes() {
		var buf bytes.Buffer
		n, err := d.Write(&buf, Request{Version: c.v, Type: c.t, First: 10, Count: 0})
		if err != nil || n != 0 || buf.Len() != 0 {
			t.Errorf("%s %s Count=0: %d, %v, %d bytes", c.v, c.t, n, err, buf.Len())
		}
	}
}

type failWriter struct{ after int }

func (f *failWriter) Write(p []byte) (int, error) {
	if f.after == 0 {
		return 0, errors.New("disk full")
	}
	f.after--
	return len(p), nil
}

func TestWriteErrorStops(t *testing.T) {
	d := Dataset{Seed: 1, Beneficiaries: 10}
	n, err := d.Write(&failWriter{after: 3}, Request{Version: V3, Type: fhir.TypePatient, Count: 10})
	if n != 3 || err == nil || !strings.Contains(err.Error(), "disk full") || !strings.Contains(err.Error(), "line 4") {
		t.Fatalf("got %d, %v", n, err)
	}
}

func TestReaderAndCount(t *testing.T) {
	d := Dataset{Seed: 4, Beneficiaries: 20}
	r := Request{Version: V3, Type: fhir.TypeExplanationOfBenefit, Count: 20}
	var want bytes.Buffer
	d.Write(&want, r)
	got, err := io.ReadAll(d.Reader(r))
	if err != nil || !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("Reader differs from Write (err %v)", err)
	}
	for _, c := range allVersionTypes() {
		for _, since := range []time.Time{{}, d.Reference().Add(-300 * 24 * time.Hour), d.Reference().Add(-30 * 24 * time.Hour)} {
			r := Request{Version: c.v, Type: c.t, First: 2, Count: 15, Since: since}
			n, _ := d.Write(io.Discard, r)
			if got, err := d.Count(r); got != n || err != nil {
				t.Fatalf("%s %s since %v: Count = %d, %v; Write wrote %d", c.v, c.t, since, got, err, n)
			}
		}
	}
	if _, err := d.Count(Request{Version: V1, Type: fhir.TypeClaim}); !errors.Is(err, ErrType) {
		t.Fatalf("Count error = %v", err)
	}
	if _, err := io.ReadAll(d.Reader(Request{Version: "v9"})); !errors.Is(err, ErrVersion) {
		t.Fatalf("Reader error = %v", err)
	}
}

var mbiPattern = regexp.MustCompile(`^[1-9]S[0-9AC-HJKMNP-RT-Y][0-9][AC-HJKMNP-RT-Y][0-9AC-HJKMNP-RT-Y][0-9][AC-HJKMNP-RT-Y]{2}[0-9]{2}$`)

func TestIdentityConsistent(t *testing.T) {
	d := Dataset{Seed: 77, Beneficiaries: 20000}
	ids, mbis := map[string]bool{}, map[string]bool{}
	for i := range d.Beneficiaries {
		id, m := d.PatientID(i), d.MBI(i)
		if ids[id] || mbis[m] {
			t.Fatalf("index %d: duplicate id %s or MBI %s", i, id, m)
		}
		ids[id], mbis[m] = true, true
		if !mbiPattern.MatchString(m) {
			t.Fatalf("MBI %q does not follow the CMS pattern", m)
		}
	}
	// The same index carries the same id and MBI through every resource.
	for _, v := range []string{V1, V2, V3} {
		for _, typ := range Types(v) {
			for _, l := range gen(t, d, Request{Version: v, Type: typ, First: 123, Count: 1}) {
				s := string(l)
				ref := "Patient/" + d.PatientID(123)
				switch typ {
				case fhir.TypePatient:
					if !strings.Contains(s, `"id":"`+d.PatientID(123)+`"`) || !strings.Contains(s, d.MBI(123)) {
						t.Errorf("%s Patient lacks id or MBI", v)
					}
				case fhir.TypeCoverage, fhir.TypeExplanationOfBenefit:
					if !strings.Contains(s, `"reference":"`+ref+`"`) {
						t.Errorf("%s %s does not reference %s", v, typ, ref)
					}
					if v == V3 && typ == fhir.TypeCoverage && !strings.Contains(s, d.MBI(123)) {
						t.Errorf("v3 Coverage lacks the MBI")
					}
				default:
					if !strings.Contains(s, d.MBI(123)) {
						t.Errorf("%s %s lacks the MBI", v, typ)
					}
				}
			}
		}
	}
}

func TestOperationOutcomes(t *testing.T) {
	d := Dataset{Seed: 1, Beneficiaries: 5}
	var buf bytes.Buffer
	n, err := d.WriteRetrievalErrors(&buf, fhir.TypeExplanationOfBenefit, "0c527d2e-2e8a-4808-b11d-0fa06baf8254", 0, 4)
	if err != nil || n != 2 {
		t.Fatal(n, err)
	}
	sc := bufio.NewScanner(&buf)
	for sc.Scan() {
		var oo fhir.OperationOutcome
		if err := json.Unmarshal(sc.Bytes(), &oo); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(sc.Text(), `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","diagnostics":"Error retrieving ExplanationOfBenefit for beneficiary MBI `) {
			t.Fatalf("unexpected line %s", sc.Text())
		}
	}
	if _, err := d.WriteRetrievalErrors(io.Discard, fhir.TypePatient, "x", 5); !errors.Is(err, ErrRange) {
		t.Fatal(err)
	}
	var oo fhir.OperationOutcome
	if err := json.Unmarshal([]byte(WarningsAndInfo), &oo); err != nil || !strings.HasSuffix(WarningsAndInfo, "}\n") {
		t.Fatal(err)
	}
}

// TestHeapFlat streams ≥ 50 MB of EOBs and checks the live heap does not
// grow with the output.
func TestHeapFlat(t *testing.T) {
	d := Dataset{Seed: 99, Beneficiaries: 30000}
	// The writer samples the live heap every 4 MB as bytes arrive, so a
	// generator that built the whole range before writing (or kept what it
	// wrote) shows up in the peak, not only in what survives a final GC.
	cw := &countWriter{step: 4 << 20}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	cw.next = cw.step
	if _, err := d.Write(cw, Request{Version: V3, Type: fhir.TypeExplanationOfBenefit, First: 1000, Count: 400}); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if cw.n < 50<<20 {
		t.Fatalf("only %d bytes generated", cw.n)
	}
	if cw.samples < 10 {
		t.Fatalf("only %d heap samples", cw.samples)
	}
	peak := int64(cw.peak) - int64(before.HeapAlloc)
	grow := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	if peak > 16<<20 || grow > 4<<20 {
		t.Fatalf("heap peak +%d KB, retained +%d KB while streaming %d bytes", peak>>10, grow>>10, cw.n)
	}
	t.Logf("streamed %.1f MB, heap peak +%d KB, retained %+d KB, %d allocations", float64(cw.n)/1e6, peak>>10, grow>>10, after.Mallocs-before.Mallocs)
}

// countWriter counts bytes and, when step > 0, samples HeapAlloc every step
// bytes.
type countWriter struct {
	n, step, next int
	peak          uint64
	samples       int
}

func (c *countWriter) Write(p []byte) (int, error) {
	c.n += len(p)
	if c.step > 0 && c.n >= c.next {
		c.next = c.n + c.step
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		c.peak = max(c.peak, m.HeapAlloc)
		c.samples++
	}
	return len(p), nil
}
