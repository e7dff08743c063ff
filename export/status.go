package export

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/bcda-go/bcda/internal/retryafter"
)

// State is the state of an export job. Poll reports Pending, InProgress or
// Completed; the other values name the states BCDA keeps for finished jobs
// and are used to filter Jobs. The values are BCDA's own spellings.
type State string

// Job states.
const (
	Pending          State = "Pending"
	InProgress       State = "In Progress"
	Completed        State = "Completed"
	Failed           State = "Failed"
	Cancelled        State = "Cancelled"
	Archived         State = "Archived"
	Expired          State = "Expired"
	FailedExpired    State = "FailedExpired"
	CancelledExpired State = "CancelledExpired"
)

func (s State) listable() bool {
	switch s {
	case Pending, InProgress, Completed, Failed, Cancelled, Archived, Expired, FailedExpired, CancelledExpired:
		return true
	}
	return false
}

// Status is the outcome of one poll of a job.
type Status struct {
	// State is Pending, InProgress or Completed.
	State State
	// Percent is the progress the server reported, 0–100, or -1 when it
	// reported none.
	Percent int
	// Text is the raw X-Progress header ("In Progress (42%)"), empty when
	// the server sent none, as BCDA does with a completed job's manifest.
	Text string
	// RetryAfter is the delay the server asked for before the next poll,
	// 0 when it sent none (BCDA never does).
	RetryAfter time.Duration
	// Manifest is set when State is Completed.
	Manifest *Manifest
}

// percentRE finds "NN%" or "NN.N%"; the number must not continue an
// earlier one, or "1000%" would read as 0%.
var percentRE = regexp.MustCompile(`(?:^|[^\d.])(\d{1,3}(?:\.\d+)?)\s*%`)

// parseProgress reads the X-Progress forms seen in the wild: BCDA's
// "Pending", "In Progress", "In Progress (42%)", its documentation's
// "In Progress, 80%", and the reference servers' "42% complete".
func parseProgress(text string) (State, int) {
	t := strings.TrimSpace(text)
	pct := -1
	if m := percentRE.FindStringSubmatch(t); m != nil {
		// The whole part is read as written, not through a float: float64
		// rounds "99.99999999999999999" up to a 100% the server never said.
		whole, frac, _ := strings.Cut(m[1], ".")
		n, _ := strconv.Atoi(whole) // one to three digits: cannot fail
		if n < 100 || n == 100 && strings.Trim(frac, "0") == "" {
			pct = n
		}
	}
	lower := strings.ToLower(t)
	switch {
	case strings.Contains(lower, "pending") || strings.Contains(lower, "queued") || strings.Contains(lower, "accepted"):
		return Pending, pct
	default:
		return InProgress, pct
	}
}

// maxRetryAfter bounds a server-supplied delay so that a garbage header
// cannot park a caller for days.
const maxRetryAfter = time.Hour

// parseRetryAfter reads Retry-After with the module's one parser
// (internal/retryafter: delay-seconds, HTTP-date, Unix time), capped at
// maxRetryAfter; 0 means absent or unusable.
func parseRetryAfter(h http.Header, now time.Time) time.Duration {
	d, _ := retryafter.Parse(h.Get("Retry-After"), now)
	return min(d, maxRetryAfter)
}
