package export

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// JobInfo describes one of the ACO's jobs as BCDA lists them (a FHIR Task in
// the Bundle from GET /api/vN/jobs).
type JobInfo struct {
	// ID is the job's id; URL its status URL, usable with Client.Job.
	ID  string
	URL string
	// State is the job's state, in the same terms as Status.State: BCDA
	// lists jobs as FHIR Tasks, whose status maps back to Pending
	// ("accepted"), InProgress, Completed (archived and expired jobs too),
	// Failed or Cancelled. A status BCDA does not use is kept as it is.
	State State
	// Request is the kick-off URL the job was created with.
	Request string
	// Created and Updated are the job's creation and last-update times.
	Created time.Time
	Updated time.Time
}

type taskBundle struct {
	Entry []struct {
		Resource struct {
			ResourceType string `json:"resourceType"`
			Identifier   []struct {
				System string `json:"system"`
				Value  string `json:"value"`
			} `json:"identifier"`
			Status string `json:"status"`
			Input  []struct {
				ValueString string `json:"valueString"`
			} `json:"input"`
			ExecutionPeriod struct {
				Start string `json:"start"`
				End   string `json:"end"`
			} `json:"executionPeriod"`
		} `json:"resource"`
	} `json:"entry"`
}

// listJobs lists the ACO's jobs for conn's API version, restricted to the
// given states when any are given (GET /api/vN/jobs?_status=...). No jobs
// is an empty list, not an error.
func listJobs(ctx context.Context, conn connection, states ...State) ([]JobInfo, error) {
	if err := conn.validate(); err != nil {
		return nil, err
	}
	u := conn.apiURL("jobs")
	if len(states) > 0 {
		parts := make([]string, 0, len(states))
		for i, s := range states {
			if !s.listable() {
				return nil, invalidf("job state %q unknown", s)
			}
			if slices.Contains(states[:i], s) {
				return nil, invalidf("job state %q repeated", s)
			}
			parts = append(parts, queryEscape(string(s)))
		}
		u.RawQuery = "_status=" + strings.Join(parts, ",")
	}
	// BCDA runs this route through the same header checks as a kick-off.
	req, err := conn.newRequest(ctx, http.MethodGet, u, mediaFHIRJSON, true)
	if err != nil {
		return nil, err
	}
	resp, err := conn.API.Do(req)
	if err != nil {
		return nil, fmt.Errorf("export: listing jobs: %w", err)
	}
	if resp.StatusCode == http.StatusNotFound {
		// BCDA answers "no jobs" with 404 and an OperationOutcome.
		if b := peekBody(resp); bytes.Contains(bytes.ToLower(b), []byte("no jobs found")) {
			drain(resp.Body)
			return nil, nil
		}
	}
	if resp.StatusCode != http.StatusOK {
		return nil, conn.CheckResponse(resp)
	}
	defer drain(resp.Body)
	return decodeJobs(resp.Body, &conn)
}

// decodeJobs reads the Bundle of Tasks that GET /jobs answers with. A Task
// whose id cannot be the last element of a job URL is skipped: BCDA's ids
// are unsigned integers (../shared/reference/bcda-server.md §3.3), and
// anything with a "/" or a dot segment would resolve to another path.
func decodeJobs(r io.Reader, conn *connection) ([]JobInfo, error) {
	var b taskBundle
	// The first JSON value only: BCDA has written bodies that carry two.
	if err := json.NewDecoder(r).Decode(&b); err != nil {
		return nil, fmt.Errorf("export: decoding job list: %w", err)
	}
	jobs := make([]JobInfo, 0, len(b.Entry))
	for _, e := range b.Entry {
		r := e.Resource
		if r.ResourceType != "" && r.ResourceType != "Task" {
			continue
		}
		var info JobInfo
		for _, id := range r.Identifier {
			if id.Value != "" {
				info.ID = id.Value
				break
			}
		}
		u, ok := conn.jobURL(info.ID)
		if !ok {
			continue
		}
		info.URL = u.String()
		info.State = taskState(r.Status)
		for _, in := range r.Input {
			if in.ValueString != "" {
				info.Request = strings.TrimSpace(strings.TrimPrefix(in.ValueString, "GET "))
				break
			}
		}
		info.Created, _ = time.Parse(time.RFC3339Nano, r.ExecutionPeriod.Start)
		info.Updated, _ = time.Parse(time.RFC3339Nano, r.ExecutionPeriod.End)
		jobs = append(jobs, info)
	}
	return jobs, nil
}

// sameRequest compares two kick-off URLs by path and parameters, ignoring
// the host (a proxy may rewrite it), parameter order and type order.
func sameRequest(a, b *url.URL) bool {
	if strings.Trim(a.Path, "/") != strings.Trim(b.Path, "/") {
		return false
	}
	qa, qb := a.Query(), b.Query()
	if len(qa) != len(qb) {
		return false
	}
	for k, va := range qa {
		vb, ok := qb[k]
		if !ok || len(va) != len(vb) {
			return false
		}
		for i := range va {
			x, y := va[i], vb[i]
			switch k {
			case "_type":
				xs, ys := strings.Split(x, ","), strings.Split(y, ",")
				slices.Sort(xs)
				slices.Sort(ys)
				if !slices.Equal(xs, ys) {
					return false
				}
			case "_since":
				tx, ex := time.Parse(time.RFC3339Nano, x)
				ty, ey := time.Parse(time.RFC3339Nano, y)
				if ex != nil || ey != nil {
					if x != y {
						return false
					}
				} else if !tx.Equal(ty) {
					return false
				}
			default:
				if x != y {
					return false
				}
			}
		}
	}
	return true
}

// taskState maps a Task status back to the job state it stands for, the
// inverse of bcda-app's mapping (../shared/reference/bcda-server.md, GET
// /jobs: Failed/FailedExpired→failed, Pending→accepted, In Progress→
// in-progress, Completed/Archived/Expired→completed, Cancelled*→cancelled).
func taskState(status string) State {
	switch status {
	case "accepted":
		return Pending
	case "in-progress":
		return InProgress
	case "completed":
		return Completed
	case "failed":
		return Failed
	case "cancelled":
		return Cancelled
	}
	return State(status)
}
