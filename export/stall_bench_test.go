package export

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/bcda-go/bcda/internal/netguard"
)

// BenchmarkOpenStallDetection streams one 8 MB file through Open with the
// transport bare and under the stall guard the client installs (header
// timer, idle watchdog), in the same run: the ratio is the guard's cost.
//
//	go test -run '^$' -bench OpenStallDetection -benchmem -benchtime 40x -count 3 ./export/
func BenchmarkOpenStallDetection(b *testing.B) {
	content := ndjsonContent(7, 36000)
	fs := newFileServer(map[string][]byte{"f.ndjson": content})
	ts := httptest.NewServer(fs)
	b.Cleanup(ts.Close)
	for _, guarded := range []bool{false, true, false, true} { // interleaved against drift
		name := "bare"
		if guarded {
			name = "guarded"
		}
		b.Run(name, func(b *testing.B) {
			var rt http.RoundTripper = http.DefaultTransport.(*http.Transport).Clone()
			if guarded {
				rt = &netguard.Transport{Base: rt, Limits: netguard.Limits{Header: time.Minute, Idle: 30 * time.Second}}
			}
			conn, _ := newTestConn(b, ts.URL, rt)
			j, err := newJob(conn, mustParse(b, ts.URL+"/api/v3/jobs/7"))
			if err != nil {
				b.Fatal(err)
			}
			j.manifest = &Manifest{RequiresAccessToken: true, Output: []File{{Type: "Patient", URL: ts.URL + "/data/f.ndjson"}}}
			benchOpen(b, j, len(content))
		})
	}
}
