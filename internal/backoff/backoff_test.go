package backoff

import (
	"testing"
	"time"
)

func TestStep(t *testing.T) {
	tests := []struct {
		attempt        int
		floor, ceiling time.Duration
		want           time.Duration
	}{
		{0, time.Second, 30 * time.Second, time.Second},
		{1, time.Second, 30 * time.Second, 2 * time.Second},
		{4, time.Second, 30 * time.Second, 16 * time.Second},
		{5, time.Second, 30 * time.Second, 30 * time.Second},
		{200, time.Second, 30 * time.Second, 30 * time.Second}, // no overflow
		{-3, time.Second, 30 * time.Second, time.Second},
		{0, 0, time.Second, 0},
		{3, time.Minute, time.Second, time.Second}, // floor above ceiling
	}
	for _, tt := range tests {
		if got := Step(tt.attempt, tt.floor, tt.ceiling); got != tt.want {
			t.Errorf("Step(%d, %v, %v) = %v, want %v", tt.attempt, tt.floor, tt.ceiling, got, tt.want)
		}
	}
}

func TestDelayStaysInUpperHalf(t *testing.T) {
	for attempt := range 8 {
		hi := Step(attempt, 250*time.Millisecond, 5*time.Second)
		for range 200 {
			if d := Delay(attempt, 250*time.Millisecond, 5*time.Second); d < hi/2 || d >= hi {
				t.Fatalf("Delay(%d) = %v, want [%v, %v)", attempt, d, hi/2, hi)
			}
		}
	}
}
