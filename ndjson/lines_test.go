package ndjson_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/ndjson"
)

type item struct {
	line string
	err  error
}

func collectLines(t testing.TB, r io.Reader, opts ...ndjson.Option) []item {
	t.Helper()
	var out []item
	for line, err := range ndjson.Lines(r, opts...) {
		out = append(out, item{string(line), err})
	}
	return out
}

func TestLines(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"one line no newline", `{"a":1}`, []string{`{"a":1}`}},
		{"one line", "{\"a\":1}\n", []string{`{"a":1}`}},
		{"crlf", "a\r\nb\r\n", []string{"a", "b"}},
		{"crlf no final newline", "a\r\nb\r", []string{"a", "b"}},
		{"blank lines", "\n\na\n  \n\t\r\nb\n\n", []string{"a", "b"}},
		{"only blanks", "\n \r\n\n", nil},
		{"bom", "\xef\xbb\xbfa\nb", []string{"a", "b"}},
		{"bom on blank first line", "\xef\xbb\xbf\na", []string{"a"}},
		{"inner spaces kept", " a b \n", []string{" a b "}},
		{"lone cr is not a break", "a\rb\n", []string{"a\rb"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// One byte at a time exercises every buffer boundary.
			for _, r := range []io.Reader{strings.NewReader(tt.in), iotest.OneByteReader(strings.NewReader(tt.in))} {
				var got []string
				for line, err := range ndjson.Lines(r) {
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, string(line))
				}
				if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
					t.Errorf("Lines(%q) = %q, want %q", tt.in, got, tt.want)
				}
			}
		})
	}
}

func TestLinesTooLong(t *testing.T) {
	long := strings.Repeat("x", 100)
	in := "short\n" + long + "\n\nafter\n" + long + "\r\n" + strings.Repeat("y", 10) + "\r\n" + long
	for _, r := range []io.Reader{strings.NewReader(in), iotest.OneByteReader(strings.NewReader(in)), iotest.HalfReader(strings.NewReader(in))} {
		got := collectLines(t, r, ndjson.MaxLineSize(10))
		want := []struct {
			line string
			num  int // line number of an error
		}{{"short", 0}, {"", 2}, {"after", 0}, {"", 5}, {strings.Repeat("y", 10), 0}, {"", 7}}
		if len(got) != len(want) {
			t.Fatalf("got %d items %+v, want %d", len(got), got, len(want))
		}
		for i, w := range want {
			if w.num == 0 {
				if got[i].err != nil || got[i].line != w.line {
					t.Errorf("item %d = %+v, want line %q", i, got[i], w.line)
				}
				continue
			}
			var le *ndjson.LineError
			if !errors.As(got[i].err, &le) || le.Line != w.num || !errors.Is(le, ndjson.ErrLineTooLong) {
				t.Errorf("item %d = %+v, want a too-long LineError for line %d", i, got[i], w.num)
				continue
			}
			if len(le.Raw) == 0 || len(le.Raw) > 1024 || le.Raw[0] != 'x' {
				t.Errorf("item %d: Raw = %q", i, le.Raw)
			}
		}
	}
}

// TestLinesMaxExact checks the limit is on the content, not the terminator.
func TestLinesMaxExact(t *testing.T) {
	for _, in := range []string{"abcd\r\n", "abcd\n", "abcd"} {
		got := collectLines(t, strings.NewReader(in), ndjson.MaxLineSize(4))
		if len(got) != 1 || got[0].err != nil || got[0].line != "abcd" {
			t.Errorf("%q: %+v", in, got)
		}
		got = collectLines(t, strings.NewReader(in), ndjson.MaxLineSize(3))
		if len(got) != 1 || !errors.Is(got[0].err, ndjson.ErrLineTooLong) {
			t.Errorf("%q with limit 3: %+v", in, got)
		}
	}
}

func TestLinesBigLines(t *testing.T) {
	// Lines far larger than the initial buffer, of varied sizes.
	var b strings.Builder
	var want []string
	for i, n := range []int{1 << 20, 10, 3 << 20, 300 << 10, 1} {
		l := strings.Repeat(string(rune('a'+i)), n)
		want = append(want, l)
		b.WriteString(l + "\n")
	}
	got := collectLines(t, strings.NewReader(b.String()))
	if len(got) != len(want) {
		t.Fatalf("%d lines, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].err != nil || got[i].line != want[i] {
			t.Errorf("line %d: len %d err %v, want len %d", i, len(got[i].line), got[i].err, len(want[i]))
		}
	}
}

func gz(t testing.TB, members ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	for _, m := range members {
		zw := gzip.NewWriter(&buf)
		if _, err := zw.Write([]byte(m)); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func TestLinesGzip(t *testing.T) {
	// BCDA appends an empty gzip member after the stored one.
	data := gz(t, "a\nb\n", "c\n", "")
	for _, r := range []io.Reader{bytes.NewReader(data), iotest.OneByteReader(bytes.NewReader(data))} {
		var got []string
		for line, err := range ndjson.Lines(r) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, string(line))
		}
		if strings.Join(got, ",") != "a,b,c" {
			t.Errorf("gzip lines = %q", got)
		}
	}
	// A truncated stream is a final error, not a silent stop.
	got := collectLines(t, bytes.NewReader(data[:len(data)/2]))
	last := got[len(got)-1]
	var le *ndjson.LineError
	if last.err == nil || errors.As(last.err, &le) {
		t.Errorf("truncated gzip: %+v", got)
	}
}

func TestLinesReadError(t *testing.T) {
	boom := errors.New("boom")
	r := io.MultiReader(strings.NewReader("a\nb\npartial"), iotest.ErrReader(boom))
	got := collectLines(t, r)
	if len(got) != 3 || got[0].line != "a" || got[1].line != "b" || !errors.Is(got[2].err, boom) {
		t.Fatalf("got %+v", got)
	}
	var le *ndjson.LineError
	if errors.As(got[2].err, &le) {
		t.Error("a read error must not be a LineError")
	}
}

func TestLinesBreak(t *testing.T) {
	r := &countingReader{r: strings.NewReader(strings.Repeat("x\n", 1<<20))}
	for range ndjson.Lines(r) {
		break
	}
	if r.n > 1<<20 {
		t.Errorf("read %d bytes after an immediate break", r.n)
	}
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestOptionsValidate(t *testing.T) {
	for _, opt := range []ndjson.Option{ndjson.MaxLineSize(0), ndjson.MaxLineSize(-1), ndjson.Workers(0), ndjson.Workers(-3), nil} {
		got := collectLines(t, strings.NewReader("a\n"), opt)
		var le *ndjson.LineError
		if len(got) != 1 || got[0].err == nil || errors.As(got[0].err, &le) {
			t.Errorf("invalid option: %+v", got)
		}
		n := 0
		for v, err := range ndjson.Decode[fhir.Patient](strings.NewReader(`{"resourceType":"Patient"}`), opt) {
			n++
			if v != nil || err == nil {
				t.Errorf("invalid option: %v %v", v, err)
			}
		}
		if n != 1 {
			t.Errorf("%d items after an invalid option", n)
		}
	}
}

// refLines splits data as Lines documents: "\n" breaks, one trailing "\r"
// dropped, blank lines skipped but counted, unless longer than max.
func refLines(data []byte, max int) (lines []string, nums []int) {
	for i, l := range bytes.Split(data, []byte("\n")) {
		if i == 0 {
			l = bytes.TrimPrefix(l, []byte("\xef\xbb\xbf"))
		}
		l = bytes.TrimSuffix(l, []byte("\r"))
		if len(bytes.Trim(l, " \t\r")) == 0 && len(l) <= max {
			continue
		}
		lines = append(lines, string(l))
		nums = append(nums, i+1)
	}
	return lines, nums
}

func FuzzLines(f *testing.F) {
	for _, s := range []string{"", "a", "a\nb", "a\r\n\r\nb\r", "\n\n \n", "\xef\xbb\xbfx\n", "xxxxxxxxxxxxxxxxxxxx\nyy\nzzzzzzzzzzzzzzzz", "\x1f"} {
		f.Add([]byte(s), 8)
	}
	f.Fuzz(func(t *testing.T, data []byte, max int) {
		if max <= 0 || max > 1<<20 {
			max = 1 << 20
		}
		got := collectLines(t, iotest.HalfReader(bytes.NewReader(data)), ndjson.MaxLineSize(max))
		if bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
			return // gzip input: only "no panic, no hang" applies
		}
		want, nums := refLines(data, max)
		if len(got) != len(want) {
			t.Fatalf("%d items, want %d (%q)", len(got), len(want), want)
		}
		for i := range want {
			if len(want[i]) > max {
				var le *ndjson.LineError
				if !errors.As(got[i].err, &le) || le.Line != nums[i] {
					t.Fatalf("item %d: %+v, want a LineError for line %d", i, got[i], nums[i])
				}
				continue
			}
			if got[i].err != nil || got[i].line != want[i] {
				t.Fatalf("item %d: %+v, want %q", i, got[i], want[i])
			}
		}
	})
}

// TestLinesTooLongHuge checks that a line many times the limit (and the
// read buffer) is skipped without being held in memory, in plain and gzip
// input, including one that runs to the end of the input.
func TestLinesTooLongHuge(t *testing.T) {
	const size = 4 << 20
	in := "a\n" + strings.Repeat("x", size) + "\r\nb\n" + strings.Repeat("y", size)
	for name, data := range map[string][]byte{"plain": []byte(in), "gzip": gz(t, in)} {
		for _, half := range []bool{false, true} {
			var r io.Reader = bytes.NewReader(data)
			if half {
				r = iotest.HalfReader(r)
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			allocBefore := ms.TotalAlloc
			got := collectLines(t, r, ndjson.MaxLineSize(1000))
			runtime.ReadMemStats(&ms)
			if alloc := ms.TotalAlloc - allocBefore; alloc > 1<<20 {
				t.Errorf("%s: allocated %d bytes to skip two %d-byte lines", name, alloc, size)
			}
			if len(got) != 4 || got[0].line != "a" || got[2].line != "b" {
				t.Fatalf("%s: got %d items", name, len(got))
			}
			for i, want := range map[int]struct {
				num int
				c   byte
			}{1: {2, 'x'}, 3: {4, 'y'}} {
				var le *ndjson.LineError
				if !errors.As(got[i].err, &le) || le.Line != want.num || !errors.Is(le, ndjson.ErrLineTooLong) {
					t.Errorf("%s: item %d = %v, want a too-long LineError for line %d", name, i, got[i].err, want.num)
					continue
				}
				if len(le.Raw) != 1024 || le.Raw[0] != want.c {
					t.Errorf("%s: item %d: Raw has %d bytes starting %q", name, i, len(le.Raw), le.Raw[:min(len(le.Raw), 1)])
				}
			}
		}
	}
}
