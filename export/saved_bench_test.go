package export

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/bcda-go/bcda/internal/perm"
)

// BenchmarkSavedOverhead measures what the saved layout adds to a download
// of many small files over loopback, where per-file costs show most: the
// share of writing manifest.json and reading it back (OpenSaved) in the
// whole Download, and the cost of Permissions, which sets the modes of
// everything already there, against the private default in the same run.
//
//	go test -run '^$' -bench BenchmarkSavedOverhead -benchtime 20x -benchmem ./export/
func BenchmarkSavedOverhead(b *testing.B) {
	j, _, _ := downloadFixture(b, 64, 50)
	ctx := context.Background()
	root := b.TempDir()
	var download, widened, manifest, reopen time.Duration
	n := 0
	for b.Loop() {
		dir := filepath.Join(root, fmt.Sprint(n))
		n++
		start := time.Now()
		res, err := j.Download(ctx, dir)
		if err != nil {
			b.Fatal(err)
		}
		download += time.Since(start)

		start = time.Now()
		if err := writeSavedManifest(dir, j.URL(), j.manifest, res, perm.Private); err != nil {
			b.Fatal(err)
		}
		manifest += time.Since(start)

		start = time.Now()
		if _, err := OpenSaved(dir); err != nil {
			b.Fatal(err)
		}
		reopen += time.Since(start)

		// Again into the same folder with Permissions: every file is
		// fetched again (no checkpoint) and every mode set.
		start = time.Now()
		if _, err := j.Download(ctx, dir, Permissions(0o640, 0o750)); err != nil {
			b.Fatal(err)
		}
		widened += time.Since(start)
	}
	b.ReportMetric(100*manifest.Seconds()/download.Seconds(), "manifest_%")
	b.ReportMetric(100*reopen.Seconds()/download.Seconds(), "opensaved_%")
	b.ReportMetric(widened.Seconds()/download.Seconds(), "permissions_ratio")
	b.ReportMetric(float64(download.Microseconds())/float64(n)/66, "us/file")
}
