package export

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/bcda-go/bcda/internal/netguard"
)

// Terminal job outcomes. Poll and Wait return errors that match these with
// errors.Is; the same errors also wrap the client's error for the response,
// so its status code and OperationOutcome diagnostics stay reachable with
// errors.As.
var (
	// ErrJobFailed means the server gave up on the job (BCDA answers 500 on
	// the status URL). Polling again will not help: start a new export.
	ErrJobFailed = errors.New("export: job failed")
	// ErrJobCancelled means the job was cancelled (a DELETE on its URL).
	ErrJobCancelled = errors.New("export: job cancelled")
	// ErrJobExpired means the job's files are no longer available (410, or
	// 404 once BCDA has archived a job 24 hours after it completed).
	ErrJobExpired = errors.New("export: job expired")
)

// ErrInvalidRequest is matched by every error about arguments and options
// that export rejects before sending any request.
var ErrInvalidRequest = errors.New("export: invalid request")

func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidRequest, fmt.Sprintf(format, args...))
}

// FileError reports a file that could not be read to its end: the file's
// URL (without query string, which may hold a signature), how many
// decompressed bytes were delivered before the failure, and the cause.
type FileError struct {
	URL    string
	Offset int64
	Err    error
}

// Error names the file, the offset and the cause.
func (e *FileError) Error() string {
	return fmt.Sprintf("export: reading %s failed at byte %d: %v", e.URL, e.Offset, e.Err)
}

// Unwrap returns the cause.
func (e *FileError) Unwrap() error { return e.Err }

// redact drops the query string and user info from a URL before it goes into
// an error or a log line: capability URLs often carry their secret there.
func redact(u *url.URL) string { return netguard.Sanitize(u) }
