package export

import (
	"net/url"
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

func FuzzParseContentRange(f *testing.F) {
	for _, s := range []string{"bytes 0-9/10", "bytes 5-9/*", "bytes */10", "junk"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start, total, ok := parseContentRange(s)
		if ok && (start < 0 || total < -1) {
			t.Fatalf("%q: %d %d", s, start, total)
		}
	})
}
