package export

import (
	"context"
	"errors"
	"math"
	"testing"
	"testing/synctest"
	"time"
)

func checkGaps(t *testing.T, calls []call, want func(i int) time.Duration, jitter float64) {
	t.Helper()
	for i := 1; i < len(calls); i++ {
		gap := calls[i].at.Sub(calls[i-1].at)
		w := want(i - 1)
		lo, hi := time.Duration(float64(w)*(1-jitter)), time.Duration(float64(w)*(1+jitter))
		if gap < lo || gap > hi {
			t.Errorf("gap %d = %v, want %v ±%.0f%%", i, gap, w, jitter*100)
		}
	}
}

func TestWaitSchedule(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		j, s := scriptedJob(t, map[string][]canned{"GET " + jobURL: {
			progress("Pending"), progress("Pending"), progress("In Progress (25%)"), progress("In Progress (25%)"),
			progress("In Progress (50%)"), progress("In Progress (50%)"), progress("In Progress (50%)"),
			progress("In Progress (50%)"), progress("In Progress (50%)"), progress("In Progress (50%)"),
			progress("In Progress (75%)"), {status: 200, body: manifestPage2},
		}})
		var seen []string
		m, err := j.Wait(context.Background(), OnProgress(func(s Status) { seen = append(seen, s.Text) }))
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Output) != 1 || j.knownManifest() != m {
			t.Errorf("manifest %+v", m)
		}
		// Text is the raw X-Progress header: BCDA sends none with the
		// manifest, so the completed status has none either.
		want := []string{"Pending", "In Progress (25%)", "In Progress (50%)", "In Progress (75%)", ""}
		if len(seen) != len(want) {
			t.Fatalf("OnProgress saw %q, want %q", seen, want)
		}
		for i := range want {
			if seen[i] != want[i] {
				t.Errorf("OnProgress[%d] = %q, want %q", i, seen[i], want[i])
			}
		}
		calls := s.polls()
		if len(calls) != 12 {
			t.Fatalf("%d polls, want 12", len(calls))
		}
		// 1 s growing ×1.5 to the 30 s cap, ±20% jitter.
		checkGaps(t, calls, func(i int) time.Duration {
			return min(time.Duration(float64(time.Second)*math.Pow(1.5, float64(i))), 30*time.Second)
		}, 0.21)
	})
}

func TestWaitRetryAfterAndInterval(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ra := canned{status: 202, header: map[string]string{"X-Progress": "In Progress", "Retry-After": "10"}}
		j, s := scriptedJob(t, map[string][]canned{"GET " + jobURL: {
			ra, ra, progress("In Progress"), progress("In Progress"), progress("In Progress"), progress("In Progress"), {status: 200, body: manifestPage2},
		}})
		if _, err := j.Wait(context.Background(), PollInterval(2*time.Second, 4*time.Second)); err != nil {
			t.Fatal(err)
		}
		checkGaps(t, s.polls(), func(i int) time.Duration {
			if i < 2 {
				return 10 * time.Second // Retry-After wins over the schedule
			}
			return min(time.Duration(float64(2*time.Second)*math.Pow(1.5, float64(i-2))), 4*time.Second)
		}, 0.21)
	})
}

func TestWaitContextDecides(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		j, s := scriptedJob(t, map[string][]canned{"GET " + jobURL: {progress("In Progress (10%)")}})
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Hour)
		defer cancel()
		start := time.Now()
		_, err := j.Wait(ctx)
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != 2*time.Hour {
			t.Fatalf("err = %v after %v", err, time.Since(start))
		}
		// No time limit of Wait's own: polling went on to the deadline, never
		// more than 36 s apart.
		calls := s.polls()
		for i := 1; i < len(calls); i++ {
			if gap := calls[i].at.Sub(calls[i-1].at); gap > 36*time.Second {
				t.Fatalf("gap %v", gap)
			}
		}
		if len(calls) < 200 {
			t.Errorf("only %d polls in 2 h", len(calls))
		}
	})
}

func TestWaitTerminal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		j, s := scriptedJob(t, map[string][]canned{"GET " + jobURL: {
			progress("Pending"), progress("In Progress (50%)"),
			{status: 500, body: `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"exception","diagnostics":"Service encountered numerous errors. Job failed to complete."}]}`},
			progress("In Progress"),
		}})
		_, err := j.Wait(context.Background())
		if !errors.Is(err, ErrJobFailed) {
			t.Fatalf("err = %v", err)
		}
		if n := len(s.polls()); n != 3 {
			t.Errorf("%d polls, want 3: a failed job is not polled again", n)
		}
	})
}

func TestWaitOptionsValidate(t *testing.T) {
	t.Parallel()
	j, s := scriptedJob(t, nil)
	for _, o := range []WaitOption{PollInterval(0, time.Second), PollInterval(2*time.Second, time.Second), OnProgress(nil)} {
		if _, err := j.Wait(context.Background(), o); !errors.Is(err, ErrInvalidRequest) {
			t.Errorf("err = %v", err)
		}
	}
	if n := len(s.polls()); n != 0 {
		t.Errorf("%d requests", n)
	}
}

func TestWaitTransientPollFailures(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		unavailable := canned{status: 503, header: map[string]string{"Retry-After": "20"}}
		j, s := scriptedJob(t, map[string][]canned{"GET " + jobURL: {
			progress("Pending"), unavailable, {status: 504}, progress("In Progress"),
			{status: 500, body: `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"transient"}]}`},
			{status: 200, body: manifestPage2},
		}})
		if _, err := j.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		calls := s.polls()
		if len(calls) != 6 {
			t.Fatalf("%d polls, want 6", len(calls))
		}
		if gap := calls[2].at.Sub(calls[1].at); gap != 20*time.Second {
			t.Errorf("after a 503 with Retry-After 20, polled again after %v", gap)
		}
	})
	synctest.Test(t, func(t *testing.T) {
		j, s := scriptedJob(t, map[string][]canned{"GET " + jobURL: {{status: 502}}})
		_, err := j.Wait(context.Background())
		var ae *testAPIError
		if !errors.As(err, &ae) || ae.code != 502 {
			t.Fatalf("err = %v", err)
		}
		if n := len(s.polls()); n != 1+maxPollFailures {
			t.Errorf("%d polls, want %d", n, 1+maxPollFailures)
		}
	})
}
