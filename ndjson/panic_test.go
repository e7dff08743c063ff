package ndjson_test

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/ndjson"
)

// checkNoLeak fails when goroutines started since before are still running
// (after a moment's grace for the scheduler).
func checkNoLeak(t *testing.T, before int, what string) {
	t.Helper()
	for range 50 {
		if runtime.NumGoroutine() <= before {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Errorf("%s: %d goroutines before, %d after", what, before, runtime.NumGoroutine())
}

// TestPanicInLoopBody panics inside the range loop: the panic reaches the
// caller unchanged and no decoding goroutine is left behind.
func TestPanicInLoopBody(t *testing.T) {
	line := `{"resourceType":"Patient","id":"x"}` + "\n"
	for _, w := range []int{1, 4} {
		for _, after := range []int{0, 700} {
			before := runtime.NumGoroutine()
			got := func() (r any) {
				defer func() { r = recover() }()
				i := 0
				for range ndjson.Decode[fhir.Patient](strings.NewReader(strings.Repeat(line, 5000)), ndjson.Workers(w)) {
					if i == after {
						panic("body")
					}
					i++
				}
				return nil
			}()
			if got != "body" {
				t.Errorf("workers=%d: recovered %v, want the loop body's panic", w, got)
			}
			checkNoLeak(t, before, fmt.Sprintf("workers=%d, panic after %d", w, after))
		}
	}
}

// panicky panics when decoding a line that holds "boom", as a faulty
// UnmarshalJSON method of a caller's type might.
type panicky struct{ N int }

func (p *panicky) UnmarshalJSON(b []byte) error {
	if bytes.Contains(b, []byte("boom")) {
		panic("boom")
	}
	_, err := fmt.Sscanf(string(b), `{"n":%d}`, &p.N)
	return err
}

// TestPanicInDecoder checks that a panic while decoding a line surfaces on
// the caller's goroutine, after the records before that line, whatever the
// number of workers, and leaves no goroutine behind.
func TestPanicInDecoder(t *testing.T) {
	var b strings.Builder
	const at = 1234
	for i := range 3000 {
		if i == at {
			b.WriteString("{\"n\":\"boom\"}\n")
			continue
		}
		fmt.Fprintf(&b, "{\"n\":%d}\n", i)
	}
	for _, w := range []int{1, 2, 4} {
		before := runtime.NumGoroutine()
		n := 0
		got := func() (r any) {
			defer func() { r = recover() }()
			for v, err := range ndjson.Decode[panicky](strings.NewReader(b.String()), ndjson.Workers(w)) {
				if err != nil || v.N != n {
					t.Fatalf("workers=%d: record %d = %+v, %v", w, n, v, err)
				}
				n++
			}
			return nil
		}()
		if got != "boom" || n != at {
			t.Errorf("workers=%d: recovered %v after %d records, want the decoder's panic after %d", w, got, n, at)
		}
		checkNoLeak(t, before, fmt.Sprintf("workers=%d", w))
	}
}
