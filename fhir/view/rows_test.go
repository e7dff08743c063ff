package view

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

const linesView = `{"resource":"ExplanationOfBenefit","select":[{"column":[{"name":"id","path":"id"}]},
	{"forEach":"item","column":[{"name":"seq","path":"sequence","type":"integer"}]}]}`

// ndjsonInput builds n EOB lines with i%3+1 items each, and bad lines in
// between: not JSON, a Patient (skipped), a blank line, an EOB whose
// column has two values.
func ndjsonInput(n int) (string, []Row, []int) {
	var b strings.Builder
	var want []Row
	var bad []int
	line := 0
	for i := range n {
		line++
		items := make([]string, i%3+1)
		for j := range items {
			items[j] = fmt.Sprintf(`{"sequence":%d}`, j+1)
			want = append(want, Row{fmt.Sprintf("e%d", i), int64(j + 1)})
		}
		fmt.Fprintf(&b, `{"resourceType":"ExplanationOfBenefit","id":"e%d","item":[%s]}`+"\r\n", i, strings.Join(items, ","))
		switch i % 50 {
		case 7:
			b.WriteString(`{"resourceType":"ExplanationOfBenefit","id":` + "\n")
			line++
			bad = append(bad, line)
		case 11:
			b.WriteString(`{"resourceType":"Patient","id":"p"}` + "\n\n")
			line += 2
		case 13:
			b.WriteString(`{"resourceType":"ExplanationOfBenefit","id":["x","y"],"item":[{"sequence":1}]}` + "\n")
			line++
			bad = append(bad, line)
		}
	}
	return b.String(), want, bad
}

func TestRows(t *testing.T) {
	v := MustCompile([]byte(linesView))
	in, want, wantBad := ndjsonInput(3000)
	for _, workers := range []int{1, 2, 4} {
		t.Run(fmt.Sprint("workers=", workers), func(t *testing.T) {
			var got []Row
			var bad []int
			for row, err := range v.Rows(context.Background(), strings.NewReader(in), Workers(workers)) {
				var le *LineError
				switch {
				case errors.As(err, &le):
					bad = append(bad, le.Line)
				case err != nil:
					t.Fatal(err)
				default:
					got = append(got, row)
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%d rows, want %d (or order differs)", len(got), len(want))
			}
			if !reflect.DeepEqual(bad, wantBad) {
				t.Errorf("bad lines %v, want %v", bad, wantBad)
			}
		})
	}
}

func TestRowsGzip(t *testing.T) {
	v := MustCompile([]byte(linesView))
	in, want, _ := ndjsonInput(100)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(in))
	zw.Close()
	var got []Row
	for row, err := range v.Rows(context.Background(), &buf) {
		if err == nil {
			got = append(got, row)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%d rows from gzip input, want %d", len(got), len(want))
	}
	for _, err := range v.Rows(context.Background(), strings.NewReader("\x1f\x8bnot gzip")) {
		var le *LineError
		if err == nil || errors.As(err, &le) {
			t.Errorf("corrupt gzip: %v", err)
		}
	}
}

func TestRowsLineErrors(t *testing.T) {
	v := MustCompile([]byte(linesView))
	in := "\xef\xbb\xbf" + `{"resourceType":"ExplanationOfBenefit","id":"a"}` + "\n" +
		strings.Repeat("x", 200) + "\n" + `[1]` + "\n" + `{"id":"b"}` + "\n" +
		`{"resourceType":"ExplanationOfBenefit","id":"c","item":[{"sequence":"one"}]}`
	var msgs []string
	for _, err := range v.Rows(context.Background(), strings.NewReader(in), MaxLineSize(100), Workers(1)) {
		if err != nil {
			msgs = append(msgs, err.Error())
		}
	}
	var tooLong *LineError
	for _, err := range v.Rows(context.Background(), strings.NewReader(in), MaxLineSize(100)) {
		if errors.Is(err, ErrLineTooLong) && errors.As(err, &tooLong) && tooLong.Line == 2 {
			break
		}
	}
	if tooLong == nil {
		t.Error("no ErrLineTooLong for line 2")
	}
	// A last line longer than the read buffer and the limit, without a
	// final newline, is reported too.
	long := `{"resourceType":"ExplanationOfBenefit","id":"a"}` + "\n" + strings.Repeat("y", 100_000)
	var errs []error
	for _, err := range v.Rows(context.Background(), strings.NewReader(long), MaxLineSize(70_000), Workers(1)) {
		errs = append(errs, err)
	}
	if len(errs) != 1 || !errors.As(errs[0], &tooLong) || tooLong.Line != 2 {
		t.Errorf("long last line: %v", errs)
	}
	want := []string{"line 2: line exceeds", "line 3: not a JSON object", "line 4: no resourceType", `view: line 5: select[1].column[0].path: column "seq"`}
	if len(msgs) != len(want) {
		t.Fatalf("errors %q", msgs)
	}
	for i := range want {
		if !strings.Contains(msgs[i], want[i]) {
			t.Errorf("error %q, want it to contain %q", msgs[i], want[i])
		}
	}
}

func TestRowsOptionsAndCancel(t *testing.T) {
	v := MustCompile([]byte(linesView))
	for _, opt := range []RunOption{nil, Workers(0), MaxLineSize(0)} {
		n := 0
		for _, err := range v.Rows(context.Background(), strings.NewReader(""), opt) {
			var le *LineError
			if err == nil || errors.As(err, &le) {
				t.Errorf("option error %v", err)
			}
			n++
		}
		if n != 1 {
			t.Errorf("%d yields for a bad option", n)
		}
	}
	in, _, _ := ndjsonInput(5000)
	for _, workers := range []int{1, 2} {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		rows := 0
		var last error
		for _, err := range v.Rows(ctx, strings.NewReader(in), Workers(workers)) {
			if err == nil {
				if rows++; rows == 10 {
					cancel()
				}
				continue
			}
			last = err
			var le *LineError
			if !errors.As(err, &le) {
				break
			}
		}
		if !errors.Is(last, context.Canceled) {
			t.Errorf("workers=%d: last error %v, want context.Canceled", workers, last)
		}
		// Stopping early must not hang either.
		for range v.Rows(context.Background(), strings.NewReader(in), Workers(workers)) {
			break
		}
	}
}
