package export

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/bcda-go/bcda/internal/backoff"
)

// BCDA refuses a kick-off with 429, no body and Retry-After while one of the
// ACO's Pending or In Progress jobs of the same API version (created in the
// last 24 h) has the identical unescaped path and query, or either request
// lacks _type, or their _type lists overlap (bcda-app
// bcda/web/middleware/ratelimit.go, hasDuplicates; reference/bcda-server.md
// §9). BCDA's WAF also answers 429 beyond 3,000 requests per 5 minutes per
// IP (bcda-static-site src/_announcements/
// bcda-performance-improvement-to-speed-up-job-requests.md). So a 429 may
// come with an identical job to adopt, with an overlapping job to wait for,
// or with no job at all.

// Busy describes a refused kick-off that Client.Export is about to try again (see
// WaitIfBusy).
type Busy struct {
	// Blocking lists the ACO's pending or running jobs whose request
	// overlaps this one, as GET /jobs showed them; empty when none does
	// (a job that just finished, or BCDA's per-IP request limit).
	Blocking []JobInfo
	// RetryAfter is the wait before the next kick-off: the server's
	// Retry-After, or the backoff schedule when it sent none or 0.
	RetryAfter time.Duration
	// Waited is the time spent waiting so far; Budget the most allowed.
	Waited, Budget time.Duration
}

// BusyError is a kick-off BCDA kept refusing with 429: at once without
// WaitIfBusy, or once its budget is spent. It unwraps to the last refusal
// (the client's *APIError, matching its ErrRateLimited).
type BusyError struct {
	// Blocking lists the overlapping jobs seen at the last refusal; empty
	// when /jobs showed none or could not be read.
	Blocking []JobInfo
	// Waited is how long Client.Export waited before giving up.
	Waited time.Duration
	// Err is the last refusal.
	Err error
}

// Error names the blocking jobs and how to cancel them.
func (e *BusyError) Error() string {
	var b strings.Builder
	b.WriteString("export: BCDA refused the kick-off")
	if e.Waited > 0 {
		fmt.Fprintf(&b, " and still refused it after waiting %v", e.Waited.Round(time.Second))
	}
	switch len(e.Blocking) {
	case 0:
		b.WriteString("; no pending or running job of this ACO overlaps it (a job that just finished, or BCDA's limit of 3,000 requests per 5 minutes per IP): try again later")
	default:
		b.WriteString("; blocked by ")
		for i, j := range e.Blocking {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "job %s (%s, %s)", j.ID, j.State, j.Request)
		}
		b.WriteString(": wait for it to finish, or cancel it with DELETE ")
		b.WriteString(e.Blocking[0].URL)
		b.WriteString(" (Job.Cancel)")
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the last refusal.
func (e *BusyError) Unwrap() error { return e.Err }

// WaitIfBusy makes a kick-off that BCDA refuses with 429 wait and try
// again, for at most budget in all: each wait is the server's Retry-After
// (or the backoff schedule, 5 s growing to a minute, when it sends none),
// and notify, when not nil, is called before each wait with the jobs that
// block the request. A wait that would end past the budget is not begun:
// Client.Export returns a *BusyError naming the blocking job at once. With
// AttachIfRunning, a running job identical to the request is adopted
// instead of waited for.
func WaitIfBusy(budget time.Duration, notify func(Busy)) KickoffOption {
	return func(k *kickoff) error {
		if budget <= 0 {
			return invalidf("WaitIfBusy: budget %v must be positive", budget)
		}
		k.busyBudget, k.onBusy = budget, notify
		return nil
	}
}

// Schedule of waits between refused kick-offs when the server gives no
// Retry-After (BCDA's code default is 0).
const (
	busyFloor   = 5 * time.Second
	busyCeiling = time.Minute
)

// refused handles one 429 answer to the kick-off u. It returns the job to
// adopt, or the wait before the next attempt, or the final error.
func (k *kickoff) refused(ctx context.Context, conn connection, u *url.URL, resp *http.Response, attempt int, waited time.Duration) (*Job, time.Duration, error) {
	ra := parseRetryAfter(resp.Header, time.Now())
	cerr := conn.CheckResponse(resp)
	jobs, lerr := listJobs(ctx, conn, Pending, InProgress)
	if lerr != nil {
		if ctx.Err() != nil {
			return nil, 0, ctx.Err()
		}
		conn.debug("export: listing jobs after a refused kick-off failed", "err", lerr)
	}
	identical, blocking := classify(jobs, u)
	if identical != nil && k.attach {
		job, err := conn.jobAt(identical.URL)
		if err != nil {
			return nil, 0, err
		}
		conn.info("export: kick-off refused: adopting the identical running job", "job", job.URL())
		return job, 0, nil
	}
	busy := &BusyError{Blocking: blocking, Waited: waited, Err: cerr}
	if k.busyBudget <= 0 {
		return nil, 0, busy
	}
	wait := ra
	if wait <= 0 {
		wait = backoff.Delay(attempt, busyFloor, busyCeiling)
	}
	if waited+wait > k.busyBudget {
		return nil, 0, busy
	}
	if k.onBusy != nil {
		k.onBusy(Busy{Blocking: blocking, RetryAfter: wait, Waited: waited, Budget: k.busyBudget})
	}
	args := []any{"retry_after", wait, "waited", waited, "budget", k.busyBudget}
	for _, j := range blocking {
		args = append(args, "blocking_job", j.URL, "blocking_request", j.Request)
	}
	conn.info("export: kick-off refused (429); waiting to try again", args...)
	return nil, wait, nil
}

// classify sorts the listed jobs against the kick-off want: the newest
// identical one, and every one that overlaps it by BCDA's rule.
func classify(jobs []JobInfo, want *url.URL) (identical *JobInfo, blocking []JobInfo) {
	for i := range jobs {
		j := &jobs[i]
		if j.State != "" && j.State != Pending && j.State != InProgress {
			continue
		}
		got, err := url.Parse(j.Request)
		if err != nil {
			continue
		}
		if sameRequest(got, want) {
			if identical == nil || j.Created.After(identical.Created) {
				identical = j
			}
		}
		if overlaps(got, want) {
			blocking = append(blocking, *j)
		}
	}
	return identical, blocking
}

// overlaps is BCDA's hasDuplicates for two kick-offs of the same version:
// identical, or either without _type, or a type in common. (BCDA compares
// the old job's _type as one comma string, so it misses some overlaps this
// finds; a job named here may not be the one BCDA objected to, but it is
// one that overlaps.)
func overlaps(a, b *url.URL) bool {
	if sameRequest(a, b) {
		return true
	}
	ta, tb := a.Query().Get("_type"), b.Query().Get("_type")
	if ta == "" || tb == "" {
		return true
	}
	bs := strings.Split(tb, ",")
	return slices.ContainsFunc(strings.Split(ta, ","), func(t string) bool { return slices.Contains(bs, t) })
}
