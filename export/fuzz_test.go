package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

func FuzzParseProgress(f *testing.F) {
	for _, s := range []string{"Pending", "In Progress", "In Progress (42%)", "42% complete", "In Progress, 80%", "", "999%", "12.5%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		state, pct := parseProgress(s)
		if state != Pending && state != InProgress {
			t.Fatalf("%q: state %q", s, state)
		}
		if pct < -1 || pct > 100 {
			t.Fatalf("%q: percent %d", s, pct)
		}
		// A percentage is one the text states: digits, then "%".
		if pct >= 0 && !regexp.MustCompile(`(^|[^0-9])0*`+strconv.Itoa(pct)+`(\.[0-9]+)?\s*%`).MatchString(s) {
			t.Fatalf("%q: percent %d is not in the text", s, pct)
		}
		if strings.Contains(strings.ToLower(s), "pending") && state != Pending {
			t.Fatalf("%q: state %q", s, state)
		}
	})
}

func FuzzDecodeManifest(f *testing.F) {
	f.Add(manifestPage1)
	f.Add(manifestPage2)
	f.Add(`{"output":null,"JobID":"7"}`)
	base, _ := url.Parse(jobURL)
	f.Fuzz(func(t *testing.T, s string) {
		m, err := decodeManifest(strings.NewReader(s), base)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "export: ") || !strings.Contains(err.Error(), "manifest") {
				t.Fatalf("error does not say it is about the manifest: %v", err)
			}
			return
		}
		if m.Output == nil || m.Error == nil {
			t.Fatal("nil output or error list")
		}
		if m.next != "" {
			if u, err := url.Parse(m.next); err != nil || !u.IsAbs() {
				t.Fatalf("next link %q not absolute", m.next)
			}
		}
		var w struct{ TransactionTime any }
		if json.NewDecoder(strings.NewReader(s)).Decode(&w) == nil {
			if ts, ok := w.TransactionTime.(string); ok && ts != "" {
				want, err := time.Parse(time.RFC3339Nano, ts)
				if err != nil || !m.TransactionTime.Equal(want) {
					t.Fatalf("transactionTime %q read as %v", ts, m.TransactionTime)
				}
			}
		}
		for _, file := range append(append(m.Output, m.Error...), m.Deleted...) {
			if u, err := url.Parse(file.URL); err != nil || !u.IsAbs() {
				t.Fatalf("file URL %q not absolute", file.URL)
			}
		}
	})
}

// contentRangeRE is RFC 9110 §14.4's grammar for a 206's Content-Range,
// written independently of parseContentRange to serve as its oracle.
var contentRangeRE = regexp.MustCompile(`^(?i:bytes) ([0-9]+)-([0-9]+)/([0-9]+|\*)$`)

func FuzzParseContentRange(f *testing.F) {
	for _, s := range []string{
		"bytes 0-9/10", "bytes 5-9/*", "bytes */10", "junk", "BYTES 0-0/1",
		"bytes 0-/-2", // issue 13: empty last-pos and a negative length were accepted
		"bytes 9-5/10", "bytes 0-9/9", "bytes +1-2/3", "bytes 1-2/ 3", "bytes  1-2/3",
		"bytes 0-9223372036854775806/9223372036854775807", "bytes 0-1/99999999999999999999",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start, total, ok := parseContentRange(s)
		m := contentRangeRE.FindStringSubmatch(strings.TrimSpace(s))
		var end int64
		want := m != nil
		if want {
			var e1, e2, e3 error
			start0, e1 := strconv.ParseInt(m[1], 10, 64)
			end, e2 = strconv.ParseInt(m[2], 10, 64)
			total0 := int64(-1)
			if m[3] != "*" {
				total0, e3 = strconv.ParseInt(m[3], 10, 64)
			}
			// Valid per the RFC: fits int64, last >= first, length > last.
			want = e1 == nil && e2 == nil && e3 == nil && end >= start0 && (total0 == -1 || total0 > end)
			if want && ok && (start != start0 || total != total0) {
				t.Fatalf("%q: got %d/%d, want %d/%d", s, start, total, start0, total0)
			}
		}
		if ok != want {
			t.Fatalf("%q: ok = %v, the RFC grammar says %v", s, ok, want)
		}
		if ok && (start < 0 || total < -1 || (total >= 0 && total <= start)) {
			t.Fatalf("%q: start %d total %d", s, start, total)
		}
	})
}

func FuzzUnsatisfiedLength(f *testing.F) {
	for _, s := range []string{"bytes */100", " bytes */0", "bytes */*", "bytes 0-1/2", "", "bytes */-3", "bytes */+3", "Bytes */7"} {
		f.Add(s)
	}
	re := regexp.MustCompile(`^(?i:bytes) \*/([0-9]+)$`)
	f.Fuzz(func(t *testing.T, s string) {
		got := unsatisfiedLength(s)
		want := int64(-1)
		if m := re.FindStringSubmatch(strings.TrimSpace(s)); m != nil {
			if n, err := strconv.ParseInt(m[1], 10, 64); err == nil {
				want = n
			}
		}
		if got != want {
			t.Fatalf("unsatisfiedLength(%q) = %d, want %d", s, got, want)
		}
	})
}

// bcdaTypeFilter reads _typeFilter from a kick-off query the way BCDA v3
// does (bcda-app bcda/web/middleware/validation.go GetTypeFilterParams, and
// ../shared/reference/bcda-server.md §3.2 item 6): the parameter's value is
// URL-decoded once more, cut at the first "?", split at "&", and each pair
// cut at its first "="; values are not decoded again.
func bcdaTypeFilter(rawQuery string) (typ string, pairs [][2]string, err error) {
	vals := parseQueryLikeServer(rawQuery)["_typeFilter"]
	if len(vals) != 1 {
		return "", nil, fmt.Errorf("%d _typeFilter parameters", len(vals))
	}
	return splitTypeFilter(vals[0])
}

// parseQueryLikeServer is net/http's Request.URL.Query(): pairs that do not
// parse are dropped silently.
func parseQueryLikeServer(rawQuery string) url.Values {
	v, _ := url.ParseQuery(rawQuery)
	return v
}

// splitTypeFilter is BCDA's reading of one _typeFilter value.
func splitTypeFilter(v string) (typ string, pairs [][2]string, err error) {
	dec, err := url.QueryUnescape(v)
	if err != nil {
		return "", nil, err
	}
	typ, search, ok := strings.Cut(dec, "?")
	if !ok {
		return "", nil, errors.New("missing question mark")
	}
	for _, p := range strings.Split(search, "&") {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			return "", nil, fmt.Errorf("invalid _typeFilter parameter/value: %s", p)
		}
		pairs = append(pairs, [2]string{k, v})
	}
	return typ, pairs, nil
}

func FuzzEncodeTypeFilter(f *testing.F) {
	for _, s := range []string{
		"ExplanationOfBenefit?outcome=complete",
		"ExplanationOfBenefit%3Foutcome%3Dpartial",
		"ExplanationOfBenefit?_tag=https://bluebutton.cms.gov/fhir/CodeSystem/System-Type|SharedSystem,https://bluebutton.cms.gov/fhir/CodeSystem/Final-Action|FinalAction&service-date=gt2024-01-01T00:00:00+05:00",
		"ExplanationOfBenefit%3Fservice-date%3Dge2024%26outcome%3Dcomplete",
		"ExplanationOfBenefit%3F_tag%3Da+b", "ExplanationOfBenefit?_tag=a b&outcome=x=y",
		"Patient?gender=male", "ExplanationOfBenefit?", "ExplanationOfBenefit?outcome", "ExplanationOfBenefit?status=active",
		"ExplanationOfBenefit?outcome=100%", "ExplanationOfBenefit?outcome=%zz", "%zz", "", " ",
	} {
		f.Add(s)
	}
	conn := connection{BaseURL: &url.URL{Scheme: "https", Host: "bcda.example"}, Version: "v3"}
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, filter string) {
		var k kickoff
		err := TypeFilter(filter)(&k)
		var u *url.URL
		if err == nil {
			u, err = kickoffURL(conn, nil, time.Time{}, k, now)
		}
		if err != nil {
			// Refusals happen before any request and say what is wrong
			// with which filter.
			if !errors.Is(err, ErrInvalidRequest) || (strings.TrimSpace(filter) != "" && !strings.Contains(err.Error(), "type filter")) {
				t.Fatalf("%q: %v", filter, err)
			}
			return
		}
		// The request is valid for BCDA: the filter survives its double
		// decoding as exactly the search the caller wrote. A filter with
		// "?" is the search as is; one without is already encoded, as BCDA
		// would receive it.
		typ, pairs, err := bcdaTypeFilter(u.RawQuery)
		if err != nil {
			t.Fatalf("%q: BCDA cannot read %s: %v", filter, u.RawQuery, err)
		}
		f := strings.TrimSpace(filter)
		var wantTyp string
		var want [][2]string
		if strings.Contains(f, "?") {
			wantTyp, want, err = splitTypeFilter(url.QueryEscape(f))
		} else {
			wantTyp, want, err = splitTypeFilter(f)
		}
		if err != nil || typ != wantTyp || !slices.Equal(pairs, want) {
			t.Fatalf("%q: BCDA reads %q %q, the caller meant %q %q (%v)", filter, typ, pairs, wantTyp, want, err)
		}
		if typ != "ExplanationOfBenefit" {
			t.Fatalf("%q: type %q accepted", filter, typ)
		}
		for _, p := range pairs {
			if !slices.Contains(typeFilterParams, p[0]) || p[1] == "" {
				t.Fatalf("%q: parameter %q=%q accepted", filter, p[0], p[1])
			}
		}
	})
}

func FuzzKickoffSince(f *testing.F) {
	f.Add(int64(1581580800), uint32(123456789), int32(5*3600))
	f.Add(int64(1581580800), uint32(0), int32(0))
	f.Add(int64(-62135596800), uint32(0), int32(0))   // year 1
	f.Add(int64(-62135596801), uint32(0), int32(0))   // year 0
	f.Add(int64(-2208988800), uint32(0), int32(1172)) // an LMT-like offset: 19 min 32 s
	f.Add(int64(1795608000), uint32(999999999), int32(-12*3600))
	conn := connection{BaseURL: &url.URL{Scheme: "https", Host: "bcda.example"}, Version: "v2"}
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, sec int64, nsec uint32, offset int32) {
		since := time.Unix(sec, int64(nsec%1e9)).In(time.FixedZone("", int(offset)))
		u, err := kickoffURL(conn, nil, since, kickoff{}, now)
		if err != nil {
			if !errors.Is(err, ErrInvalidRequest) || !strings.Contains(err.Error(), "since") {
				t.Fatalf("%v: %v", since, err)
			}
			if !since.After(now) && since.Year() >= 1 {
				t.Fatalf("%v refused: %v", since, err)
			}
			return
		}
		v := parseQueryLikeServer(u.RawQuery).Get("_since")
		if since.IsZero() {
			if v != "" {
				t.Fatalf("zero since sent as %q", v)
			}
			return
		}
		// BCDA parses _since with time.RFC3339Nano
		// (../shared/reference/bcda-server.md §3.2 item 4).
		got, perr := time.Parse(time.RFC3339Nano, v)
		if perr != nil || !got.Equal(since.Truncate(time.Millisecond)) {
			t.Fatalf("since %v sent as %q, BCDA reads %v (%v)", since, v, got, perr)
		}
	})
}

func FuzzDecodeJobs(f *testing.F) {
	f.Add(`{"resourceType":"Bundle","type":"searchset","total":1,"entry":[{"resource":{"resourceType":"Task","identifier":[{"use":"official","system":"https://h/api/v3/jobs","value":"42"}],"status":"in-progress","intent":"order","input":[{"type":{"text":"BULK FHIR Export"},"valueString":"GET https://h/api/v3/Patient/$export?_type=Patient"}],"executionPeriod":{"start":"2026-11-25T10:00:00Z","end":"2026-11-25T10:05:00Z"}}}]}`)
	f.Add(`{"entry":[{"resource":{"identifier":[{"value":""},{"value":"../../auth/token"}]}},{"resource":{"resourceType":"Patient","identifier":[{"value":"1"}]}}]}{}`)
	f.Add(`{"entry":[{"resource":{"identifier":[{"value":".."}]}},{"resource":{"identifier":[{"value":"a%2Fb?c#d"}]}}]}`)
	f.Add(`{"entry":null}`)
	f.Add(`[]`)
	base, _ := url.Parse("https://bcda.example/prefix")
	conn := &connection{BaseURL: base, Version: "v3"}
	f.Fuzz(func(t *testing.T, s string) {
		jobs, err := decodeJobs(strings.NewReader(s), conn)
		if err != nil {
			if !strings.Contains(err.Error(), "job list") {
				t.Fatalf("error names nothing: %v", err)
			}
			return
		}
		for _, j := range jobs {
			u, err := url.Parse(j.URL)
			if err != nil || u.Host != base.Host || !strings.HasPrefix(u.Path, "/prefix/api/v3/jobs/") {
				t.Fatalf("job %q: URL %q outside the jobs endpoint", j.ID, j.URL)
			}
			// Re-attaching by URL must find the same job.
			job, err := newJob(*conn, u)
			if err != nil || job.ID() != j.ID {
				t.Fatalf("job %q: its URL %q re-attaches to %v (%v)", j.ID, j.URL, job, err)
			}
		}
	})
}

func FuzzSameRequest(f *testing.F) {
	f.Add("https://h/api/v3/Patient/$export?_type=Patient,Coverage&_since=2020-02-13T08:00:00.000%2B05:00",
		"https://other/api/v3/Patient/$export/?_since=2020-02-13T03:00:00Z&_type=Coverage,Patient")
	f.Add("/api/v3/Group/all/$export?_type=Patient&_type=Coverage", "/api/v3/Group/all/$export?_type=Coverage&_type=Patient")
	f.Add("/x?_since=bad", "/x?_since=bad")
	f.Fuzz(func(t *testing.T, a, b string) {
		ua, err1 := url.Parse(a)
		ub, err2 := url.Parse(b)
		if err1 != nil || err2 != nil {
			return
		}
		if !sameRequest(ua, ua) {
			t.Fatalf("%q differs from itself", a)
		}
		if sameRequest(ua, ub) != sameRequest(ub, ua) {
			t.Fatalf("sameRequest(%q, %q) is not symmetric", a, b)
		}
	})
}

func FuzzReadIssues(f *testing.F) {
	f.Add([]byte(`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"exception","details":{"text":"Error retrieving ExplanationOfBenefit for beneficiary MBI 1S00E00AA00 in ACO A9994"}}]}` + "\n" +
		`{"resourceType":"OperationOutcome","issue":[{"severity":"warning","code":"informational","diagnostics":"x"},{"severity":"information"}]}` + "\n"))
	f.Add([]byte("\n\n{}\n{\"resourceType\":\"Patient\"}\n"))
	f.Add([]byte(`{"issue":[{"severity":7}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var whole, bytewise DownloadResult
		err := readIssues(bytes.NewReader(b), "error.ndjson", &whole)
		err2 := readIssues(iotest.OneByteReader(bytes.NewReader(b)), "error.ndjson", &bytewise)
		if (err == nil) != (err2 == nil) || !reflect.DeepEqual(whole, bytewise) {
			t.Fatalf("reading in one-byte pieces changes the result: %v / %v", err, err2)
		}
		lines := bytes.Count(b, []byte("\n")) + 1
		if err != nil {
			// The error names the file and a line that exists.
			m := regexp.MustCompile(`^export: error\.ndjson line (\d+): `).FindStringSubmatch(err.Error())
			if m == nil {
				t.Fatalf("error names no file and line: %v", err)
			}
			if n, _ := strconv.Atoi(m[1]); n < 1 || n > lines {
				t.Fatalf("line %d of %d: %v", n, lines, err)
			}
			return
		}
		if len(whole.Errors) > maxIssues || len(whole.Warnings) > maxIssues ||
			whole.ErrorCount < len(whole.Errors) || whole.WarningCount < len(whole.Warnings) {
			t.Fatalf("counts %d/%d for %d/%d issues kept", whole.ErrorCount, whole.WarningCount, len(whole.Errors), len(whole.Warnings))
		}
		for _, is := range append(whole.Errors, whole.Warnings...) {
			if is.File != "error.ndjson" || is.Line < 1 || is.Line > lines {
				t.Fatalf("issue at %s:%d of %d lines", is.File, is.Line, lines)
			}
		}
	})
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"0", "120", "3601", "-5", "Wed, 25 Nov 2026 12:01:30 GMT", "Wed, 25 Nov 2026 11:00:00 GMT", "99999999999999999999", " 7 ", "1e3"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		d := parseRetryAfter(http.Header{"Retry-After": {v}}, now)
		if d < 0 || d > maxRetryAfter {
			t.Fatalf("%q: %v", v, d)
		}
		// delta-seconds (RFC 9110 §10.2.3) up to a year give exactly that
		// many seconds, capped; larger numbers are Unix times or nonsense
		// for internal/retryafter, and only bounded here.
		if n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 63); err == nil && n <= 365*24*3600 && regexp.MustCompile(`^[0-9]+$`).MatchString(strings.TrimSpace(v)) {
			if want := time.Duration(min(n, uint64(maxRetryAfter/time.Second))) * time.Second; d != want {
				t.Fatalf("%q: %v, want %v", v, d, want)
			}
		}
	})
}

func FuzzDecodeCheckpoint(f *testing.F) {
	const job = "https://bcda.example/api/v3/jobs/42"
	valid := `{
  "version": 1,
  "job": "https://bcda.example/api/v3/jobs/42",
  "files": {
    "Patient-1.ndjson": {
      "url": "https://bcda.example/data/42/Patient-1.ndjson",
      "bytes": 1024,
      "lines": 3,
      "sha256": "` + strings.Repeat("ab", 32) + `",
      "finished": "2026-11-25T10:00:00Z"
    }
  }
}`
	f.Add([]byte(valid), uint16(100))
	f.Add([]byte(strings.Replace(valid, "42\"", "43\"", 1)), uint16(7))
	f.Add([]byte(strings.Replace(valid, `"lines": 3`, `"lines": 3000`, 1)), uint16(0))
	f.Add([]byte(strings.Replace(valid, `"version": 1`, `"version": 2`, 1)), uint16(0))
	f.Add([]byte(strings.Replace(valid, `"bytes"`, `"size"`, 1)), uint16(0))
	f.Add([]byte(valid+"{}"), uint16(0))
	f.Add([]byte(`null`), uint16(0))
	f.Fuzz(func(t *testing.T, b []byte, cut uint16) {
		files, err := decodeCheckpoint(b, "cp.json", job)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "export: checkpoint cp.json ") || !strings.HasSuffix(err.Error(), "(delete it to start over)") {
				t.Fatalf("error names no file or remedy: %v", err)
			}
			return
		}
		for name, e := range files {
			if err := e.check(name); err != nil {
				t.Fatalf("entry %q kept: %v", name, err)
			}
		}
		// What the file says survives a rewrite.
		again, err := json.Marshal(checkpointData{Version: checkpointVersion, Job: job, Files: files})
		if err != nil {
			t.Fatal(err)
		}
		files2, err := decodeCheckpoint(again, "cp.json", job)
		if err != nil || !reflect.DeepEqual(mustJSON(t, files), mustJSON(t, files2)) {
			t.Fatalf("rewritten checkpoint reads differently: %v", err)
		}
		// A truncated file is never taken for a shorter valid one.
		trimmed := bytes.TrimRight(b, " \t\r\n")
		if n := int(cut) % (len(trimmed) + 1); n < len(trimmed) {
			if _, err := decodeCheckpoint(b[:n], "cp.json", job); err == nil {
				t.Fatalf("truncated after %d of %d bytes and accepted", n, len(trimmed))
			}
		}
	})
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
