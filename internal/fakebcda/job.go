package fakebcda

import (
	"fmt"
	"strings"
	"time"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/synth"
)

type job struct {
	id          int
	aco         *aco
	version     string
	requestURL  string   // scheme://host + request URI, as BCDA stores it
	pathQuery   string   // unescaped path and query, for the duplicate check
	typeValues  []string // every raw _type value, as hasDuplicates reads them
	hasType     bool
	types       []fhir.ResourceType
	since       time.Time
	serviceDate serviceDateFilter // v3 _typeFilter service-date, EOB only
	state       JobState
	polls       int
	failAtEnd   bool
	created     time.Time
	updated     time.Time
	files       []*file // data files, in manifest order
	errFiles    []*file // error files, in manifest order
}

func (j *job) finished() bool {
	return j.state != StatePending && j.state != StateInProgress
}

func (j *job) info() JobInfo {
	return JobInfo{
		ID:      j.id,
		CMSID:   j.aco.CMSID,
		Version: j.version,
		Request: j.requestURL,
		State:   j.state,
		Types:   append([]fhir.ResourceType(nil), j.types...),
		Since:   j.since,
		Created: j.created,
		Updated: j.updated,
		Polls:   j.polls,
		Files:   len(j.files),
	}
}

// dbTime is a time as BCDA's Postgres returns it: UTC, microseconds, no
// monotonic reading (which would leak into time.Time.String).
func dbTime(t time.Time) time.Time { return t.UTC().Round(0).Truncate(time.Microsecond) }

// planLocked lays out a job's files: one per batch of beneficiaries per
// type, as BCDA splits jobs into sub-jobs, minus the batches in empty (see
// emptyBatches), plus error and warning files.
func (s *Server) planLocked(j *job, errorLines int, warnings bool, empty map[batchKey]bool) {
	n := j.aco.Beneficiaries
	if !j.since.IsZero() && !j.since.Before(j.aco.dataset().Reference()) {
		// Nothing in the dataset was updated after its reference instant,
		// so every sub-job would be empty, and BCDA omits empty ones: the
		// usual incremental export (since the last transactionTime) gives
		// output: [].
		n = 0
	}
	idx := 0
	for _, t := range j.types {
		batch := s.cfg.batch[t]
		for first := 0; first < n; first += batch {
			if empty[batchKey{t, first}] {
				continue
			}
			f := &file{
				jobID: j.id,
				kind:  kindData,
				typ:   t,
				first: first,
				count: min(batch, n-first),
				aco:   j.aco,
				ver:   j.version,
				since: j.since,
				name:  uuidFrom(uint64(s.cfg.seed), uint64(j.id), uint64(idx)) + ".ndjson",
			}
			if t == fhir.TypeExplanationOfBenefit {
				f.serviceDate = j.serviceDate.predicate()
			}
			idx++
			j.files = append(j.files, f)
			if errorLines > 0 {
				j.errFiles = append(j.errFiles, &file{
					jobID: j.id,
					kind:  kindError,
					typ:   t,
					first: first,
					aco:   j.aco,
					lines: min(errorLines, f.count),
					name:  strings.TrimSuffix(f.name, ".ndjson") + "-error.ndjson",
				})
			}
		}
	}
	if warnings {
		// bcda-app GetBulkJobResponse appends warnings-and-info.ndjson to
		// error[] before any sub-job's error file.
		w := &file{jobID: j.id, kind: kindWarnings, name: "warnings-and-info.ndjson", typ: fhir.TypeOperationOutcome}
		j.errFiles = append([]*file{w}, j.errFiles...)
	}
	for _, f := range j.files {
		s.files[fileKey(j.id, f.name)] = f
	}
	for _, f := range j.errFiles {
		s.files[fileKey(j.id, f.name)] = f
	}
}

// batchKey names one sub-job: a resource type and its first beneficiary.
type batchKey struct {
	typ   fhir.ResourceType
	first int
}

// emptyBatches finds the sub-jobs that a _since leaves without data; BCDA
// omits those from the manifest. Counting draws only timestamps, so even the
// extra-large ACO's export takes a fraction of a second, and it runs before
// the server's lock is taken.
func (s *Server) emptyBatches(a *aco, version string, types []fhir.ResourceType, since time.Time) map[batchKey]bool {
	d := a.dataset()
	if since.IsZero() || !since.Before(d.Reference()) {
		return nil // no filter, or planLocked drops every batch itself
	}
	empty := map[batchKey]bool{}
	for _, t := range types {
		batch := s.cfg.batch[t]
		for first := 0; first < a.Beneficiaries; first += batch {
			r := synth.Request{Version: version, Type: t, First: first, Count: min(batch, a.Beneficiaries-first), Since: since}
			// On an error the file stays listed, so that its download
			// fails where a test can see it.
			if n, err := d.Count(r); err == nil && n == 0 {
				empty[batchKey{t, first}] = true
			}
		}
	}
	return empty
}

func fileKey(job int, name string) string { return fmt.Sprintf("%d/%s", job, name) }

// advanceLocked moves a running job along on a status poll: Pending for the
// configured polls, then In Progress, then Completed (or Failed).
func (s *Server) advanceLocked(j *job) {
	if j.finished() {
		return
	}
	j.polls++
	s.tickLocked(j)
	if s.cfg.jobDuration > 0 {
		return
	}
	switch {
	case j.polls <= s.cfg.pendingPolls:
		j.state = StatePending
	case j.polls <= s.cfg.pendingPolls+s.cfg.progressPolls:
		j.state = StateInProgress
	case j.failAtEnd:
		j.state = StateFailed
		j.updated = dbTime(s.cfg.clock())
	default:
		j.state = StateCompleted
		j.updated = dbTime(s.cfg.clock())
	}
}

// tickLocked applies WithJobDuration: a running job's state follows the
// clock, whether or not anyone polls it.
func (s *Server) tickLocked(j *job) {
	d := s.cfg.jobDuration
	if d <= 0 || j.finished() {
		return
	}
	elapsed := s.cfg.clock().Sub(j.created)
	switch {
	case elapsed < d/10:
		j.state = StatePending
	case elapsed < d:
		j.state = StateInProgress
	case j.failAtEnd:
		j.state = StateFailed
		j.updated = dbTime(j.created.Add(d))
	default:
		// The job finished at created+d, whenever someone looks.
		j.state = StateCompleted
		j.updated = dbTime(j.created.Add(d))
	}
}

// progress is the X-Progress value of a running job.
func (s *Server) progressLocked(j *job) string {
	if j.state == StatePending {
		return "Pending"
	}
	if d := s.cfg.jobDuration; d > 0 {
		return fmt.Sprintf("In Progress (%d%%)", int64(s.cfg.clock().Sub(j.created)*100/d))
	}
	i := j.polls - s.cfg.pendingPolls
	return fmt.Sprintf("In Progress (%d%%)", i*100/(s.cfg.progressPolls+1))
}
