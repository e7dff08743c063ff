package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bcda-go/bcda/client/offline"
	"github.com/bcda-go/bcda/fhir/view/bcda"
	"github.com/bcda-go/bcda/ndjson"
)

// fakeExport saves a v3 export of n synthetic beneficiaries from the
// offline BCDA with export.Download (the writer bcda-export uses) and
// returns its folder.
func fakeExport(tb testing.TB, n int) string {
	tb.Helper()
	srv, err := offline.Start(offline.Polls(0, 0), offline.Beneficiaries(n))
	if err != nil {
		tb.Fatal(err)
	}
	defer srv.Close()
	c, err := srv.NewClient()
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	job, err := c.Export(ctx, nil, time.Time{})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := job.Wait(ctx); err != nil {
		tb.Fatal(err)
	}
	dir := filepath.Join(tb.TempDir(), "job")
	if _, err := job.Download(ctx, dir); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// BenchmarkLoad loads one export of 200 beneficiaries (about 2,000 claims)
// into a new DuckDB file per iteration, and, as the baseline in the same
// run, only runs the seven views over the same files (decode and views, no
// database). Metrics: rows/s, and for the 1-worker load the share of its
// time spent outside the views: 1 − (views-only time ÷ load time).
//
//	go test -run XXX -bench Load -benchtime 3x -benchmem ./examples/warehouse/
func BenchmarkLoad(b *testing.B) {
	dir := fakeExport(b, 200)
	var size int64
	files, _ := filepath.Glob(filepath.Join(dir, "*.ndjson"))
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil && !strings.Contains(f, "-error-") {
			size += fi.Size()
		}
	}
	views, err := bcda.All(bcda.V3)
	if err != nil {
		b.Fatal(err)
	}
	tables := make([]*table, len(views))
	for i, v := range views {
		tables[i], _ = newTable(v)
	}

	var viewsPerOp float64 // seconds per pass of the views alone, the baseline
	b.Run("views-only", func(b *testing.B) {
		b.SetBytes(size)
		var rows int64
		n := 0
		l := newLoader(tables, 1, newProgress(&bytes.Buffer{}, true))
		for b.Loop() {
			n++
			for _, f := range files {
				data, _ := os.ReadFile(f)
				n := 0
				for line, err := range ndjson.Lines(bytes.NewReader(data)) {
					n++
					if err != nil {
						b.Fatal(err)
					}
					e := l.eval(line, n)
					for _, rs := range e.rows {
						rows += int64(len(rs))
					}
				}
			}
		}
		b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
		viewsPerOp = b.Elapsed().Seconds() / float64(n)
	})
	for _, workers := range []int{1, 2} {
		b.Run("duckdb/workers="+string(rune('0'+workers)), func(b *testing.B) {
			b.SetBytes(size)
			var rows int64
			n := 0
			for b.Loop() {
				n++
				dbPath := filepath.Join(b.TempDir(), "w.duckdb")
				st, err := openDuckDB(dbPath)
				if err != nil {
					b.Fatal(err)
				}
				saved, err := savedExports(dir)
				if err != nil {
					b.Fatal(err)
				}
				l := newLoader(tables, workers, newProgress(&bytes.Buffer{}, true))
				tx, err := st.begin(context.Background(), tables)
				if err != nil {
					b.Fatal(err)
				}
				if err := l.load(context.Background(), tx, saved[0].files); err != nil {
					b.Fatal(err)
				}
				if err := tx.commit(context.Background(), loadRecord{APIVersion: "v3", Mode: "full", TransactionTime: saved[0].transactionTime}); err != nil {
					b.Fatal(err)
				}
				st.close()
				rows += l.st.totalRows()
			}
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
			if workers == 1 && viewsPerOp > 0 {
				// Against the baseline of the same run: the loader's own
				// per-worker clock counts time its goroutine waits for a
				// CPU that DuckDB's threads hold, so on a busy machine the
				// baseline ratio is the truer split.
				b.ReportMetric(1-viewsPerOp/(b.Elapsed().Seconds()/float64(n)), "share-outside-views")
			}
		})
	}
}
