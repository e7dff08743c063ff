package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// isTerminal reports whether w is a character device (a terminal), where a
// live, redrawn display makes sense; pipes, files and buffers get log lines.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// reporter shows what the command is doing. On a terminal it keeps a live
// area at the bottom (the job's X-Progress, then per-file and total bytes
// with rates) redrawn in place; elsewhere it writes one plain line per event.
// Log lines go above the live area in both modes. Safe for concurrent use:
// downloads report from several goroutines.
type reporter struct {
	w     io.Writer
	live  bool
	quiet bool // -no-progress: log lines only
	now   func() time.Time

	mu        sync.Mutex
	drawn     int // lines of live area currently on screen
	lastDraw  time.Time
	jobLine   string
	lastJob   string
	dlStart   time.Time
	files     map[string]*fileStat
	order     []string
	doneFiles int // saved or kept
	failed    int
	total     int // files expected, when known
	stop      chan struct{}
	stopped   chan struct{}
}

type fileStat struct {
	bytes int64
	// first and start are the bytes and time of the first report: reports
	// come every 256 KiB or so, so a rate counted from zero would overstate.
	first int64
	start time.Time
	done  bool
	// skipped files arrive all at once from disk: they count in the total
	// but not in the rate.
	skipped bool
}

func newReporter(w io.Writer, live, quiet bool) *reporter {
	return &reporter{w: w, live: live && !quiet, quiet: quiet, now: time.Now, files: map[string]*fileStat{}}
}

// logf writes a log line, above the live area when there is one.
func (r *reporter) logf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clearLocked()
	fmt.Fprintf(r.w, format+"\n", args...)
	r.drawLocked()
}

// job shows the job's progress text (X-Progress) as the server reports it.
func (r *reporter) job(id, text string) {
	if r.quiet {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	line := fmt.Sprintf("job %s: %s", id, text)
	if r.live {
		r.jobLine = line
		r.redrawLocked()
		return
	}
	if line != r.lastJob {
		fmt.Fprintln(r.w, line)
	}
	r.lastJob = line
}

// startDownloads switches the live area from the job line to file progress.
func (r *reporter) startDownloads(files int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clearLocked()
	r.jobLine = ""
	r.dlStart = r.now()
	r.total = files
	r.drawLocked()
	if r.live && r.stop == nil {
		// Rates change even when no bytes arrive; redraw on a ticker.
		r.stop, r.stopped = make(chan struct{}), make(chan struct{})
		go r.tick(r.stop, r.stopped)
	}
}

func (r *reporter) tick(stop, stopped chan struct{}) {
	defer close(stopped)
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			r.mu.Lock()
			r.redrawLocked()
			r.mu.Unlock()
		}
	}
}

// file records a download's progress: decompressed bytes so far, then one
// final report when it is done, skipped (already saved and verified) or failed.
func (r *reporter) file(name string, bytes int64, done, skipped bool, err error) {
	if r.quiet {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	fs, ok := r.files[name]
	if !ok {
		fs = &fileStat{start: r.now(), first: bytes}
		r.files[name] = fs
		r.order = append(r.order, name)
	}
	if fs.done {
		return
	}
	fs.bytes = bytes
	if done {
		fs.done, fs.skipped = true, skipped
		if err != nil {
			r.failed++
		} else {
			r.doneFiles++
		}
		if !r.live {
			switch {
			case err != nil:
				// Reported with the others once Download returns.
			case skipped:
				fmt.Fprintf(r.w, "kept %s (%s, verified by an earlier run)\n", name, formatBytes(bytes))
			default:
				fmt.Fprintf(r.w, "saved %s (%s)\n", name, formatBytes(bytes))
			}
		}
	}
	// Reports come every 256 KiB per file: at hundreds of MB/s, redrawing
	// on each would flood the terminal. The ticker catches up in between.
	if r.live && (done || r.now().Sub(r.lastDraw) >= minRedraw) {
		r.redrawLocked()
	}
}

// minRedraw is the shortest pause between two redraws caused by byte counts.
const minRedraw = 100 * time.Millisecond

// close removes the live area and stops the redraw ticker.
func (r *reporter) close() {
	r.mu.Lock()
	stop, stopped := r.stop, r.stopped
	r.stop = nil
	r.clearLocked()
	// Nothing is drawn again until the next startDownloads or job line.
	r.jobLine = ""
	r.dlStart = time.Time{}
	r.total, r.doneFiles, r.failed = 0, 0, 0
	r.files = map[string]*fileStat{}
	r.order = nil
	r.mu.Unlock()
	if stop != nil {
		close(stop)
		<-stopped
	}
}

func (r *reporter) redrawLocked() {
	r.clearLocked()
	r.drawLocked()
}

// clearLocked erases the live area: cursor up over it, clearing each line.
func (r *reporter) clearLocked() {
	if !r.live || r.drawn == 0 {
		return
	}
	fmt.Fprintf(r.w, "\x1b[%dA\x1b[J", r.drawn)
	r.drawn = 0
}

func (r *reporter) drawLocked() {
	if !r.live {
		return
	}
	lines := r.liveLinesLocked()
	for _, l := range lines {
		fmt.Fprintf(r.w, "\r\x1b[K%s\n", l)
	}
	r.drawn = len(lines)
	r.lastDraw = r.now()
}

// maxFileLines caps the files in progress listed one per line; the rest are
// counted on one line so that the live area fits a terminal.
const maxFileLines = 8

// liveLinesLocked renders the live area: the job line while waiting, then up
// to maxFileLines files in progress and a total line while downloading.
func (r *reporter) liveLinesLocked() []string {
	if r.jobLine != "" {
		return []string{r.jobLine}
	}
	if r.dlStart.IsZero() {
		return nil
	}
	now := r.now()
	var lines []string
	var total, fetched int64
	active := 0
	for _, name := range r.order {
		fs := r.files[name]
		total += fs.bytes
		if !fs.skipped {
			fetched += fs.bytes
		}
		if fs.done {
			continue
		}
		active++
		if active <= maxFileLines {
			lines = append(lines, fmt.Sprintf("  %-44s %10s  %s", shorten(name, 44), formatBytes(fs.bytes), formatRate(fs.bytes-fs.first, now.Sub(fs.start))))
		}
	}
	if active > maxFileLines {
		lines = append(lines, fmt.Sprintf("  … and %d more", active-maxFileLines))
	}
	of := ""
	if r.total > 0 {
		of = fmt.Sprintf("/%d", r.total)
	}
	failed := ""
	if r.failed > 0 {
		failed = fmt.Sprintf(", %d failed", r.failed)
	}
	lines = append(lines, fmt.Sprintf("  total: %d%s files%s  %s  %s", r.doneFiles, of, failed, formatBytes(total), formatRate(fetched, now.Sub(r.dlStart))))
	return lines
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n+1:]
}

// formatBytes prints a byte count with a decimal unit, as download tools do.
func formatBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	units := []string{"kB", "MB", "GB", "TB"}
	f := float64(n) / unit
	i := 0
	for f >= unit && i < len(units)-1 {
		f /= unit
		i++
	}
	return fmt.Sprintf("%.1f %s", f, units[i])
}

func formatRate(n int64, d time.Duration) string {
	if d < 100*time.Millisecond {
		return ""
	}
	return formatBytes(int64(float64(n)/d.Seconds())) + "/s"
}
