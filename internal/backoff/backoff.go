// Package backoff is the module's one retry schedule, for waits the server
// did not set with Retry-After: exponential from a floor to a ceiling, each
// step drawn from its upper half so that clients sharing a limit do not
// come back in step.
package backoff

import (
	"math/rand/v2"
	"time"
)

// Delay returns the wait before retry number attempt (0 for the first
// retry): floor·2^attempt capped at ceiling, drawn uniformly from
// [d/2, d). A floor or ceiling ≤ 0 gives 0.
func Delay(attempt int, floor, ceiling time.Duration) time.Duration {
	d := Step(attempt, floor, ceiling)
	if d <= 1 {
		return d
	}
	return d/2 + rand.N(d/2)
}

// Step is Delay without the jitter: the upper bound of the draw.
func Step(attempt int, floor, ceiling time.Duration) time.Duration {
	if floor <= 0 || ceiling <= 0 {
		return 0
	}
	attempt = max(attempt, 0)
	if attempt >= 62 || floor > ceiling>>attempt {
		return ceiling
	}
	return min(floor<<attempt, ceiling)
}
