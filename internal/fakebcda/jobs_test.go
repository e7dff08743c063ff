package fakebcda

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bcda-go/bcda/fhir"
)

func TestJobProgressAndManifest(t *testing.T) {
	clock := newClock()
	s := New(WithClock(clock.now), WithPendingPolls(2), WithInProgressPolls(3))
	defer s.Close()
	a := bearer(t, s, guideXS)
	w := do(t, s, "GET", "/api/v2/Patient/$export?_type=ExplanationOfBenefit,Patient", kickoffHeaders(a)...)
	if w.Code != 202 {
		t.Fatal(w.Code, w.Body)
	}
	clock.add(time.Minute)
	var progress []string
	for {
		w = do(t, s, "GET", "/api/v2/jobs/1", "Authorization", a)
		if w.Code != http.StatusAccepted {
			break
		}
		if w.Body.Len() != 0 || w.Header().Get("Retry-After") != "" {
			t.Errorf("202 with body %q / Retry-After %q", w.Body, w.Header().Get("Retry-After"))
		}
		progress = append(progress, w.Header().Get("X-Progress"))
	}
	if got := strings.Join(progress, "|"); got != "Pending|Pending|In Progress (25%)|In Progress (50%)|In Progress (75%)" {
		t.Fatalf("X-Progress sequence %q", got)
	}
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("final %d %q", w.Code, w.Header().Get("Content-Type"))
	}
	// Completion time is the poll that completed (clock + 1 min), Expires 24 h later in Go's String format.
	if got, want := w.Header().Get("Expires"), "2026-11-26 12:01:00.123456 +0000 UTC"; got != want {
		t.Errorf("Expires %q, want %q", got, want)
	}
	body := w.Body.String()
	// v1/v2: the data-load time (the dataset's reference instant).
	tt := s.acos[guideXS.id].dataset().Reference().Format(time.RFC3339Nano)
	re := regexp.MustCompile(`^\{"transactionTime":"` + tt + `","request":"http://example.com/api/v2/Patient/\$export\?_type=ExplanationOfBenefit,Patient","requiresAccessToken":true,"output":\[(\{"type":"ExplanationOfBenefit","url":"http://example.com/data/1/[0-9a-f-]{36}\.ndjson"\},)\{"type":"Patient","url":"http://example.com/data/1/[0-9a-f-]{36}\.ndjson"\}\],"error":\[\],"JobID":1\}$`)
	if !re.MatchString(body) {
		t.Fatalf("manifest does not match BCDA's shape:\n%s", body)
	}
	info, _ := s.Job(1)
	if info.State != StateCompleted || info.Polls != 6 || info.Files != 2 {
		t.Errorf("JobInfo %+v", info)
	}
	// Polling a completed job again gives the same manifest.
	if w2 := do(t, s, "GET", "/api/v2/jobs/1", "Authorization", a); w2.Body.String() != body {
		t.Error("second manifest differs")
	}
}

func TestManifestFilesPerBatch(t *testing.T) {
	s := New(WithPendingPolls(0), WithInProgressPolls(0), WithBatchSize(fhir.TypePatient, 20))
	defer s.Close()
	s.SetErrorLines(2)
	a := bearer(t, s, guideXS) // 50 beneficiaries
	_, w := runJob(t, s, a, "/api/v3/Group/all/$export")
	var m struct {
		Output, Error []struct{ Type, URL string }
	}
	if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, o := range m.Output {
		types = append(types, o.Type)
	}
	// Default order Patient, ExplanationOfBenefit, Coverage; 50/20 → 3 Patient, 50/50 → 1 EOB, 1 Coverage.
	if got := strings.Join(types, ","); got != "Patient,Patient,Patient,ExplanationOfBenefit,Coverage" {
		t.Fatalf("output types %s", got)
	}
	if len(m.Error) != 6 {
		t.Fatalf("%d error entries, want 5 error files + warnings", len(m.Error))
	}
	// bcda-app lists warnings-and-info.ndjson first.
	if !strings.HasSuffix(m.Error[0].URL, "/data/1/warnings-and-info.ndjson") {
		t.Errorf("first error entry %+v", m.Error[0])
	}
	for i, e := range m.Error[1:] {
		if e.Type != "OperationOutcome" || e.URL != strings.TrimSuffix(m.Output[i].URL, ".ndjson")+"-error.ndjson" {
			t.Errorf("error[%d] = %+v", i+1, e)
		}
	}
	// A System-Type _tag suppresses the warning.
	_, w = runJob(t, s, a, "/api/v3/Patient/$export?_type=ExplanationOfBenefit&_typeFilter=ExplanationOfBenefit%3F_tag%3Dhttps%3A%2F%2Fbluebutton.cms.gov%2Ffhir%2FCodeSystem%2FSystem-Type%7CSharedSystem")
	if strings.Contains(w.Body.String(), "warnings-and-info") {
		t.Errorf("warnings listed despite System-Type tag: %s", w.Body)
	}
}

func TestJobTerminalStates(t *testing.T) {
	clock := newClock()
	s := New(WithClock(clock.now), WithPendingPolls(1), WithInProgressPolls(1))
	defer s.Close()
	a := bearer(t, s, guideXS)
	other := bearer(t, s, guideSmall)
	kick := func(target string) string {
		t.Helper()
		w := do(t, s, "GET", target, kickoffHeaders(a)...)
		if w.Code != 202 {
			t.Fatalf("kick-off: %d %s", w.Code, w.Body)
		}
		return strings.TrimPrefix(w.Header().Get("Content-Location"), "http://example.com")
	}
	check := func(method, path, authz string, status int, body string) {
		t.Helper()
		w := do(t, s, method, path, "Authorization", authz)
		if w.Code != status || (body != "*" && w.Body.String() != body) {
			t.Fatalf("%s %s: %d %s, want %d %s", method, path, w.Code, w.Body, status, body)
		}
	}

	failed := kick("/api/v1/Patient/$export?_type=Patient")
	if !s.FailJob(1) {
		t.Fatal("FailJob(1) = false")
	}
	check("GET", failed, a, 500, v1Outcome("exception", "Service encountered numerous errors. Job failed to complete."))

	s.FailNextJobs(1)
	failLater := kick("/api/v1/Patient/$export?_type=Coverage")
	check("GET", failLater, a, 202, "")
	check("GET", failLater, a, 202, "")
	check("GET", failLater, a, 500, "*")

	cancelled := kick("/api/v1/Patient/$export?_type=ExplanationOfBenefit")
	check("DELETE", cancelled, other, 401, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"forbidden"}]}`)
	check("DELETE", cancelled, a, 202, "")
	check("GET", cancelled, a, 404, v1Outcome("not-found", "Job has been cancelled."))
	check("DELETE", cancelled, a, 410, v1Outcome("not-found", "job was not cancelled because it is not Pending or In Progress"))

	done := kick("/api/v1/Patient/$export?_type=Patient")
	for range 3 {
		do(t, s, "GET", done, "Authorization", a)
	}
	check("GET", done, a, 200, "*")
	check("GET", done, other, 401, "*")
	check("DELETE", done, a, 410, "*")
	check("GET", "/api/v1/jobs/99", a, 404, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found"}]}`)
	check("GET", "/api/v1/jobs/abc", a, 400, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"structure"}]}`)
	check("DELETE", "/api/v1/jobs/-1", a, 400, "*")

	clock.add(24*time.Hour + time.Second)
	a = bearer(t, s, guideXS)
	w := do(t, s, "GET", done, "Authorization", a)
	if w.Code != 410 || w.Header().Get("Expires") == "" {
		t.Fatalf("expired job: %d Expires %q", w.Code, w.Header().Get("Expires"))
	}
	// bcda-app OpOutcome maps 410 to not-found.
	if w.Body.String() != `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found"}]}` {
		t.Fatalf("expired body %s", w.Body)
	}

	s.SetJobState(4, StateArchived)
	w = do(t, s, "GET", done, "Authorization", a)
	want := `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found"}]}{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found"}]}`
	if w.Code != 404 || w.Body.String() != want || w.Header().Get("Expires") != "" {
		t.Fatalf("archived: %d %s", w.Code, w.Body)
	}
}

func TestJobList(t *testing.T) {
	clock := newClock()
	s := New(WithClock(clock.now))
	defer s.Close()
	a := bearer(t, s, guideXS)
	list := func(query string, hdr ...string) (int, string) {
		w := do(t, s, "GET", "/api/v3/jobs"+query, append(hdr, "Authorization", a)...)
		return w.Code, w.Body.String()
	}
	code, body := list("", "Accept", "application/fhir+json", "Prefer", "respond-async")
	if code != 404 || !strings.HasPrefix(body, `{"resourceType":"OperationOutcome"`) ||
		!strings.HasSuffix(body, `}]}{"resourceType":"Bundle","type":"searchset","total":0}`) ||
		!strings.Contains(body, "no Jobs found for acoID ") {
		t.Fatalf("empty list: %d %s", code, body)
	}
	if code, body := list(""); code != 400 || !strings.Contains(body, "Accept header is required") {
		t.Fatalf("without headers: %d %s", code, body)
	}
	runJob(t, s, a, "/api/v3/Patient/$export?_type=Patient")
	do(t, s, "GET", "/api/v3/Patient/$export?_type=Coverage", kickoffHeaders(a)...)

	hdr := []string{"Accept", "application/fhir+json", "Prefer", "respond-async"}
	code, body = list("", hdr...)
	if code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	var b struct {
		ResourceType, Type string
		Total              int
		Entry              []struct {
			Resource struct {
				ResourceType, Status, Intent string
				Identifier                   []struct{ Use, System, Value string }
				Input                        []struct {
					Type        struct{ Text string }
					ValueString string
				}
				ExecutionPeriod struct{ Start, End string }
			}
		}
	}
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		t.Fatal(err)
	}
	if b.ResourceType != "Bundle" || b.Type != "searchset" || b.Total != 2 || len(b.Entry) != 2 {
		t.Fatalf("bundle %s", body)
	}
	e := b.Entry[0].Resource
	if e.ResourceType != "Task" || e.Status != "completed" || e.Intent != "order" ||
		e.Identifier[0].System != "http://example.com/api/v3/jobs" || e.Identifier[0].Value != "1" ||
		e.Input[0].ValueString != "GET http://example.com/api/v3/Patient/$export?_type=Patient" ||
		e.Input[0].Type.Text != "BULK FHIR Export" || e.ExecutionPeriod.Start != "2026-11-25T12:00:00Z" {
		t.Errorf("task %+v", e)
	}
	if b.Entry[1].Resource.Status != "accepted" {
		t.Errorf("pending job status %q, want accepted", b.Entry[1].Resource.Status)
	}
	if code, body := list("?_status=Pending", hdr...); code != 200 || !strings.Contains(body, `"total":1`) {
		t.Errorf("_status=Pending: %d %s", code, body)
	}
	if code, body := list("?_status=Pending,Pending", hdr...); code != 400 || !strings.Contains(body, "Repeated status type Pending") {
		t.Errorf("repeated: %d %s", code, body)
	}
	code, body = list("?_status=Done", hdr...)
	want := "invalid status type Done. Supported types map[Archived:{} Cancelled:{} CancelledExpired:{} Completed:{} Expired:{} Failed:{} FailedExpired:{} In Progress:{} Pending:{}]"
	if code != 400 || !strings.Contains(body, fmt.Sprintf("%q", want)) {
		t.Errorf("unknown status: %d %s", code, body)
	}
}

func TestMetadataAndInfo(t *testing.T) {
	s := New()
	defer s.Close()
	for _, v := range []string{"v2", "v3"} {
		w := do(t, s, "GET", "/api/"+v+"/metadata")
		if w.Code != 200 || w.Header().Get("Content-Type") != "application/json" {
			t.Fatalf("%s: %d %q", v, w.Code, w.Header().Get("Content-Type"))
		}
		var cs fhir.CapabilityStatement
		if err := json.Unmarshal(w.Body.Bytes(), &cs); err != nil {
			t.Fatalf("%s: samply decode: %v", v, err)
		}
		if cs.FhirVersion.Code() != "4.0.1" || len(cs.Rest) != 1 || cs.Rest[0].Security == nil {
			t.Fatalf("%s: %+v", v, cs)
		}
		ext := cs.Rest[0].Security.Extension[0]
		if ext.Extension[0].Url != "token" || *ext.Extension[0].ValueUri != "http://example.com/auth/token" {
			t.Errorf("%s: token extension %+v", v, ext)
		}
	}
	clock := newClock()
	s1 := New(WithClock(clock.now))
	defer s1.Close()
	w := do(t, s1, "GET", "/api/v1/metadata")
	var stu3 struct {
		FhirVersion, ResourceType, Date string
		Instantiates                    []string
		Software                        struct{ ReleaseDate string }
		Rest                            []struct {
			Operation []struct {
				Name       string
				Definition struct{ Reference string }
			}
		}
	}
	if err := json.Unmarshal(w.Body.Bytes(), &stu3); err != nil || stu3.FhirVersion != "3.0.1" || stu3.ResourceType != "CapabilityStatement" {
		t.Fatalf("v1 metadata %v %s", err, w.Body)
	}
	// bcda-app CreateCapabilityStatement: request time to the second, the
	// data backend's DSTU3 metadata, the two HL7 export operations only.
	if stu3.Date != "2026-11-25T12:00:00Z" || stu3.Software.ReleaseDate != stu3.Date {
		t.Errorf("v1 date %q, releaseDate %q", stu3.Date, stu3.Software.ReleaseDate)
	}
	if len(stu3.Instantiates) != 2 || !strings.HasSuffix(stu3.Instantiates[0], "/baseDstu3/metadata/") {
		t.Errorf("v1 instantiates %v", stu3.Instantiates)
	}
	ops := stu3.Rest[0].Operation
	if len(ops) != 2 || ops[0].Name != "patient-export" || ops[1].Definition.Reference != "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export" {
		t.Errorf("v1 operations %+v", ops)
	}

	for _, tt := range []struct{ path, ctype, body string }{
		{"/_version", "application/json", `{"version":"r292"}`},
		{"/_health", "text/plain; charset=utf-8", `{"database":"ok","ssas":"ok","ssas_introspect":"ok"}`},
		{"/_auth", "application/json", `{"auth_provider":"ssas","version":"r292"}`},
	} {
		// Through a real server: sniffed Content-Type is set by net/http's response writer.
		_, ts := NewTestServer(t)
		resp, err := http.Get(ts.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		b := readAll(t, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != tt.ctype || string(b) != tt.body || !resp.Close {
			t.Errorf("%s: %d %q %s close=%v", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"), b, resp.Close)
		}
	}

	a := bearer(t, s, guideXS)
	w = do(t, s, "GET", "/api/v2/attribution_status", "Authorization", a)
	if w.Code != 200 || !strings.HasPrefix(w.Body.String(), `{"ingestion_dates":[{"timestamp":"2026-01-12T22:31:40.397916Z","type":"last_attribution_update"},`) || !strings.HasSuffix(w.Body.String(), "}\n") {
		t.Errorf("attribution_status %d %s", w.Code, w.Body)
	}
	if w := do(t, s, "GET", "/api/v4/metadata"); w.Code != 404 {
		t.Errorf("v4: %d", w.Code)
	}
	if w := do(t, s, "HEAD", "/api/v3/Patient/$export"); w.Code != 405 {
		t.Errorf("HEAD: %d", w.Code)
	}
}

func TestOutcomeShapesWithoutDiagnostics(t *testing.T) {
	for v, want := range map[string]string{
		"v1": `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found"}]}`,
		"v2": `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","details":{"coding":[{"system":"http://hl7.org/fhir/ValueSet/operation-outcome","code":"Request Error"}]}}]}`,
		"v3": `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","details":{}}]}`,
	} {
		if got := string(outcomeJSON(v, "error", codeNotFound, "")); got != want {
			t.Errorf("%s:\n%s\nwant\n%s", v, got, want)
		}
	}
}

func TestJobDuration(t *testing.T) {
	clock := newClock()
	s := New(WithClock(clock.now), WithJobDuration(100*time.Second))
	defer s.Close()
	a := bearer(t, s, guideXS)
	do(t, s, "GET", "/api/v3/Patient/$export?_type=Patient", kickoffHeaders(a)...)
	var got []string
	for _, step := range []time.Duration{0, 5 * time.Second, 20 * time.Second, 30 * time.Second, 44 * time.Second} {
		clock.add(step)
		w := do(t, s, "GET", "/api/v3/jobs/1", "Authorization", a)
		got = append(got, fmt.Sprint(w.Code, " ", w.Header().Get("X-Progress")))
	}
	clock.add(time.Second)
	w := do(t, s, "GET", "/api/v3/jobs/1", "Authorization", a)
	got = append(got, fmt.Sprint(w.Code))
	want := "202 Pending|202 Pending|202 In Progress (25%)|202 In Progress (55%)|202 In Progress (99%)|200"
	if strings.Join(got, "|") != want {
		t.Fatalf("got  %s\nwant %s", strings.Join(got, "|"), want)
	}
}

func TestJobDurationWithoutPolls(t *testing.T) {
	clock := newClock()
	s := New(WithClock(clock.now), WithJobDuration(time.Minute))
	defer s.Close()
	a := bearer(t, s, advSmall) // rate limited, unlike the guide's test ACOs
	do(t, s, "GET", "/api/v3/Patient/$export", kickoffHeaders(a)...)
	if w := do(t, s, "GET", "/api/v3/Patient/$export", kickoffHeaders(a)...); w.Code != 429 {
		t.Fatalf("duplicate while running: %d", w.Code)
	}
	clock.add(time.Minute)
	if w := do(t, s, "GET", "/api/v3/Patient/$export", kickoffHeaders(a)...); w.Code != 202 {
		t.Fatalf("after the duration, unpolled: %d", w.Code)
	}
	if info, _ := s.Job(1); info.State != StateCompleted || !info.Updated.Equal(dbTime(info.Created.Add(time.Minute))) {
		t.Fatalf("job 1 %+v", info)
	}
}

// TestHealthUnhealthy shows the documented way to get BCDA's 502 /_health:
// a fault with the JSON body, sent as text/plain like BCDA's handler does.
func TestHealthUnhealthy(t *testing.T) {
	s := New()
	defer s.Close()
	body := `{"database":"ok","ssas":"unable to connect","ssas_introspect":"ok"}`
	s.Fail(FaultRule{Path: "/_health", Status: 502, Body: body})
	w := do(t, s, "GET", "/_health")
	if w.Code != 502 || w.Body.String() != body || w.Header().Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Fatalf("%d %q %q", w.Code, w.Body, w.Header().Get("Content-Type"))
	}
	if w := do(t, s, "GET", "/_health"); w.Code != 502 {
		t.Fatalf("Times 0 means every request: %d", w.Code)
	}
	s.ClearFaults()
	if w := do(t, s, "GET", "/_health"); w.Code != 200 || w.Body.String() != `{"database":"ok","ssas":"ok","ssas_introspect":"ok"}` {
		t.Fatalf("healthy: %d %s", w.Code, w.Body)
	}
}
