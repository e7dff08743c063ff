package fakebcda

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// curlStep is one curl command from BCDA's documentation, as the Go request
// curl would send with only the host changed: method, path (with "$export"
// as the documents mean it), headers, and for POST an empty body (-d ”).
type curlStep struct {
	doc    string // where the command is printed
	method string
	path   string
	header []string
	user   *creds // --user id:secret
	want   int    // 0: 200 or 202 (a job status poll)
}

// curlClient sends requests like curl: no transparent gzip, no redirects.
var curlClient = &http.Client{
	Transport:     &http.Transport{DisableCompression: true},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func (c curlStep) run(t *testing.T, base, token string) (*http.Response, []byte) {
	t.Helper()
	var body io.Reader
	if c.method == http.MethodPost {
		body = strings.NewReader("")
	}
	req, err := http.NewRequest(c.method, base+c.path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("User-Agent", "curl/8.5.0")
	req.Header.Set("Accept", "*/*")
	if c.method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if c.user != nil {
		req.SetBasicAuth(c.user.id, c.user.secret)
	}
	for i := 0; i+1 < len(c.header); i += 2 {
		req.Header.Set(c.header[i], strings.ReplaceAll(c.header[i+1], "{token}", token))
	}
	resp, err := curlClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != c.want && !(c.want == 0 && (resp.StatusCode == 200 || resp.StatusCode == 202)) {
		t.Fatalf("%s: %s %s: %d %s, want %d", c.doc, c.method, c.path, resp.StatusCode, b, c.want)
	}
	return resp, b
}

var accessToken = regexp.MustCompile(`"access_token": ?"([^"]+)"`)

// walkthrough runs a kick-off, polls the job URL with the document's poll
// command until 200, and downloads every output file with its download
// command.
func walkthrough(t *testing.T, base, token string, kick, poll, download curlStep) {
	t.Helper()
	resp, _ := kick.run(t, base, token)
	loc := resp.Header.Get("Content-Location")
	if !strings.HasPrefix(loc, base+"/api/") {
		t.Fatalf("%s: Content-Location %q", kick.doc, loc)
	}
	poll.path = strings.TrimPrefix(loc, base)
	var body []byte
	for i := 0; ; i++ {
		poll.want = 0 // 202 while running, 200 with the manifest
		var r *http.Response
		r, body = poll.run(t, base, token)
		if r.StatusCode == http.StatusOK {
			break
		}
		if i > 20 {
			t.Fatalf("%s: job never completed", poll.doc)
		}
	}
	var m struct {
		Output []struct{ URL string }
	}
	if err := json.Unmarshal(body, &m); err != nil || len(m.Output) == 0 {
		t.Fatalf("%s: manifest %v %s", poll.doc, err, body)
	}
	for _, f := range m.Output {
		download.path = strings.TrimPrefix(f.URL, base)
		resp, b := download.run(t, base, token)
		if resp.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(strings.NewReader(string(b)))
			if err != nil {
				t.Fatal(err)
			}
			if b, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		if !strings.HasPrefix(string(b), `{"`) || !strings.HasSuffix(string(b), "}\n") {
			t.Fatalf("%s: %s: not NDJSON: %.80s", download.doc, f.URL, b)
		}
	}
}

// TestGuideCurlCommands runs every curl command of the old sandbox user
// guide (shared/reference/bcda-sandbox-user-guide.md), with its own
// credentials, against the offline sandbox. In a shell the guide's
// double-quoted "…/Patient/$export" expands $export to nothing; the
// requests here send what the guide means.
func TestGuideCurlCommands(t *testing.T) {
	_, ts := NewTestServer(t)
	base := ts.URL
	const guide = "sandbox user guide"
	// Option 1: the guide's own Base64 header, joined across its line breaks.
	basic := "Basic Mzg0MWM1OTQtYThjMC00MWU1LTk4Y2MtMzhiYjQ1MzYwZDNjOm" +
		"Y5NzgwZDMyMzU4OGYxY2RmYzNlNjNlOTVhOGNiZGNkZDQ3NjAy" +
		"ZmY0OGE1MzdiNTFkYzVkNzgzNGJmNDY2NDE2YTcxNmJkNDUwOGU5MDRh"
	curlStep{guide + " token option 1", "POST", "/auth/token", []string{"accept", "application/json", "authorization", basic}, nil, 200}.run(t, base, "")
	_, b := curlStep{guide + " token option 2", "POST", "/auth/token", []string{"accept", "application/json"}, &guideXS, 200}.run(t, base, "")
	m := accessToken.FindSubmatch(b)
	if m == nil {
		t.Fatalf("token body %s", b)
	}
	token := string(m[1])
	curlStep{guide + " metadata", "GET", "/api/v1/metadata", nil, nil, 200}.run(t, base, token)

	poll := curlStep{doc: guide + " job status", method: "GET", header: []string{"accept", "application/fhir+json", "Authorization", "Bearer {token}"}}
	download := curlStep{doc: guide + " download", method: "GET", header: []string{"Authorization", "Bearer {token}"}, want: 200}
	walkthrough(t, base, token, curlStep{guide + " Patient/$export", "GET", "/api/v1/Patient/$export",
		[]string{"accept", "application/fhir+json", "Prefer", "respond-async", "Authorization", "Bearer {token}"}, nil, 202}, poll, download)
	for _, typ := range []string{"ExplanationOfBenefit", "Patient", "Coverage"} {
		walkthrough(t, base, token, curlStep{guide + " _type=" + typ, "GET", "/api/v1/Patient/$export?_type=" + typ,
			[]string{"Authorization", "Bearer {token}", "Accept", "application/fhir+json", "Prefer", "respond-async"}, nil, 202}, poll, download)
	}
	// The guide's _since example joins its parameters with a second "?", so
	// _type reads "Patient?_since=…": the real server answers 400 to it.
	curlStep{guide + " _since (malformed in the guide)", "GET", "/api/v1/Patient/$export?_type=Patient?_since=2020-02-13T08:00:00.000-05:00",
		[]string{"Authorization", "Bearer {token}", "Accept", "application/fhir+json", "Prefer", "respond-async"}, nil, 400}.run(t, base, token)
}

// TestDocsCurlCommands runs the curl commands of the current BCDA
// documentation (bcda-static-site src/_pages/api-documentation/
// get-a-bearer-token.md and access-claims-data.md, at 68f055e and later)
// with the credentials it prints (adv.small).
func TestDocsCurlCommands(t *testing.T) {
	_, ts := NewTestServer(t)
	base := ts.URL
	const tokenDoc, dataDoc = "get-a-bearer-token", "access-claims-data"
	_, b := curlStep{tokenDoc, "POST", "/auth/token", []string{"Accept", "application/json"}, &advSmall, 200}.run(t, base, "")
	m := accessToken.FindSubmatch(b)
	if m == nil {
		t.Fatalf("token body %s", b)
	}
	token := string(m[1])
	curlStep{dataDoc + " metadata", "GET", "/api/v3/metadata", nil, nil, 200}.run(t, base, token)

	kick := []string{"Accept", "application/fhir+json", "Prefer", "respond-async", "Authorization", "Bearer {token}"}
	poll := curlStep{doc: dataDoc + " job status", method: "GET", header: []string{"Accept", "application/fhir+json", "Authorization", "Bearer {token}"}}
	download := curlStep{doc: dataDoc + " download", method: "GET", header: []string{"Accept-Encoding", "gzip", "Authorization", "Bearer {token}"}, want: 200}
	for _, q := range []string{"", "?_type=ExplanationOfBenefit,Patient", "?_type=Patient"} {
		walkthrough(t, base, token, curlStep{dataDoc + " Group/all/$export" + q, "GET", "/api/v3/Group/all/$export" + q, kick, nil, 202}, poll, download)
	}
	// Cancel a job that is still running.
	resp, _ := curlStep{dataDoc + " start", "GET", "/api/v3/Group/all/$export?_type=Patient", kick, nil, 202}.run(t, base, token)
	curlStep{dataDoc + " cancel", "DELETE", strings.TrimPrefix(resp.Header.Get("Content-Location"), base),
		[]string{"Accept", "application/fhir+json", "Authorization", "Bearer {token}"}, nil, 202}.run(t, base, token)
	curlStep{dataDoc + " job history", "GET", "/api/v3/jobs", kick, nil, 200}.run(t, base, token)
	curlStep{dataDoc + " attribution status", "GET", "/api/v3/attribution_status",
		[]string{"Accept", "application/json", "Authorization", "Bearer {token}"}, nil, 200}.run(t, base, token)
}
