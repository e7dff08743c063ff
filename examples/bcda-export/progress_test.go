package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestReporterPlain(t *testing.T) {
	var buf bytes.Buffer
	r := newReporter(&buf, false, false)
	r.job("7", "Pending")
	r.job("7", "Pending") // repeated: not printed again
	r.job("7", "In Progress (50%)")
	r.startDownloads(3)
	r.file("a.ndjson", 100, false, false, nil)
	r.file("a.ndjson", 2500, true, false, nil)
	r.file("b.ndjson", 42, true, true, nil)
	r.file("c.ndjson", 0, true, false, errors.New("boom"))
	r.logf("done")
	r.close()
	want := "job 7: Pending\njob 7: In Progress (50%)\nsaved a.ndjson (2.5 kB)\nkept b.ndjson (42 B, verified by an earlier run)\ndone\n"
	if got := buf.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestReporterQuiet(t *testing.T) {
	var buf bytes.Buffer
	r := newReporter(&buf, true, true)
	r.job("7", "Pending")
	r.startDownloads(1)
	r.file("a.ndjson", 1, true, false, nil)
	r.logf("log lines still show")
	r.close()
	if got := buf.String(); got != "log lines still show\n" {
		t.Errorf("got %q", got)
	}
}

// On a terminal the live area is redrawn in place and erased by close, so
// that what follows (the summary) starts on a clean line.
func TestReporterLive(t *testing.T) {
	var buf bytes.Buffer
	now := time.Unix(0, 0)
	r := newReporter(&buf, true, false)
	r.now = func() time.Time { return now }
	r.job("7", "In Progress (50%)")
	r.startDownloads(2)
	r.file("a.ndjson", 1_000_000, false, false, nil)
	now = now.Add(time.Second)
	r.file("a.ndjson", 2_000_000, false, false, nil)
	r.logf("a log line")
	r.close()
	r.logf("after close")
	out := buf.String()
	for _, want := range []string{"job 7: In Progress (50%)", "a.ndjson", "2.0 MB", "2.0 MB/s", "total: 0/2 files", "a log line", "\x1b[J"} {
		if !strings.Contains(out, want) {
			t.Errorf("live output lacks %q:\n%q", want, out)
		}
	}
	// After close nothing is redrawn: the last thing written is the plain line.
	if !strings.HasSuffix(out, "\x1b[Jafter close\n") && !strings.HasSuffix(out, "after close\n") {
		t.Errorf("output after close: %q", out[max(0, len(out)-80):])
	}
	if tail := out[strings.LastIndex(out, "a log line"):]; strings.Count(tail, "total:") > 1 {
		t.Errorf("live area redrawn after close: %q", tail)
	}
}

// A failed file is not counted as saved, and files kept from an earlier run
// (read from disk at once) do not inflate the rate.
func TestReporterLiveFailedAndKept(t *testing.T) {
	var buf bytes.Buffer
	now := time.Unix(0, 0)
	r := newReporter(&buf, true, false)
	r.now = func() time.Time { return now }
	r.startDownloads(3)
	r.file("kept.ndjson", 50_000_000, true, true, nil)
	r.file("b.ndjson", 1_000_000, false, false, nil)
	now = now.Add(time.Second)
	r.file("b.ndjson", 1_000_000, true, false, errors.New("cut"))
	now = now.Add(time.Second)
	r.file("c.ndjson", 6_000_000, false, false, nil)
	out := buf.String()
	last := out[strings.LastIndex(out, "total:"):]
	for _, want := range []string{"total: 1/3 files, 1 failed", "3.5 MB/s"} {
		if !strings.Contains(last, want) {
			t.Errorf("last total line lacks %q: %q", want, last)
		}
	}
	// Byte counts arriving faster than minRedraw do not redraw.
	n := strings.Count(buf.String(), "total:")
	r.file("c.ndjson", 6_500_000, false, false, nil)
	if m := strings.Count(buf.String(), "total:"); m != n {
		t.Errorf("a report within %v of the last redraw drew again", minRedraw)
	}
	r.close()
}

func TestSummaryTable(t *testing.T) {
	var buf bytes.Buffer
	writeSummary(&buf, []savedFile{
		{Type: "Patient", Resources: 50, Bytes: 53384},
		{Type: "ExplanationOfBenefit", Resources: 200, Bytes: 4_000_000},
		{Type: "ExplanationOfBenefit", Resources: 244, Bytes: 5_453_514, Skipped: true},
	})
	want := "" +
		"TYPE                  FILES  RESOURCES    BYTES  SKIPPED\n" +
		"ExplanationOfBenefit      2        444  9453514        1\n" +
		"Patient                   1         50    53384        0\n" +
		"total                     3        494  9506898        1\n"
	if got := buf.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestFormatBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 999: "999 B", 1000: "1.0 kB", 53384: "53.4 kB", 9_453_514: "9.5 MB", 3e9: "3.0 GB"} {
		if got := formatBytes(n); got != want {
			t.Errorf("formatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}
