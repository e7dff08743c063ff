package export

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestOpenFaults(t *testing.T) {
	t.Parallel()
	content := ndjsonContent(1, 800) // ~170 KB, ~130 KB gzipped
	tests := []struct {
		name      string
		setup     func(*fileServer)
		oneByte   bool
		requests  int
		ranged    int
		rangeAsks int
		wantErr   bool
		wantIs    error
		wantAll   bool // the error comes after the whole content
		wantInErr []string
	}{
		{name: "gzip", setup: func(*fileServer) {}, requests: 1},
		{name: "plain", setup: func(fs *fileServer) { fs.plain = true }, requests: 1},
		{name: "plain with length", setup: func(fs *fileServer) { fs.plain, fs.length = true, true }, requests: 1},
		{name: "cut, range resume", setup: func(fs *fileServer) { fs.ranges, fs.cutAt, fs.cuts = true, 64<<10, 1 }, requests: 2, ranged: 1},
		{name: "cut, refetch and skip", setup: func(fs *fileServer) { fs.cutAt, fs.cuts = 64<<10, 1 }, requests: 2},
		{name: "cut, refetch, small reads", setup: func(fs *fileServer) { fs.cutAt, fs.cuts = 64<<10, 2 }, oneByte: true, requests: 3},
		{name: "cut plain with length, refetch", setup: func(fs *fileServer) { fs.plain, fs.length, fs.cutAt, fs.cuts = true, true, 100<<10, 1 }, requests: 2},
		{name: "cut plain, range resume", setup: func(fs *fileServer) { fs.plain, fs.ranges, fs.cutAt, fs.cuts = true, true, 100<<10, 1 }, requests: 2, ranged: 1},
		{name: "cut every response, ranges carry on", setup: func(fs *fileServer) { fs.ranges, fs.cutAt, fs.cuts = true, 48<<10, 100 }, requests: 0},
		// The server says it takes ranges but answers the Range request with
		// the whole file: that answer is the refetch, skipped to the offset.
		{name: "cut, Range answered 200", setup: func(fs *fileServer) { fs.noRange, fs.cutAt, fs.cuts = true, 64<<10, 1 }, requests: 2, rangeAsks: 1},
		{name: "cut plain, Range answered 200", setup: func(fs *fileServer) {
			fs.plain, fs.noRange, fs.length, fs.cutAt, fs.cuts = true, true, true, 100<<10, 1
		}, requests: 2, rangeAsks: 1},
		// Cut after the last byte, before the chunked body's end: the Range
		// request for the rest is answered 416 "bytes */<size>", which
		// means nothing is missing.
		{name: "cut after the last byte, ranges", setup: func(fs *fileServer) { fs.ranges, fs.cutAt, fs.cuts = true, -1, 1 }, requests: 2, rangeAsks: 1},
		{name: "truncated gzip", setup: func(fs *fileServer) { fs.truncs = 1 }, requests: 2},
		{name: "truncated gzip with ranges", setup: func(fs *fileServer) { fs.ranges, fs.truncs = true, 1 }, requests: 2},
		{name: "corrupt gzip", setup: func(fs *fileServer) { fs.corrupt = 1 },
			requests: 1, wantErr: true, wantInErr: []string{"/data/f.ndjson"}},
		// Valid deflate data, wrong CRC-32 in the trailer: only the trailer
		// check can catch it, after every byte has been delivered.
		{name: "bad CRC in gzip trailer", setup: func(fs *fileServer) { fs.badCRC = 1 },
			requests: 1, wantErr: true, wantIs: gzip.ErrChecksum, wantAll: true, wantInErr: []string{"/data/f.ndjson", "checksum", fmt.Sprintf("failed at byte %d", len(content))}},
		{name: "cut every response, no ranges", setup: func(fs *fileServer) { fs.cutAt, fs.cuts = 64<<10, 100 },
			requests: 1 + maxStalls, wantErr: true, wantInErr: []string{"/data/f.ndjson", "failed at byte", "gave up after"}},
		{name: "truncated every time", setup: func(fs *fileServer) { fs.truncs = 100 },
			requests: 1 + maxStalls, wantErr: true, wantInErr: []string{"/data/f.ndjson", "unexpected EOF"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fs := newFileServer(map[string][]byte{"f.ndjson": content})
			tc.setup(fs)
			j, _ := newFileTest(t, fs)
			rc, err := j.Open(context.Background(), j.manifest.Output[0])
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			var r io.Reader = rc
			if tc.oneByte {
				r = smallReads{rc, 97}
			}
			got, err := io.ReadAll(r)
			reqs, ranged := fs.count()
			if tc.wantErr {
				var fe *FileError
				if !errors.As(err, &fe) {
					t.Fatalf("err = %v, want *FileError", err)
				}
				for _, s := range tc.wantInErr {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q lacks %q", err, s)
					}
				}
				if tc.wantIs != nil && !errors.Is(err, tc.wantIs) {
					t.Errorf("err = %v, want it to match %v", err, tc.wantIs)
				}
				if tc.wantAll && !bytes.Equal(got, content) {
					t.Errorf("delivered %d bytes before the error, want all %d", len(got), len(content))
				}
				if fe.Offset != int64(len(got)) {
					t.Errorf("offset %d, delivered %d", fe.Offset, len(got))
				}
				if tc.name != "corrupt gzip" && !bytes.Equal(got, content[:len(got)]) {
					t.Errorf("delivered bytes differ from the file's prefix")
				}
			} else {
				if err != nil {
					t.Fatalf("read: %v", err)
				}
				if !bytes.Equal(got, content) {
					t.Fatalf("content differs: got %d bytes, want %d", len(got), len(content))
				}
			}
			if tc.requests > 0 && reqs != tc.requests && !(tc.wantErr && reqs > tc.requests && reqs <= tc.requests+2) {
				t.Errorf("requests = %d, want %d", reqs, tc.requests)
			}
			if ranged != tc.ranged && tc.requests > 0 {
				t.Errorf("range requests = %d, want %d", ranged, tc.ranged)
			}
			if tc.rangeAsks > 0 && fs.rangeAsks != tc.rangeAsks {
				t.Errorf("requests with Range = %d, want %d", fs.rangeAsks, tc.rangeAsks)
			}
		})
	}
}

// smallReads reads at most n bytes at a time.
type smallReads struct {
	r io.Reader
	n int
}

func (s smallReads) Read(p []byte) (int, error) { return s.r.Read(p[:min(len(p), s.n)]) }

func TestOpenTokenOnlyToBaseOrigin(t *testing.T) {
	t.Parallel()
	content := ndjsonContent(2, 10)
	home := newFileServer(map[string][]byte{"a.ndjson": content})
	foreign := newFileServer(map[string][]byte{"b.ndjson": content})
	j, _ := newFileTest(t, home)
	fts := httptest.NewServer(foreign)
	defer fts.Close()

	read := func(url string, requires bool) {
		t.Helper()
		j.manifest.RequiresAccessToken = requires
		rc, err := j.Open(context.Background(), File{Type: "Patient", URL: url})
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || !bytes.Equal(got, content) {
			t.Fatalf("read %s: %v (%d bytes)", url, err, len(got))
		}
	}
	read(j.manifest.Output[0].URL, true)
	read(j.manifest.Output[0].URL, false)
	read(fts.URL+"/data/b.ndjson", true)
	if got := home.auths; len(got) != 2 || got[0] != "Bearer tok0" || got[1] != "" {
		t.Errorf("base origin Authorization headers = %q, want [Bearer tok0, none]", got)
	}
	if got := foreign.auths; len(got) != 1 || got[0] != "" {
		t.Errorf("foreign origin got Authorization %q", got)
	}
}

func TestOpenTokenExpiresMidDownload(t *testing.T) {
	t.Parallel()
	content := ndjsonContent(3, 800)
	fs := newFileServer(map[string][]byte{"f.ndjson": content})
	fs.token, fs.rotate, fs.ranges, fs.cutAt, fs.cuts = "tok0", true, true, 64<<10, 1
	j, _ := newFileTest(t, fs)
	b := j.conn.API.Transport.(*bearer)
	rc, err := j.Open(context.Background(), j.manifest.Output[0])
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || !bytes.Equal(got, content) {
		t.Fatalf("read: %v, %d of %d bytes", err, len(got), len(content))
	}
	reqs, ranged := fs.count()
	// original, resume answered 401, resume replayed with the new token
	if reqs != 3 || ranged != 1 || b.issued != 1 {
		t.Errorf("requests %d, ranged %d, tokens issued %d; want 3, 1, 1", reqs, ranged, b.issued)
	}
}

func TestOpenErrors(t *testing.T) {
	t.Parallel()
	fs := newFileServer(map[string][]byte{"f.ndjson": []byte("{}\n")})
	j, ts := newFileTest(t, fs)
	_, err := j.Open(context.Background(), File{URL: ts.URL + "/data/missing.ndjson"})
	var ae *testAPIError
	if !errors.As(err, &ae) || ae.code != http.StatusNotFound {
		t.Fatalf("missing file: err = %v, want the CheckResponse error for 404", err)
	}
	if _, err := j.Open(context.Background(), File{URL: "/relative"}); !errors.Is(err, ErrInvalidRequest) {
		t.Errorf("relative URL: err = %v", err)
	}
	fs.status = []int{http.StatusTooManyRequests}
	_, err = j.Open(context.Background(), j.manifest.Output[0])
	if !errors.Is(err, errTestRateLimited) {
		t.Errorf("429: err = %v, want it to match the client's ErrRateLimited", err)
	}
}

func TestOpenEmptyFile(t *testing.T) {
	t.Parallel()
	for _, plain := range []bool{false, true} {
		fs := newFileServer(map[string][]byte{"e.ndjson": {}})
		fs.plain = plain
		j, _ := newFileTest(t, fs)
		rc, err := j.Open(context.Background(), j.manifest.Output[0])
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || len(got) != 0 {
			t.Errorf("plain=%v: %q, %v", plain, got, err)
		}
	}
}

func TestParseContentRange(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in           string
		start, total int64
		ok           bool
	}{
		{"bytes 10-99/100", 10, 100, true},
		{"bytes 0-0/*", 0, -1, true},
		{"bytes */100", 0, 0, false},
		{"items 1-2/3", 0, 0, false},
		{"", 0, 0, false},
	} {
		s, tot, ok := parseContentRange(tc.in)
		if s != tc.start || tot != tc.total || ok != tc.ok {
			t.Errorf("%q → %d %d %v", tc.in, s, tot, ok)
		}
	}
}

func TestUnsatisfiedLength(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{"bytes */100": 100, " bytes */0": 0, "bytes */*": -1, "bytes 0-1/2": -1, "": -1, "bytes */-3": -1} {
		if got := unsatisfiedLength(in); got != want {
			t.Errorf("%q → %d, want %d", in, got, want)
		}
	}
}

// Random combinations of faults, fewer than the retry budget: the reader
// gets the file's bytes exactly once.
func TestOpenRandomFaults(t *testing.T) {
	t.Parallel()
	content := ndjsonContent(5, 300) // about 64 KB
	for seed := range uint64(30) {
		r := rand.New(rand.NewPCG(seed, 99))
		fs := newFileServer(map[string][]byte{"f.ndjson": content})
		fs.ranges = r.IntN(2) == 0
		fs.noRange = !fs.ranges && r.IntN(2) == 0
		fs.plain = r.IntN(4) == 0
		fs.length = r.IntN(3) == 0
		fs.cutAt = int64(1 + r.IntN(40<<10))
		fs.cuts = r.IntN(4)
		fs.truncs = r.IntN(3)
		desc := fmt.Sprintf("seed %d: ranges=%v noRange=%v plain=%v length=%v cutAt=%d cuts=%d truncs=%d",
			seed, fs.ranges, fs.noRange, fs.plain, fs.length, fs.cutAt, fs.cuts, fs.truncs)
		j, _ := newFileTest(t, fs)
		rc, err := j.Open(context.Background(), j.manifest.Output[0])
		if err != nil {
			t.Fatalf("%s: %v", desc, err)
		}
		got, err := io.ReadAll(smallReads{rc, 1 + r.IntN(70000)})
		rc.Close()
		if err != nil {
			t.Errorf("%s: %v after %d bytes", desc, err, len(got))
			continue
		}
		if !bytes.Equal(got, content) {
			t.Errorf("%s: got %d bytes, want %d, equal prefix %v", desc, len(got), len(content), bytes.HasPrefix(content, got))
		}
	}
}

// Range resumes that make no progress spend the budget; the error names the
// file and the offset once, and nothing is fetched after giving up.
func TestOpenRangeResumesSpendBudget(t *testing.T) {
	t.Parallel()
	content := ndjsonContent(6, 200)
	fs := newFileServer(map[string][]byte{"f.ndjson": content})
	fs.ranges, fs.cutAt, fs.cuts = true, 1000, 1
	j, _ := newFileTest(t, fs)
	rc, err := j.Open(context.Background(), j.manifest.Output[0])
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	fs.mu.Lock()
	fs.cutAt, fs.cuts = 0, 100 // from now on every response is cut before its first byte
	fs.mu.Unlock()
	got, err := io.ReadAll(rc)
	var fe *FileError
	if !errors.As(err, &fe) || fe.Offset != int64(len(got)) || len(got) == 0 || !bytes.Equal(got, content[:len(got)]) {
		t.Fatalf("err = %v after %d bytes", err, len(got))
	}
	if msg := err.Error(); strings.Count(msg, "/data/f.ndjson") != 1 || !strings.Contains(msg, "gave up after") {
		t.Errorf("error %q: want the file named once and the attempts", msg)
	}
	if reqs, ranged := fs.count(); reqs != 1+maxStalls || ranged != maxStalls {
		t.Errorf("%d requests (%d ranged), want %d (%d)", reqs, ranged, 1+maxStalls, maxStalls)
	}
	if _, err2 := rc.Read(make([]byte, 10)); err2 != err {
		t.Errorf("read after the failure: %v, want the same error", err2)
	}
}
