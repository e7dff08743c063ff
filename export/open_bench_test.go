package export

import (
	"context"
	"io"
	"testing"
)

// BenchmarkOpen streams one 8 MB file (gzip on the wire, from loopback)
// through Open; allocations per op stay constant whatever the file size.
//
//	go test -run '^$' -bench BenchmarkOpen -benchmem ./export/
func BenchmarkOpen(b *testing.B) {
	for _, tc := range []struct {
		name  string
		lines int
	}{{"1MB", 4500}, {"8MB", 36000}} {
		b.Run(tc.name, func(b *testing.B) {
			content := ndjsonContent(7, tc.lines)
			fs := newFileServer(map[string][]byte{"f.ndjson": content})
			j, _ := newFileTest(b, fs)
			benchOpen(b, j, len(content))
		})
	}
}

// benchOpen streams the job's first output file per iteration.
func benchOpen(b *testing.B, j *Job, size int) {
	buf := make([]byte, 256<<10)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		rc, err := j.Open(context.Background(), j.manifest.Output[0])
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{rc}, buf); err != nil {
			b.Fatal(err)
		}
		rc.Close()
	}
}
