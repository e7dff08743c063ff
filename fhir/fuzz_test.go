package fhir_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bcda-go/bcda/fhir"
)

// FuzzParseDate: an accepted date or dateTime names the instant its text
// does. A partial date is the UTC start of its period and prints back as
// the same text; a dateTime keeps its offset and survives RFC 3339.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024", "2024-03", "2024-03-05", "2024-03-05T10:00:00Z", "2024-03-05T10:00:00.123+05:00",
		"2024-02-30", "2024-13", "24", "2024-03-05T10:00:00", "2024-03-05 10:00:00Z", "+024", "0000"} {
		f.Add(s)
	}
	layouts := map[int]string{4: "2006", 7: "2006-01", 10: "2006-01-02"}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := fhir.ParseDate(s)
		if err != nil {
			if !strings.Contains(err.Error(), strconv.Quote(s)) {
				t.Fatalf("error does not quote the date: %v", err)
			}
			return
		}
		if layout, ok := layouts[len(s)]; ok {
			if d.Location() != time.UTC || d.Format(layout) != s {
				t.Fatalf("%q → %v, which prints as %q", s, d, d.Format(layout))
			}
			return
		}
		back, err := time.Parse(time.RFC3339Nano, d.Format(time.RFC3339Nano))
		if err != nil || !back.Equal(d) {
			t.Fatalf("%q → %v → %v (%v)", s, d, back, err)
		}
	})
}
