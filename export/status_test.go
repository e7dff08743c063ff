package export

import "testing"

func TestParseProgress(t *testing.T) {
	tests := []struct {
		text  string
		state State
		pct   int
	}{
		// What BCDA sends (bcda-server.md, X-Progress: models.go's
		// "%s (%d%%)", a floor of completed over total sub-jobs).
		{"Pending", Pending, -1},
		{"In Progress", InProgress, -1},
		{"In Progress (42%)", InProgress, 42},
		// What its documentation shows, though the server never sends it.
		{"In Progress, 80%", InProgress, 80},
		// The reference servers' form.
		{"42% complete", InProgress, 42},
		{"12.5%", InProgress, 12},
		{"100%", InProgress, 100},
		{"100.0%", InProgress, 100},
		// Floored like BCDA's own figure, never rounded up (FuzzParseProgress
		// found 1.999…% read as 2%).
		{"1.9999999999999999%", InProgress, 1},
		{"In Progress (99.99999999999999999%)", InProgress, 99},
		// Out of range or not a percentage of its own.
		{"100.5%", InProgress, -1},
		{"999%", InProgress, -1},
		{"1000%", InProgress, -1},
		{"queued, 0%", Pending, 0},
	}
	for _, tt := range tests {
		state, pct := parseProgress(tt.text)
		if state != tt.state || pct != tt.pct {
			t.Errorf("parseProgress(%q) = %s, %d; want %s, %d", tt.text, state, pct, tt.state, tt.pct)
		}
	}
}
