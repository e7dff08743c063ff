package fakebcda

import "time"

// Runout data: the previous performance year's attribution, served by
// Group/runout for a limited time after BCDA ingests it.
const (
	// runoutExpiry is how long after ingestion runout data can be
	// exported. bcda-app finds no runout file newer than now minus its
	// runout cutoff duration and answers with runoutExpiredMsg, which
	// names the 180 days (CMSgov/bcda-app bcda/api/requests.go
	// bulkRequest, bcda/service/service.go GetCutoffTime;
	// bcda-server.md §3.3).
	runoutExpiry = 180 * 24 * time.Hour
	// defaultRunoutAge places the default ingestion well inside the
	// window, so that Group/runout works out of the box. Not a BCDA fact:
	// the real ingestion date depends on when CMS delivers the runout file.
	defaultRunoutAge = 30 * 24 * time.Hour
	// runoutExpiredMsg is bcda-app's 404 text, verbatim.
	runoutExpiredMsg = "runout data is no longer available. Runout data expires 180 days after ingestion"
)

// runoutExpired reports whether, at now, the runout data is past its window.
func (s *Server) runoutExpired(now time.Time) bool {
	return s.cfg.runoutIngested.Before(now.Add(-runoutExpiry))
}
