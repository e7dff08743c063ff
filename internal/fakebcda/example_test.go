package fakebcda_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/bcda-go/bcda/internal/fakebcda"
)

// The documentation's current small model entity set
// (bcda-static-site src/_data/credentials.yml, adv.small).
const (
	clientID     = "6dc59a4c-ef93-46c0-9c00-02e500e13731"
	clientSecret = "48fe3a3731ee5b68cf4ebeea6d93fa2d9db3396e94f6830f17d7d7c0fa1fb61f413fcde6f6322f84"
)

// A whole export against the fake with plain net/http: token, kick-off,
// polls, manifest.
func Example() {
	fake := fakebcda.New(fakebcda.WithPendingPolls(1), fakebcda.WithInProgressPolls(1))
	defer fake.Close()
	ts := httptest.NewServer(fake)
	defer ts.Close()

	req, _ := http.NewRequest("POST", ts.URL+"/auth/token", nil)
	req.SetBasicAuth(clientID, clientSecret)
	resp, _ := http.DefaultClient.Do(req)
	resp.Body.Close()
	fmt.Println("token:", resp.StatusCode)

	token, _ := fake.IssueToken(clientID, clientSecret)
	get := func(url string, hdr ...string) *http.Response {
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		resp, _ := http.DefaultClient.Do(req)
		resp.Body.Close()
		return resp
	}
	resp = get(ts.URL+"/api/v3/Patient/$export?_type=Patient", "Accept", "application/fhir+json", "Prefer", "respond-async")
	job := resp.Header.Get("Content-Location")
	fmt.Println("kick-off:", resp.StatusCode, strings.TrimPrefix(job, ts.URL))
	for {
		resp = get(job)
		if resp.StatusCode != http.StatusAccepted {
			break
		}
		fmt.Println("poll:", resp.StatusCode, resp.Header.Get("X-Progress"))
	}
	fmt.Println("poll:", resp.StatusCode, resp.Header.Get("Content-Type"))
	fmt.Println("requests:", fake.Requests("GET", "/api/v3/jobs/"))
	// Output:
	// token: 200
	// kick-off: 202 /api/v3/jobs/1
	// poll: 202 Pending
	// poll: 202 In Progress (50%)
	// poll: 200 application/json
	// requests: 3
}

// Faults are programmed on the running server, e.g. a 503 with Retry-After
// on the next status poll and a connection cut in the next download.
func ExampleServer_Fail() {
	fake := fakebcda.New()
	defer fake.Close()
	fake.Fail(fakebcda.FaultRule{Method: "GET", Path: "/api/v3/jobs/", Times: 1, Status: 503, RetryAfter: "2"})
	fake.CutFileAfter(64<<10, 1)

	token, _ := fake.IssueToken(clientID, clientSecret)
	req := httptest.NewRequest("GET", "/api/v3/jobs/1", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	w := httptest.NewRecorder()
	fake.ServeHTTP(w, req)
	fmt.Println(w.Code, w.Header().Get("Retry-After"))
	// Output: 503 2
}
