package retryafter

import (
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"1", time.Second, true},
		{" 120 ", 2 * time.Minute, true},
		{"-5", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
		{"99999999", 0, false},
		{"Wed, 25 Nov 2026 12:01:30 GMT", 90 * time.Second, true},
		{"Wed, 25 Nov 2026 11:00:00 GMT", 0, true},
		{"1795608060", 60 * time.Second, true},                        // now+60 s as a Unix time
		{"1700000000", 0, true},                                       // an epoch in the past
		{"86400", 24 * time.Hour, true},                               // callers cap, the parser does not
		{"Wednesday, 25-Nov-26 12:01:30 GMT", 90 * time.Second, true}, // RFC 850
		{"Wed Nov 25 12:01:30 2026", 90 * time.Second, true},          // ANSI C asctime
	}
	if got := now.Unix(); got != 1795608000 {
		t.Fatalf("test clock: %d", got)
	}
	for _, tt := range tests {
		got, ok := Parse(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Parse(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"0", "120", "Wed, 25 Nov 2026 12:01:30 GMT", "1795608060", "-1"} {
		f.Add(s)
	}
	now := time.Unix(1795608000, 0)
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := Parse(s, now); d < 0 || (!ok && d != 0) {
			t.Fatalf("Parse(%q) = %v, %v", s, d, ok)
		}
	})
}
