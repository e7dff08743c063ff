package export

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func FuzzParseProgress(f *testing.F) {
	for _, s := range []string{"Pending", "In Progress", "In Progress (42%)", "42% complete", "In Progress, 80%", "", "999%", "12.5%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		state, pct := parseProgress(s)
		if state != Pending && state != InProgress {
			t.Fatalf("%q: state %q", s, state)
		}
		if pct < -1 || pct > 100 {
			t.Fatalf("%q: percent %d", s, pct)
		}
	})
}

func FuzzDecodeManifest(f *testing.F) {
	f.Add(manifestPage1)
	f.Add(manifestPage2)
	f.Add(`{"output":null,"JobID":"7"}`)
	base, _ := url.Parse(jobURL)
	f.Fuzz(func(t *testing.T, s string) {
		m, err := decodeManifest(strings.NewReader(s), base)
		if err != nil {
			return
		}
		for _, file := range append(append(m.Output, m.Error...), m.Deleted...) {
			if u, err := url.Parse(file.URL); err != nil || !u.IsAbs() {
				t.Fatalf("file URL %q not absolute", file.URL)
			}
		}
	})
}

// contentRangeRE is RFC 9110 §14.4's grammar for a 206's Content-Range,
// written independently of parseContentRange to serve as its oracle.
var contentRangeRE = regexp.MustCompile(`^(?i:bytes) ([0-9]+)-([0-9]+)/([0-9]+|\*)$`)

func FuzzParseContentRange(f *testing.F) {
	for _, s := range []string{
		"bytes 0-9/10", "bytes 5-9/*", "bytes */10", "junk", "BYTES 0-0/1",
		"bytes 0-/-2", // issue 13: empty last-pos and a negative length were accepted
		"bytes 9-5/10", "bytes 0-9/9", "bytes +1-2/3", "bytes 1-2/ 3", "bytes  1-2/3",
		"bytes 0-9223372036854775806/9223372036854775807", "bytes 0-1/99999999999999999999",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start, total, ok := parseContentRange(s)
		m := contentRangeRE.FindStringSubmatch(strings.TrimSpace(s))
		var end int64
		want := m != nil
		if want {
			var e1, e2, e3 error
			start0, e1 := strconv.ParseInt(m[1], 10, 64)
			end, e2 = strconv.ParseInt(m[2], 10, 64)
			total0 := int64(-1)
			if m[3] != "*" {
				total0, e3 = strconv.ParseInt(m[3], 10, 64)
			}
			// Valid per the RFC: fits int64, last >= first, length > last.
			want = e1 == nil && e2 == nil && e3 == nil && end >= start0 && (total0 == -1 || total0 > end)
			if want && ok && (start != start0 || total != total0) {
				t.Fatalf("%q: got %d/%d, want %d/%d", s, start, total, start0, total0)
			}
		}
		if ok != want {
			t.Fatalf("%q: ok = %v, the RFC grammar says %v", s, ok, want)
		}
		if ok && (start < 0 || total < -1 || (total >= 0 && total <= start)) {
			t.Fatalf("%q: start %d total %d", s, start, total)
		}
	})
}

func FuzzUnsatisfiedLength(f *testing.F) {
	for _, s := range []string{"bytes */100", " bytes */0", "bytes */*", "bytes 0-1/2", "", "bytes */-3", "bytes */+3", "Bytes */7"} {
		f.Add(s)
	}
	re := regexp.MustCompile(`^(?i:bytes) \*/([0-9]+)$`)
	f.Fuzz(func(t *testing.T, s string) {
		got := unsatisfiedLength(s)
		want := int64(-1)
		if m := re.FindStringSubmatch(strings.TrimSpace(s)); m != nil {
			if n, err := strconv.ParseInt(m[1], 10, 64); err == nil {
				want = n
			}
		}
		if got != want {
			t.Fatalf("unsatisfiedLength(%q) = %d, want %d", s, got, want)
		}
	})
}
