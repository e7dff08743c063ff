package readme_test

import (
	"bufio"
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"
)

// update rewrites README.md's snippets from snippets_test.go:
//
//	go test ./internal/readme -run TestREADMESnippets -update
var update = flag.Bool("update", false, "rewrite README.md's snippets from snippets_test.go")

// snippetMarker precedes a ```go block in README.md and names the snippet
// of snippets_test.go it must equal.
var snippetMarker = regexp.MustCompile(`^<!-- snippet: ([A-Za-z0-9-]+) -->$`)

// TestREADMESnippets checks that every ```go block of README.md is preceded
// by a snippet marker and equals that snippet of snippets_test.go, and that
// every snippet there appears in the README. The snippets themselves are
// compiled with this package and run by the tests in snippets_test.go.
func TestREADMESnippets(t *testing.T) {
	source := snippets(t, "snippets_test.go")
	if *update {
		rewriteREADME(t, "../../README.md", source)
	}
	blocks := readmeBlocks(t, "../../README.md")
	for name, text := range blocks {
		want, ok := source[name]
		if !ok {
			t.Errorf("README snippet %q: no such snippet in snippets_test.go", name)
			continue
		}
		if text != want {
			t.Errorf("README snippet %q differs from snippets_test.go:\n--- README\n%s\n--- snippets_test.go\n%s", name, text, want)
		}
	}
	for name := range source {
		if _, ok := blocks[name]; !ok {
			t.Errorf("snippet %q of snippets_test.go is not in the README", name)
		}
	}
}

// readmeBlocks returns the ```go blocks of the README by snippet name. A
// block without a marker fails the test: it would not be checked.
func readmeBlocks(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	name, lineNo := "", 0
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		if m := snippetMarker.FindStringSubmatch(line); m != nil {
			name = m[1]
			continue
		}
		if line != "```go" {
			if strings.TrimSpace(line) != "" {
				name = ""
			}
			continue
		}
		if name == "" {
			t.Errorf("README.md:%d: a ```go block without a <!-- snippet: name --> marker", lineNo)
		}
		var body []string
		for sc.Scan() {
			lineNo++
			if sc.Text() == "```" {
				break
			}
			body = append(body, sc.Text())
		}
		if name != "" {
			if _, dup := out[name]; dup {
				t.Errorf("README.md:%d: snippet %q appears twice", lineNo, name)
			}
			out[name] = strings.Join(body, "\n")
		}
		name = ""
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// snippets returns the text between "// snippet: name" and "// end snippet"
// lines of a Go file, dedented by the marker's indentation.
func snippets(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	lines := strings.Split(string(b), "\n")
	for i := 0; i < len(lines); i++ {
		trimmed := strings.TrimLeft(lines[i], "\t")
		name, ok := strings.CutPrefix(trimmed, "// snippet: ")
		if !ok {
			continue
		}
		indent := lines[i][:len(lines[i])-len(trimmed)]
		var body []string
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "// end snippet"; i++ {
			body = append(body, strings.TrimPrefix(lines[i], indent))
		}
		if i == len(lines) {
			t.Fatalf("%s: snippet %q has no // end snippet", path, name)
		}
		out[name] = strings.Join(body, "\n")
	}
	return out
}

// rewriteREADME replaces the body of every marked ```go block of the README
// with the snippet of the same name.
func rewriteREADME(t *testing.T, path string, source map[string]string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	var out []string
	for i := 0; i < len(lines); i++ {
		out = append(out, lines[i])
		m := snippetMarker.FindStringSubmatch(lines[i])
		if m == nil || i+1 >= len(lines) || lines[i+1] != "```go" {
			continue
		}
		text, ok := source[m[1]]
		if !ok {
			continue
		}
		out = append(out, "```go", text)
		for i += 2; i < len(lines) && lines[i] != "```"; i++ {
		}
		out = append(out, "```")
	}
	if err := os.WriteFile(path, []byte(strings.Join(out, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
}
