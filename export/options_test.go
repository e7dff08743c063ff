package export

import (
	"errors"
	"net/http"
	"testing"
	"time"
)

// TestNilOptions: a nil option of any kind is an error matching
// ErrInvalidRequest, given before any request.
func TestNilOptions(t *testing.T) {
	rt := &countingTransport{}
	conn, _ := newTestConn(t, "https://bcda.example", rt)
	job, err := attach(conn, "https://bcda.example/api/v3/jobs/1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := job.Wait(t.Context(), nil); !errors.Is(err, ErrInvalidRequest) {
		t.Errorf("Wait(nil) = %v", err)
	}
	if _, err := job.Download(t.Context(), t.TempDir(), Concurrency(2), nil); !errors.Is(err, ErrInvalidRequest) {
		t.Errorf("Download(…, nil) = %v", err)
	}
	if _, err := start(t.Context(), conn, nil, time.Time{}, nil); !errors.Is(err, ErrInvalidRequest) {
		t.Errorf("start(…, nil) = %v", err)
	}
	if rt.n != 0 {
		t.Errorf("%d requests sent", rt.n)
	}
}

// countingTransport counts requests and fails them.
type countingTransport struct{ n int }

func (c *countingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	c.n++
	return nil, errors.New("no request expected")
}
