package main

import (
	"fmt"
	"io"
	"slices"
	"sort"
)

// summary prints one line per file and returns the totals of the tests
// selected by tag ("" = all).
func (r report) summary(w io.Writer, tag string, verbose bool) (pass, total int) {
	names := make([]string, 0, len(r))
	for n := range r {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fr := r[n]
		p, t := 0, 0
		for i, tr := range fr.Tests {
			if tag != "" && !slices.Contains(fr.tags[i], tag) {
				continue
			}
			t++
			if tr.Result.Passed {
				p++
			} else if verbose {
				fmt.Fprintf(w, "FAIL %s: %s: %s\n", n, tr.Name, tr.Result.Error)
			}
		}
		if t > 0 {
			fmt.Fprintf(w, "%-24s %3d/%d\n", n, p, t)
		}
		pass, total = pass+p, total+t
	}
	return pass, total
}
