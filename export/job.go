package export

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/bcda-go/bcda/internal/origin"
)

// Job is a handle on one export job. It is safe for concurrent use. Save
// URL to re-attach from another process (Client.Job).
type Job struct {
	conn connection
	url  *url.URL
	id   string

	// retryBase is the first pause before refetching a broken file; tests
	// shrink it.
	retryBase time.Duration

	// started is true when this handle's kick-off created the job.
	started bool

	mu        sync.Mutex
	manifest  *Manifest
	cancelled bool
}

// attach returns a handle on an existing job from its status URL, or from
// its bare ID ("42", the last element of the URL: BCDA's job IDs are
// unsigned integers, reference/bcda-server.md §3.3), without a request.
// The URL must lie under conn.BaseURL, so a stored URL cannot send the
// token elsewhere. The handle's Started is false: attach cannot know who
// started the job.
func attach(conn connection, jobURL string) (*Job, error) {
	if err := conn.validate(); err != nil {
		return nil, err
	}
	return conn.jobAt(jobURL)
}

// jobAt resolves a job URL or bare job ID against conn.
func (conn connection) jobAt(jobURL string) (*Job, error) {
	jobURL = strings.TrimSpace(jobURL)
	if jobURL != "" && !strings.ContainsAny(jobURL, "/:?#") {
		u, ok := conn.jobURL(jobURL)
		if !ok {
			return nil, invalidf("job ID %q is not one", jobURL)
		}
		return newJob(conn, u)
	}
	u, err := url.Parse(jobURL)
	if err != nil {
		return nil, invalidf("job URL %q: %v", jobURL, err)
	}
	if !u.IsAbs() {
		u = conn.BaseURL.ResolveReference(u)
	}
	if !origin.Same(u, conn.BaseURL) {
		return nil, invalidf("job URL %s is not on %s", redact(u), redact(conn.BaseURL))
	}
	basePath := strings.TrimSuffix(conn.BaseURL.Path, "/") + "/api/"
	if !strings.HasPrefix(u.Path, basePath) {
		return nil, invalidf("job URL %s is not under %s", redact(u), redact(conn.BaseURL))
	}
	return newJob(conn, u)
}

func newJob(conn connection, u *url.URL) (*Job, error) {
	id := path.Base(strings.TrimSuffix(u.Path, "/"))
	if id == "" || id == "." || id == "/" {
		return nil, invalidf("job URL %s has no job id", redact(u))
	}
	return &Job{conn: conn, url: u, id: id, retryBase: 250 * time.Millisecond}, nil
}

// ID returns the job's id, the last element of its URL.
func (j *Job) ID() string { return j.id }

// URL returns the job's status URL.
func (j *Job) URL() string { return j.url.String() }

// Started reports whether this process started the job: true for the job
// Client.Export kicked off, false for one it adopted (AttachIfRunning) and
// for one re-attached with Client.Job. A program that cancels its job on interrupt should cancel only a
// job it started, since an adopted one belongs to another process; save
// the answer with the URL when re-attaching later.
func (j *Job) Started() bool { return j.started }

// Poll asks for the job's status once. A completed job's manifest comes with
// it (every page of a partial manifest is fetched and merged). Terminal
// outcomes are errors: ErrJobFailed, ErrJobCancelled, ErrJobExpired. A 500
// whose OperationOutcome has issue code "transient" is not terminal: Wait
// polls again.
func (j *Job) Poll(ctx context.Context) (Status, error) {
	req, err := j.conn.newRequest(ctx, http.MethodGet, j.url, "application/json", false)
	if err != nil {
		return Status{}, err
	}
	resp, err := j.conn.API.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return Status{}, ctx.Err()
		}
		return Status{}, &pollError{err: fmt.Errorf("export: polling job %s: %w", j.id, err)}
	}
	switch resp.StatusCode {
	case http.StatusAccepted:
		drain(resp.Body)
		text := resp.Header.Get("X-Progress")
		state, pct := parseProgress(text)
		return Status{State: state, Percent: pct, Text: text, RetryAfter: parseRetryAfter(resp.Header, time.Now())}, nil
	case http.StatusOK:
		m, err := decodeManifest(resp.Body, j.url)
		drain(resp.Body)
		if err == nil {
			err = j.followPages(ctx, m)
		}
		if err != nil {
			if ctx.Err() != nil {
				return Status{}, ctx.Err()
			}
			if brokenStream(err) {
				// The manifest stalled or broke on the way: the job is
				// fine, the next poll fetches it again.
				return Status{}, &pollError{err: fmt.Errorf("export: polling job %s: reading the manifest: %w", j.id, err)}
			}
			return Status{}, err
		}
		j.mu.Lock()
		j.manifest = m
		j.mu.Unlock()
		// Text stays the raw header: BCDA sends no X-Progress with the
		// manifest (reference/bcda-server.md §4), so it is usually empty.
		return Status{State: Completed, Percent: 100, Text: resp.Header.Get("X-Progress"), Manifest: m}, nil
	case http.StatusInternalServerError:
		// BCDA's failed job. A bulk-data 2.0 server may instead mean a
		// passing fault and say so with issue code "transient": Wait polls
		// again rather than abandon a job that is still running.
		if transientOutcome(peekBody(resp)) {
			return Status{}, &pollError{err: fmt.Errorf("export: polling job %s: %w", j.id, j.conn.CheckResponse(resp))}
		}
		return Status{}, fmt.Errorf("%w (job %s): %w", ErrJobFailed, j.id, j.conn.CheckResponse(resp))
	case http.StatusGone:
		return Status{}, fmt.Errorf("%w (job %s): %w", ErrJobExpired, j.id, j.conn.CheckResponse(resp))
	case http.StatusNotFound:
		body := peekBody(resp)
		j.mu.Lock()
		cancelled := j.cancelled
		j.mu.Unlock()
		kind := ErrJobExpired
		if cancelled || bytes.Contains(bytes.ToLower(body), []byte("cancel")) {
			kind = ErrJobCancelled
		}
		return Status{}, fmt.Errorf("%w (job %s): %w", kind, j.id, j.conn.CheckResponse(resp))
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		ra := parseRetryAfter(resp.Header, time.Now())
		return Status{}, &pollError{retryAfter: ra, err: fmt.Errorf("export: polling job %s: %w", j.id, j.conn.CheckResponse(resp))}
	default:
		return Status{}, fmt.Errorf("export: polling job %s: %w", j.id, j.conn.CheckResponse(resp))
	}
}

// brokenStream reports an error from reading a body over a connection that
// stalled or broke, as opposed to a body that arrived and is wrong.
func brokenStream(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// pollError is a poll that failed for a reason that says nothing about the
// job (a gateway error, throttling, a lost connection) even after the
// client's retries; Wait tries again a few times before giving up.
type pollError struct {
	retryAfter time.Duration
	err        error
}

func (e *pollError) Error() string { return e.err.Error() }
func (e *pollError) Unwrap() error { return e.err }

// Cancel asks the server to stop the job (DELETE on its URL). BCDA refuses
// (410) when the job is no longer pending or running.
func (j *Job) Cancel(ctx context.Context) error {
	req, err := j.conn.newRequest(ctx, http.MethodDelete, j.url, mediaFHIRJSON, false)
	if err != nil {
		return err
	}
	resp, err := j.conn.API.Do(req)
	if err != nil {
		return fmt.Errorf("export: cancelling job %s: %w", j.id, err)
	}
	switch resp.StatusCode {
	case http.StatusAccepted, http.StatusOK, http.StatusNoContent:
		drain(resp.Body)
		j.mu.Lock()
		j.cancelled = true
		j.mu.Unlock()
		return nil
	}
	return fmt.Errorf("export: cancelling job %s: %w", j.id, j.conn.CheckResponse(resp))
}

// knownManifest returns the manifest of the last successful poll, or nil.
func (j *Job) knownManifest() *Manifest {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.manifest
}

// transientOutcome reports whether body starts with an OperationOutcome one
// of whose issues has code "transient".
func transientOutcome(body []byte) bool {
	var oo wireOutcome
	if json.NewDecoder(bytes.NewReader(body)).Decode(&oo) != nil || oo.ResourceType != "OperationOutcome" {
		return false
	}
	for _, is := range oo.Issue {
		if is.Code == "transient" {
			return true
		}
	}
	return false
}
