package fakebcda

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// benchFile sets up an export on a real socket and returns the URL of its
// first file, already generated (so downloads measure serving only).
func benchFile(b *testing.B, target string) (url, authz string) {
	s, ts := NewTestServer(b, WithPendingPolls(0), WithInProgressPolls(0))
	authz = bearer(b, s, guideSmall)
	_, w := runJob(b, s, authz, target)
	if err := s.Warm(1); err != nil {
		b.Fatal(err)
	}
	body := w.Body.String()
	i := strings.Index(body, "http://example.com/data/")
	j := strings.Index(body[i:], `"`)
	return strings.Replace(body[i:i+j], "http://example.com", ts.URL, 1), authz
}

func benchDownload(b *testing.B, url, authz, enc string) {
	var n int64
	for b.Loop() {
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Authorization", authz)
		if enc != "" {
			req.Header.Set("Accept-Encoding", enc)
		}
		resp, err := rawClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		n, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			b.Fatal(resp.StatusCode, err)
		}
	}
	b.SetBytes(n)
}

// BenchmarkServeGzip measures serving a cached Coverage file (2,500
// beneficiaries) with Content-Encoding: gzip; MB/s counts wire bytes.
func BenchmarkServeGzip(b *testing.B) {
	url, authz := benchFile(b, "/api/v3/Patient/$export?_type=Coverage")
	benchDownload(b, url, authz, "gzip")
}

// BenchmarkServePlain measures the same file decompressed by the server;
// MB/s counts NDJSON bytes.
func BenchmarkServePlain(b *testing.B) {
	url, authz := benchFile(b, "/api/v3/Patient/$export?_type=Coverage")
	benchDownload(b, url, authz, "")
}

// BenchmarkServeGzipEOB serves a cached 50-beneficiary EOB file gzipped.
func BenchmarkServeGzipEOB(b *testing.B) {
	url, authz := benchFile(b, "/api/v3/Patient/$export?_type=ExplanationOfBenefit")
	benchDownload(b, url, authz, "gzip")
}

// BenchmarkServePlainEOB serves a 50-beneficiary EOB file plain.
func BenchmarkServePlainEOB(b *testing.B) {
	url, authz := benchFile(b, "/api/v3/Patient/$export?_type=ExplanationOfBenefit")
	benchDownload(b, url, authz, "")
}

// BenchmarkGenerateEOBFile measures cold generation + gzip of one EOB file
// (50 beneficiaries), what the first download of a file costs.
func BenchmarkGenerateEOBFile(b *testing.B) {
	s := New(WithPendingPolls(0), WithInProgressPolls(0))
	defer s.Close()
	authz := bearer(b, s, guideSmall)
	runJob(b, s, authz, "/api/v3/Patient/$export?_type=ExplanationOfBenefit")
	f := s.jobs[1].files[0]
	var plain int64
	for b.Loop() {
		f.forget()
		if _, _, err := s.stored(f); err != nil {
			b.Fatal(err)
		}
	}
	cw := &countWriter{}
	if err := s.writePlain(f, cw); err != nil {
		b.Fatal(err)
	}
	plain = cw.n
	b.SetBytes(plain)
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }
