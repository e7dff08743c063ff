package client

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/fakebcda"
)

// FuzzCheckResponse feeds arbitrary error bodies to checkResponse: the
// error must name the problem, i.e. carry every diagnostics text of an
// OperationOutcome, or else the first line of a plain-text body.
func FuzzCheckResponse(f *testing.F) {
	f.Add(400, []byte(`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"","diagnostics":"x"}]}{}`))
	f.Add(400, []byte(`{"resourceType":"OperationOutcome","issue":[{"severity":"bogus","code":7}]}`))
	f.Add(401, []byte(`Unauthorized`))
	f.Add(404, []byte(`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","details":{"text":"no jobs found"}}]}{"resourceType":"Bundle"}`))
	f.Add(502, []byte("{\"database\":\"ok\",\n\"queue\":\"down\"}"))
	f.Add(429, []byte(" \n"))
	f.Fuzz(func(t *testing.T, code int, body []byte) {
		if code < 100 || code > 999 {
			code = 400 + code%100&0x7f
		}
		resp := response("GET", "https://h/api/v3/Patient/$export?_type=Patient", code, string(body))
		err := checkResponse(resp)
		if code >= 200 && code <= 299 {
			if err != nil {
				t.Fatalf("%d: %v", code, err)
			}
			return
		}
		e, ok := err.(*APIError)
		if !ok {
			t.Fatalf("%T %v", err, err)
		}
		msg := e.Error()
		if !strings.HasPrefix(msg, "GET /api/v3/Patient/$export: ") {
			t.Fatalf("error names no request: %s", msg)
		}
		if e.Outcome != nil {
			var oo struct {
				Issue []struct {
					Diagnostics *string
					Details     *struct{ Text *string }
				}
			}
			if json.NewDecoder(bytes.NewReader(body)).Decode(&oo) != nil {
				t.Fatalf("outcome decoded from %q, which is not one", body)
			}
			for _, is := range oo.Issue {
				text := ""
				if is.Diagnostics != nil {
					text = strings.TrimSpace(*is.Diagnostics)
				}
				if text == "" && is.Details != nil && is.Details.Text != nil {
					text = strings.TrimSpace(*is.Details.Text)
				}
				if !strings.Contains(msg, text) {
					t.Fatalf("error %q lacks the diagnostics %q", msg, text)
				}
			}
			return
		}
		line, _, _ := strings.Cut(e.Body, "\n")
		if line = strings.TrimSpace(line); !strings.Contains(msg, line) && !strings.EqualFold(line, http.StatusText(code)) {
			t.Fatalf("error %q lacks the body's first line %q", msg, line)
		}
	})
}

// secretMarker stands for a signature or token in a URL; the fuzzer decides
// what surrounds it.
const secretMarker = "Zq8SIGNATUREw3"

// FuzzSanitizeURL: sanitizeURL drops the value of a secret-looking query parameter never
// survives, however the rest of the query is written (separators, escapes
// that net/url refuses, repeated keys).
func FuzzSanitizeURL(f *testing.F) {
	f.Add("https://s3.test/f?part=1", "")
	f.Add("https://s3.test/f?a=1;b=2", ";x=1")
	f.Add("https://h/x?", "%zz")
	f.Add("https://u:p@h/x?X-Amz-Credential=c", "&token=2")
	f.Fuzz(func(t *testing.T, head, tail string) {
		u, err := url.Parse(head + "&X-Amz-Signature=" + secretMarker + tail)
		if err != nil || !strings.Contains(u.RawQuery, "&X-Amz-Signature="+secretMarker) {
			return // the marker is not a query value here
		}
		if got := sanitizeURL(u); strings.Contains(got, secretMarker) {
			t.Fatalf("sanitizeURL(%q) = %q", u, got)
		}
		// The logger's scrubbing of free text, with the URL inside a message.
		if got := scrubURLs("GET " + u.String() + " failed"); strings.Contains(got, secretMarker) {
			t.Fatalf("scrubURLs kept the signature: %q", got)
		}
	})
}

func FuzzScrubURLs(f *testing.F) {
	f.Add("downloading ", "https://h/data/1.ndjson?X-Amz-Signature=", ": EOF")
	f.Add("", "HTTPS://h/x?access_token=", "")
	f.Add("url=", "http://h/x?sig=", "\"")
	f.Fuzz(func(t *testing.T, pre, u, post string) {
		s := pre + u + secretMarker + post
		// Only a marker that is the value of a secret-looking parameter:
		// "<separator><name>=" right before it.
		i := strings.LastIndexAny(u, "?&;")
		if i < 0 || !strings.HasSuffix(u, "=") {
			return
		}
		name := u[i+1 : len(u)-1]
		if name == "" || strings.ContainsAny(name, "=&;?#\"'\\ \t\n\v\f\r") || !secretParam(unescapeOr(name)) {
			return
		}
		if got := scrubURLs(s); strings.Contains(got, secretMarker) {
			t.Fatalf("scrubURLs(%q) = %q", s, got)
		}
	})
}

// FuzzDecodeMetadata: the lenient CapabilityStatement decoder never
// fails on a JSON object (it drops what does not fit), and what it returns
// is stable: encoding and decoding it again gives the same statement.
func FuzzDecodeMetadata(f *testing.F) {
	f.Add([]byte(stu3Capability))
	f.Add([]byte(r4Capability))
	f.Add([]byte(`{"resourceType":"CapabilityStatement","rest":[{"operation":[{"name":1},{"name":"x","definition":{"reference":"y"}}]}],"fhirVersion":"9.9"}`))
	f.Add([]byte(`[]`))
	for _, v := range []Version{V1, V2, V3} {
		f.Add(fakeMetadata(f, v))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var cs fhir.CapabilityStatement
		err := decodeLenient(b, &cs)
		if err != nil {
			// Only JSON's own white space may surround the object:
			// bytes.TrimSpace would also take "\v", which JSON refuses.
			if t := bytes.Trim(b, " \t\r\n"); json.Valid(b) && len(t) > 0 && t[0] == '{' {
				panic("lenient decoding refused a JSON object: " + err.Error())
			}
			return
		}
		again, err := json.Marshal(cs)
		if err != nil {
			t.Fatalf("re-encoding: %v", err)
		}
		var cs2 fhir.CapabilityStatement
		if err := json.Unmarshal(again, &cs2); err != nil {
			t.Fatalf("re-decoding %s: %v", again, err)
		}
		if again2, _ := json.Marshal(cs2); !bytes.Equal(again, again2) {
			t.Fatalf("not stable:\n%s\n%s", again, again2)
		}
	})
}

// fakeMetadata is the offline BCDA's CapabilityStatement for v, served in
// memory.
func fakeMetadata(f *testing.F, v Version) []byte {
	fake := fakebcda.New()
	defer fake.Close()
	rec := httptest.NewRecorder()
	fake.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://bcda.test/api/"+string(v)+"/metadata", nil))
	if rec.Code != http.StatusOK {
		f.Fatalf("%s metadata: %d", v, rec.Code)
	}
	return rec.Body.Bytes()
}

func FuzzParseTimestamp(f *testing.F) {
	for _, s := range []string{"2020-12-22 22:31:40.397916+00", "2026-11-25T10:00:00Z", "2020-12-22 22:31:40+05:30", "2020-12-22", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ts, err := parseTimestamp(s)
		if err != nil {
			if !strings.Contains(err.Error(), "unreadable timestamp") {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		// Whatever form it came in, RFC 3339 holds the same instant.
		back, err := time.Parse(time.RFC3339Nano, ts.Format(time.RFC3339Nano))
		if err != nil || !back.Equal(ts) {
			t.Fatalf("%q → %v → %v (%v)", s, ts, back, err)
		}
	})
}

func unescapeOr(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}
