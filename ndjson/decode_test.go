package ndjson_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/fhir/stu3"
	"github.com/bcda-go/bcda/ndjson"
)

// result is one item an iterator yielded.
type result[T any] struct {
	v   *T
	err error
}

func collect[T any](seq iter.Seq2[*T, error]) []result[T] {
	var out []result[T]
	for v, err := range seq {
		out = append(out, result[T]{v, err})
	}
	return out
}

// reference decodes one line as Decode must: encoding/json, after the
// resourceType check.
func reference[T any](line []byte, want fhir.ResourceType) (*T, error) {
	v := new(T)
	err := json.Unmarshal(line, v)
	if want != "" && err == nil && firstResourceType(line) != string(want) {
		return nil, ndjson.ErrResourceType
	}
	if err != nil {
		return nil, err
	}
	return v, nil
}

// firstResourceType returns the string value of the first top-level
// "resourceType" member (exact name) of a valid JSON text, or "".
func firstResourceType(data []byte) string {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return ""
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		var v json.RawMessage
		if dec.Decode(&v) != nil {
			return ""
		}
		if tok == "resourceType" {
			var s string
			json.Unmarshal(v, &s)
			return s
		}
	}
	return ""
}

// checkSame compares what an iterator yielded for data with the reference:
// the same values, errors on the same lines (LineErrors with the right
// numbers), and encoding/json's message for JSON errors.
func checkSame[T any](t testing.TB, data []byte, want fhir.ResourceType, got []result[T]) {
	t.Helper()
	lines, nums := refLines(data, 256<<20) // the documented default of MaxLineSize
	if len(got) != len(lines) {
		t.Fatalf("%d results for %d lines", len(got), len(lines))
	}
	for i, line := range lines {
		wv, werr := reference[T]([]byte(line), want)
		g := got[i]
		if (werr == nil) != (g.err == nil) {
			t.Fatalf("line %d: err %v, encoding/json says %v (%.200q)", nums[i], g.err, werr, line)
		}
		if werr != nil {
			var le *ndjson.LineError
			if g.v != nil || !errors.As(g.err, &le) || le.Line != nums[i] {
				t.Fatalf("line %d: got %v, %v; want nil and a LineError", nums[i], g.v, g.err)
			}
			if errors.Is(werr, ndjson.ErrResourceType) {
				if !errors.Is(g.err, ndjson.ErrResourceType) {
					t.Fatalf("line %d: %v, want ErrResourceType", nums[i], g.err)
				}
			} else if !errors.Is(g.err, ndjson.ErrResourceType) && le.Err.Error() != werr.Error() {
				t.Fatalf("line %d: message %q, encoding/json says %q", nums[i], le.Err, werr)
			}
			continue
		}
		if !reflect.DeepEqual(g.v, wv) {
			t.Fatalf("line %d: value differs from encoding/json's", nums[i])
		}
	}
}

// checkAllTypes runs every typed iterator, R4 and STU3, and a map decode
// over data and compares each with encoding/json.
func checkAllTypes(t testing.TB, data []byte, opts ...ndjson.Option) {
	t.Helper()
	rd := func() io.Reader { return bytes.NewReader(data) }
	checkSame(t, data, fhir.TypePatient, collect(ndjson.Decode[fhir.Patient](rd(), opts...)))
	checkSame(t, data, fhir.TypeCoverage, collect(ndjson.Decode[fhir.Coverage](rd(), opts...)))
	checkSame(t, data, fhir.TypeExplanationOfBenefit, collect(ndjson.Decode[fhir.ExplanationOfBenefit](rd(), opts...)))
	checkSame(t, data, fhir.TypeClaim, collect(ndjson.Decode[fhir.Claim](rd(), opts...)))
	checkSame(t, data, fhir.TypeClaimResponse, collect(ndjson.Decode[fhir.ClaimResponse](rd(), opts...)))
	checkSame(t, data, fhir.TypePatient, collect(ndjson.Decode[stu3.Patient](rd(), opts...)))
	checkSame(t, data, fhir.TypeCoverage, collect(ndjson.Decode[stu3.Coverage](rd(), opts...)))
	checkSame(t, data, fhir.TypeExplanationOfBenefit, collect(ndjson.Decode[stu3.ExplanationOfBenefit](rd(), opts...)))
	checkSame(t, data, "", collect(ndjson.Decode[map[string]any](rd(), opts...)))
}

func allSamples(t *testing.T) map[string][]byte {
	sampleLines(t, "v3_Patient.ndjson") // skips when absent
	names, _ := filepath.Glob(filepath.Join(samplesDir(t), "*.ndjson"))
	out := map[string][]byte{}
	for _, n := range names {
		out[filepath.Base(n)] = bytes.Join(sampleLines(t, filepath.Base(n)), []byte("\n"))
	}
	return out
}

// TestDifferentialSamples feeds every sample file to every typed iterator,
// serial and parallel, and compares with encoding/json line by line.
func TestDifferentialSamples(t *testing.T) {
	for name, data := range allSamples(t) {
		for _, w := range []int{1, 3} {
			t.Run(fmt.Sprintf("%s/workers=%d", name, w), func(t *testing.T) {
				checkAllTypes(t, data, ndjson.Workers(w))
			})
		}
	}
}

func TestDecodeSamplesTyped(t *testing.T) {
	s := allSamples(t)
	count := func(n int, err error) int {
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	n := 0
	for eob, err := range ndjson.Decode[fhir.ExplanationOfBenefit](bytes.NewReader(s["v3_ExplanationOfBenefit.ndjson"])) {
		n = count(n+1, err)
		if fhir.ClaimTypeOf(eob) == "" {
			t.Errorf("EOB %s: no claim type", *eob.Id)
		}
	}
	if n != 2 {
		t.Errorf("%d EOBs", n)
	}
	n = 0
	for oo, err := range ndjson.Decode[fhir.OperationOutcome](bytes.NewReader(append(append(s["OperationOutcome_error-file.ndjson"], '\n'), s["v3_OperationOutcome_warnings-and-info.ndjson"]...))) {
		n = count(n+1, err)
		if len(oo.Issue) != 1 {
			t.Errorf("outcome %+v", oo)
		}
	}
	if n != 4 {
		t.Errorf("%d outcomes", n)
	}
}

func TestDecodeBadLines(t *testing.T) {
	in := strings.Join([]string{
		`{"resourceType":"Patient","id":"1","gender":"male"}`,
		`{"resourceType":"Patient","id":"2","gender":"F"}`, // samply rejects the code
		``,
		`{"resourceType":"Patient","id":"3"`, // truncated
		`{"resourceType":"Coverage","id":"4","status":"active"}`,
		`[1,2]`,
		`{"id":"6"}`,
		`{"resourceType":"Patient","id":"7","name":[{"family":"` + strings.Repeat("x", 2000) + `"}]}`,
		`{"resourceType":"Patient","id":"8"}`,
	}, "\n")
	type want struct {
		id   string
		line int
		msg  string
	}
	wants := []want{
		{id: "1"},
		{line: 2, msg: "unknown AdministrativeGender code `F`"},
		{line: 4, msg: "unexpected end of JSON input"},
		{line: 5, msg: `unexpected resourceType "Coverage", want "Patient"`},
		{line: 6, msg: "cannot unmarshal array"},
		{line: 7, msg: "unexpected resourceType: none"},
		{line: 8, msg: "line exceeds the maximum line size"},
		{id: "8"},
	}
	for _, w := range []int{1, 2, 4} {
		got := collect(ndjson.Decode[fhir.Patient](strings.NewReader(in), ndjson.Workers(w), ndjson.MaxLineSize(1000)))
		if len(got) != len(wants) {
			t.Fatalf("workers=%d: %d results, want %d", w, len(got), len(wants))
		}
		for i, want := range wants {
			g := got[i]
			if want.id != "" {
				if g.err != nil || g.v == nil || *g.v.Id != want.id {
					t.Errorf("workers=%d item %d: %v %v, want patient %s", w, i, g.v, g.err, want.id)
				}
				continue
			}
			var le *ndjson.LineError
			if g.v != nil || !errors.As(g.err, &le) || le.Line != want.line || !strings.Contains(g.err.Error(), want.msg) {
				t.Errorf("workers=%d item %d: %v %v, want line %d %q", w, i, g.v, g.err, want.line, want.msg)
				continue
			}
			if len(le.Raw) == 0 || len(le.Raw) > 1024 {
				t.Errorf("Raw has %d bytes", len(le.Raw))
			}
		}
	}
}

// TestWorkersOrder checks many records come out in file order, whatever the
// number of workers and however the input is chunked.
func TestWorkersOrder(t *testing.T) {
	var b strings.Builder
	const n = 3000
	for i := range n {
		pad := strings.Repeat("p", i%7*500) // lines of varied sizes
		fmt.Fprintf(&b, `{"resourceType":"Patient","id":"%d","name":[{"text":"%s"}]}`+"\n", i, pad)
		if i%100 == 0 {
			b.WriteString("not json\n")
		}
	}
	for _, w := range []int{1, 2, 3, 8} {
		next, bad := 0, 0
		for p, err := range ndjson.Decode[fhir.Patient](iotest.HalfReader(strings.NewReader(b.String())), ndjson.Workers(w)) {
			if err != nil {
				bad++
				continue
			}
			if *p.Id != fmt.Sprint(next) {
				t.Fatalf("workers=%d: got id %s, want %d", w, *p.Id, next)
			}
			next++
		}
		if next != n || bad != n/100 {
			t.Errorf("workers=%d: %d records, %d errors", w, next, bad)
		}
	}
}

// TestBreakLeaksNothing stops early and checks every decoding goroutine is
// gone when the loop statement returns, and that reading stopped.
func TestBreakLeaksNothing(t *testing.T) {
	line := `{"resourceType":"Patient","id":"x"}` + "\n"
	for _, stopAfter := range []int{0, 1, 50, 2000} {
		before := runtime.NumGoroutine()
		r := &countingReader{r: strings.NewReader(strings.Repeat(line, 200000))}
		i := 0
		for range ndjson.Decode[fhir.Patient](r, ndjson.Workers(4)) {
			if i == stopAfter {
				break
			}
			i++
		}
		checkNoLeak(t, before, fmt.Sprintf("stop after %d", stopAfter))
		if r.n >= len(line)*200000 {
			t.Errorf("stop after %d: the whole input was read", stopAfter)
		}
	}
}

func TestDecodeReadError(t *testing.T) {
	boom := errors.New("boom")
	for _, w := range []int{1, 2} {
		r := io.MultiReader(strings.NewReader(`{"resourceType":"Patient","id":"1"}`+"\n"+`{"resourceType":"Pat`), iotest.ErrReader(boom))
		got := collect(ndjson.Decode[fhir.Patient](r, ndjson.Workers(w)))
		if len(got) != 2 || got[0].err != nil || !errors.Is(got[1].err, boom) {
			t.Fatalf("workers=%d: %+v", w, got)
		}
		var le *ndjson.LineError
		if errors.As(got[1].err, &le) {
			t.Error("a read error must not be a LineError")
		}
	}
}

func TestDecodeGzip(t *testing.T) {
	data := gz(t, `{"resourceType":"Patient","id":"1"}`+"\n", `{"resourceType":"Patient","id":"2"}`, "")
	var ids []string
	for p, err := range ndjson.Decode[fhir.Patient](bytes.NewReader(data)) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, *p.Id)
	}
	if strings.Join(ids, ",") != "1,2" {
		t.Errorf("ids %v", ids)
	}
}

func TestOperationOutcomesLenient(t *testing.T) {
	in := `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"","diagnostics":"Request Error"}]}
{"resourceType":"Patient"}
{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","diagnostics":"x"}]}`
	got := collect(ndjson.Decode[fhir.OperationOutcome](strings.NewReader(in)))
	if len(got) != 3 || got[0].err != nil || got[0].v.Issue[0].Code.Code() != "processing" ||
		!errors.Is(got[1].err, ndjson.ErrResourceType) || got[2].err != nil || got[2].v.Issue[0].Code.Code() != "not-found" {
		t.Fatalf("got %+v", got)
	}
}

// FuzzDecode mutates sample-like input and checks the typed iterators
// against encoding/json: the same values, errors on the same lines, no line
// lost, serial and parallel.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"resourceType":"Patient","id":"1","gender":"male","name":[{"family":"A","given":["B"]}],"birthDate":"1950-01-01"}`,
		`{"resourceType":"Patient","id":"1","gender":"F"}` + "\n" + `{"resourceType":"Coverage","status":"active","id":"c"}`,
		`{"resourceType":"ExplanationOfBenefit","id":"e","status":"active","use":"claim","outcome":"complete","payment":{"amount":{"value":1.50,"currency":"USD"}},"insurance":[{"focal":true,"coverage":{"display":"Part B"}}]}`,
		`{"resourceType":"Coverage","id":"part-a--1","status":"cancelled","class":[{"type":{"coding":[{"code":"plan"}]},"value":"Part A"}]}` + "\r\n\r\n",
		"{\"resourceType\":\"Patient\",\"id\":\"\\u00e9\\ud800\",\"active\":true}\n[]\nnull\n",
	} {
		f.Add([]byte(s))
	}
	// Real lines, when the samples are there, give the mutator BCDA's
	// shapes to work from: one short line of each file.
	if names, _ := filepath.Glob(filepath.Join(samplesDir(f), "*.ndjson")); len(names) > 0 {
		for _, n := range names {
			lines := sampleLines(f, filepath.Base(n))
			slices.SortFunc(lines, func(a, b []byte) int { return len(a) - len(b) })
			f.Add(lines[0])
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte{0x1f, 0x8b}) || bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
			return
		}
		for _, w := range []int{1, 2} {
			checkAllTypes(t, data, ndjson.Workers(w))
		}
	})
}
