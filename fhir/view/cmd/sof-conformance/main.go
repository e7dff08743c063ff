// Command sof-conformance runs a directory of SQL on FHIR v2 test files
// (the format of tests/*.json and tests.schema.json in FHIR/sql-on-fhir-v2)
// through the fhir/view runner and writes test_report.json in the format
// implementations publish (test_report/test-report.schema.json there).
//
// Usage:
//
//	sof-conformance [-o test_report.json] [-tag shareable] [-v] DIR
//
// Fetch the specification's tests with
// git clone https://github.com/FHIR/sql-on-fhir-v2 and pass its tests
// directory. The exit status is 1 when a selected test fails.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sof-conformance", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "test_report.json", "where to write the report")
	tag := fs.String("tag", "", "count only the tests with this tag (such as shareable) in the summary and exit status")
	verbose := fs.Bool("v", false, "print every failing test with its reason")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: sof-conformance [-o test_report.json] [-tag shareable] [-v] DIR")
		return 2
	}
	rep, err := runDir(fs.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "sof-conformance:", err)
		return 1
	}
	if err := rep.write(*out); err != nil {
		fmt.Fprintln(stderr, "sof-conformance:", err)
		return 1
	}
	pass, total := rep.summary(stdout, *tag, *verbose)
	fmt.Fprintf(stdout, "%d of %d tests passed; report written to %s\n", pass, total, *out)
	if pass != total {
		return 1
	}
	return 0
}
