package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
)

// savedFile is one file of the manifest as saved under -out.
type savedFile struct {
	Type      string // the manifest's type: a resource type or OperationOutcome
	Path      string
	Resources int64 // lines, one resource each
	Bytes     int64 // decompressed
	Skipped   bool  // already saved and verified by an earlier run
}

// writeSummary prints the table scripts and people read at the end: files,
// resources and bytes per type, and the totals. Numbers are plain integers
// so that scripts can parse them.
func writeSummary(w io.Writer, files []savedFile) {
	type row struct {
		files, skipped   int
		resources, bytes int64
	}
	rows := map[string]*row{}
	var total row
	for _, f := range files {
		r := rows[f.Type]
		if r == nil {
			r = &row{}
			rows[f.Type] = r
		}
		for _, r := range []*row{r, &total} {
			r.files++
			r.resources += f.Resources
			r.bytes += f.Bytes
			if f.Skipped {
				r.skipped++
			}
		}
	}
	table := [][]string{{"TYPE", "FILES", "RESOURCES", "BYTES", "SKIPPED"}}
	line := func(name string, r *row) []string {
		return []string{name, strconv.Itoa(r.files), strconv.FormatInt(r.resources, 10), strconv.FormatInt(r.bytes, 10), strconv.Itoa(r.skipped)}
	}
	for _, t := range slices.Sorted(maps.Keys(rows)) {
		table = append(table, line(t, rows[t]))
	}
	table = append(table, line("total", &total))

	width := make([]int, len(table[0]))
	for _, cells := range table {
		for i, c := range cells {
			width[i] = max(width[i], len(c))
		}
	}
	for _, cells := range table {
		fmt.Fprintf(w, "%-*s", width[0], cells[0])
		for i := 1; i < len(cells); i++ {
			fmt.Fprintf(w, "  %*s", width[i], cells[i])
		}
		fmt.Fprintln(w)
	}
}

// count says "1 file" or "2 files" in log lines (the table keeps bare numbers).
func count[N int | int64](n N, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
