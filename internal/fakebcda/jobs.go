package fakebcda

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// jobTimeout is ARCHIVE_THRESHOLD_HR: files live 24 h after completion.
const jobTimeout = 24 * time.Hour

// jobForRequest is RequireTokenJobMatch: the job must exist and belong to
// the token's ACO. It answers the error itself. An id that is not an
// unsigned integer is 400 on both /api/vN/jobs/{id} (the reference notes'
// table) and /data (fidelity-audit item 10); an unknown job is 404.
func (s *Server) jobForRequest(w http.ResponseWriter, version string, tok *token, idStr string) (*job, bool) {
	id, err := strconv.ParseUint(idStr, 10, 63)
	if err != nil {
		writeOutcome(w, version, http.StatusBadRequest, codeStructure, "")
		return nil, false
	}
	s.mu.Lock()
	j, ok := s.jobs[int(id)]
	s.mu.Unlock()
	if !ok {
		writeOutcome(w, version, http.StatusNotFound, codeNotFound, "")
		return nil, false
	}
	if j.aco != tok.aco {
		writeOutcome(w, version, http.StatusUnauthorized, codeForbidden, "")
		return nil, false
	}
	return j, true
}

// apiJob authorizes a request to /api/vN/jobs/{id} and finds its job,
// answering the error itself.
func (s *Server) apiJob(w http.ResponseWriter, r *http.Request, version, idStr string) (*job, bool) {
	tok, ok := s.requireToken(w, r, version)
	if !ok {
		return nil, false
	}
	return s.jobForRequest(w, version, tok, idStr)
}

// notCancellable is BCDA's diagnostics for a DELETE of a finished job.
const notCancellable = "job was not cancelled because it is not Pending or In Progress"

// writeArchived answers a status or DELETE request for an archived or
// expired job as BCDA does: RequireTokenJobMatch writes a 404 and does not
// return, so the handler's own outcome (diagnostics msg) follows the first
// in the same body.
func writeArchived(w http.ResponseWriter, version, msg string) {
	writeOutcome(w, version, http.StatusNotFound, codeNotFound, "")
	_, _ = w.Write(outcomeJSON(version, "error", codeNotFound, msg))
}

type fileItem struct {
	Type string `json:"type"`
	URL  string `json:"url"`
}

// manifest is BCDA's BulkResponseBody, field for field.
type manifest struct {
	TransactionTime     time.Time  `json:"transactionTime"`
	RequestURL          string     `json:"request"`
	RequiresAccessToken bool       `json:"requiresAccessToken"`
	Files               []fileItem `json:"output"`
	Errors              []fileItem `json:"error"`
	JobID               uint
}

// serveJobStatus is GET /api/vN/jobs/{id}.
func (s *Server) serveJobStatus(w http.ResponseWriter, r *http.Request, version, idStr string) {
	j, ok := s.apiJob(w, r, version, idStr)
	if !ok {
		return
	}
	s.mu.Lock()
	s.advanceLocked(j)
	state, updated := j.state, j.updated
	progress := ""
	if !j.finished() {
		progress = s.progressLocked(j)
	}
	now := s.cfg.clock()
	s.mu.Unlock()

	expires := updated.Add(jobTimeout)
	switch state {
	case StatePending, StateInProgress:
		w.Header().Set("X-Progress", progress)
		w.WriteHeader(http.StatusAccepted)
	case StateFailed:
		writeOutcome(w, version, http.StatusInternalServerError, codeException, "Service encountered numerous errors. Job failed to complete.")
	case StateCancelled:
		writeOutcome(w, version, http.StatusNotFound, codeNotFound, "Job has been cancelled.")
	case StateArchived, StateExpired:
		writeArchived(w, version, "")
	case StateCompleted:
		if expires.Before(now) {
			w.Header().Set("Expires", expires.String())
			writeOutcome(w, version, http.StatusGone, opOutcomeCode(http.StatusGone), "")
			return
		}
		base := fmt.Sprintf("%s://%s/data/%d/", requestScheme(r), r.Host, j.id)
		// v1/v2 report BFD's data-load time, v3 when the job was prepared.
		tt := j.created
		if version != "v3" {
			tt = j.aco.dataset().Reference()
		}
		m := manifest{
			TransactionTime:     tt,
			RequestURL:          j.requestURL,
			RequiresAccessToken: true,
			Files:               []fileItem{},
			Errors:              []fileItem{},
			JobID:               uint(j.id),
		}
		for _, f := range j.files {
			m.Files = append(m.Files, fileItem{Type: string(f.typ), URL: base + f.name})
		}
		for _, f := range j.errFiles {
			m.Errors = append(m.Errors, fileItem{Type: "OperationOutcome", URL: base + f.name})
		}
		body, err := json.Marshal(m)
		if err != nil {
			http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Expires", expires.String())
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
	}
}

// serveJobDelete is DELETE /api/vN/jobs/{id}.
func (s *Server) serveJobDelete(w http.ResponseWriter, r *http.Request, version, idStr string) {
	j, ok := s.apiJob(w, r, version, idStr)
	if !ok {
		return
	}
	s.mu.Lock()
	st := j.state
	if st == StateArchived || st == StateExpired {
		s.mu.Unlock()
		writeArchived(w, version, notCancellable)
		return
	}
	if j.finished() {
		s.mu.Unlock()
		writeOutcome(w, version, http.StatusGone, opOutcomeCode(http.StatusGone), notCancellable)
		return
	}
	j.state = StateCancelled
	j.updated = dbTime(s.cfg.clock())
	s.mu.Unlock()
	w.WriteHeader(http.StatusAccepted)
}

// allStatuses is models.AllJobStatuses; a map so that the error message
// prints it the way BCDA's fmt of a map does.
var allStatuses = map[string]struct{}{
	"Completed": {}, "Archived": {}, "Expired": {}, "Failed": {}, "FailedExpired": {},
	"In Progress": {}, "Pending": {}, "Cancelled": {}, "CancelledExpired": {},
}

var allStatusOrder = []string{"Completed", "Archived", "Expired", "Failed", "FailedExpired",
	"In Progress", "Pending", "Cancelled", "CancelledExpired"}

func taskStatus(st JobState) string {
	switch st {
	case StateFailed:
		return "failed"
	case StatePending:
		return "accepted"
	case StateInProgress:
		return "in-progress"
	case StateCompleted, StateArchived, StateExpired:
		return "completed"
	case StateCancelled:
		return "cancelled"
	}
	return ""
}

// serveJobList is GET /api/vN/jobs[?_status=...]: a Bundle of Task.
func (s *Server) serveJobList(w http.ResponseWriter, r *http.Request, version string) {
	tok, ok := s.requireToken(w, r, version)
	if !ok {
		return
	}
	if _, ok := s.validateURL(w, r, version); !ok {
		return
	}
	if !validateHeaders(w, r, version) {
		return
	}
	statuses := allStatusOrder
	if v, ok := r.URL.Query()["_status"]; ok {
		statuses = nil
		seen := map[string]bool{}
		for _, st := range strings.Split(v[0], ",") {
			if seen[st] {
				writeOutcome(w, version, http.StatusBadRequest, codeException, "Repeated status type "+st)
				return
			}
			seen[st] = true
			statuses = append(statuses, st)
		}
		for _, st := range statuses {
			if _, ok := allStatuses[st]; !ok {
				writeOutcome(w, version, http.StatusBadRequest, codeException,
					fmt.Sprintf("invalid status type %s. Supported types %v", st, allStatuses))
				return
			}
		}
	}
	want := map[string]bool{}
	for _, st := range statuses {
		want[st] = true
	}
	host := fmt.Sprintf("%s://%s", requestScheme(r), r.Host)

	type coding struct {
		Text string `json:"text"`
	}
	type input struct {
		Type        coding `json:"type"`
		ValueString string `json:"valueString"`
	}
	type period struct {
		Start string `json:"start"`
		End   string `json:"end"`
	}
	type identifier struct {
		Use    string `json:"use"`
		System string `json:"system"`
		Value  string `json:"value"`
	}
	type task struct {
		ResourceType    string       `json:"resourceType"`
		Identifier      []identifier `json:"identifier"`
		Status          string       `json:"status"`
		Intent          string       `json:"intent"`
		Input           []input      `json:"input"`
		ExecutionPeriod period       `json:"executionPeriod"`
	}
	type entry struct {
		Resource task `json:"resource"`
	}
	type bundle struct {
		ResourceType string  `json:"resourceType"`
		Type         string  `json:"type"`
		Total        int     `json:"total"`
		Entry        []entry `json:"entry,omitempty"`
	}
	b := bundle{ResourceType: "Bundle", Type: "searchset"}
	s.mu.Lock()
	for id := 1; id < s.nextJob; id++ {
		j, ok := s.jobs[id]
		if ok {
			s.tickLocked(j)
		}
		if !ok || j.aco != tok.aco || !want[string(j.state)] {
			continue
		}
		b.Entry = append(b.Entry, entry{Resource: task{
			ResourceType:    "Task",
			Identifier:      []identifier{{Use: "official", System: host + "/api/" + version + "/jobs", Value: strconv.Itoa(j.id)}},
			Status:          taskStatus(j.state),
			Intent:          "order",
			Input:           []input{{Type: coding{Text: "BULK FHIR Export"}, ValueString: "GET " + j.requestURL}},
			ExecutionPeriod: period{Start: j.created.Format("2006-01-02T15:04:05Z"), End: j.updated.Format("2006-01-02T15:04:05Z")},
		}})
	}
	aco := tok.aco.uuid
	s.mu.Unlock()
	b.Total = len(b.Entry)
	body, _ := json.Marshal(b)
	if b.Total == 0 {
		// BCDA's handler does not return after the 404, so the empty
		// Bundle follows the OperationOutcome in the same body.
		writeOutcome(w, version, http.StatusNotFound, codeNotFound,
			fmt.Sprintf("no Jobs found for acoID %s with job statuses %v", aco, statuses))
		_, _ = w.Write(body)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}
