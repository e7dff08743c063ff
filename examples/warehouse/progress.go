package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// progress reports a load as it goes: redrawn in place on a terminal, a
// line per file otherwise, nothing when quiet.
type progress struct {
	w     io.Writer
	tty   bool
	quiet bool
	last  time.Time
	label string
}

func newProgress(w io.Writer, quiet bool) *progress {
	p := &progress{w: w, quiet: quiet}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

func (p *progress) logf(format string, args ...any) {
	if p.quiet {
		return
	}
	p.warnf(format, args...)
}

// warnf reports what the user must see even with -no-progress: bad lines.
func (p *progress) warnf(format string, args ...any) {
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintf(p.w, "warehouse: "+format+"\n", args...)
}

// file announces the next input file.
func (p *progress) file(i, n int, name string) {
	p.label = fmt.Sprintf("file %d/%d", i, n)
	if !p.tty {
		p.logf("loading %s (%s)", name, p.label)
	}
}

// update redraws the counters, at most a few times a second.
func (p *progress) update(st *stats) {
	if p.quiet || !p.tty || time.Since(p.last) < 200*time.Millisecond {
		return
	}
	p.last = time.Now()
	fmt.Fprintf(p.w, "\r\033[K%s: %s resources, %s rows, %s bad lines", p.label, group(st.total()), group(st.totalRows()), group(st.bad))
}

// done clears the progress line.
func (p *progress) done() {
	if !p.quiet && p.tty {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

// group writes n with thousands separators: 1234567 → 1,234,567.
func group(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// summary prints the row counts of a committed load (rows loaded now and
// rows in each table afterwards), what it read, and how fast: rows per
// second of the load (from the transaction's start to its commit, download
// included when exporting now) and the time the views took, summed over
// the workers running them.
func summary(w io.Writer, tables []*table, st *stats, totals map[string]int64, elapsed time.Duration, workers int) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "table\tloaded rows\trows in table\t")
	for _, t := range tables {
		fmt.Fprintf(tw, "%s\t%s\t%s\t\n", t.name, group(st.rows[t.name]), group(totals[t.name]))
	}
	tw.Flush()
	types := make([]string, 0, len(st.resources))
	for t := range st.resources {
		types = append(types, t)
	}
	slices.Sort(types)
	var parts []string
	for _, t := range types {
		parts = append(parts, fmt.Sprintf("%s %s", group(st.resources[t]), t))
	}
	if len(parts) == 0 {
		parts = []string{"no resources"}
	}
	fmt.Fprintf(w, "resources: %s; %s bad lines skipped; %s lines of other types\n",
		strings.Join(parts, ", "), group(st.bad), group(st.other))
	rate := 0.0
	if elapsed > 0 {
		rate = float64(st.totalRows()) / elapsed.Seconds()
	}
	plural := "s"
	if workers == 1 {
		plural = ""
	}
	fmt.Fprintf(w, "loaded in %s: %s rows/s; views %s of worker time (%d worker%s)\n",
		elapsed.Round(time.Millisecond), group(int64(rate)), st.evalTime.Round(time.Millisecond), workers, plural)
}
