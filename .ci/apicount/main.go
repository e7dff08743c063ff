// Command apicount counts the exported names of Go packages as go/doc sees
// them: every exported const and var name, func, type, and method of an
// exported type (struct fields and interface methods are not counted; they
// are part of their type). Test files are ignored.
//
//	go run ./.ci/apicount ./auth ./client ./export ./ndjson ./fhir
package main

import (
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"strings"
)

func main() {
	total := 0
	for _, dir := range os.Args[1:] {
		n, err := count(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("%-22s %4d\n", dir, n)
		total += n
	}
	fmt.Printf("%-22s %4d\n", "total", total)
}

func count(dir string) (int, error) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, parser.ParseComments)
	if err != nil {
		return 0, err
	}
	n := 0
	for name, p := range pkgs {
		if name == "main" {
			continue
		}
		d := doc.New(p, dir, 0)
		values := func(vs []*doc.Value) {
			for _, v := range vs {
				for _, s := range v.Decl.Specs {
					for _, id := range s.(*ast.ValueSpec).Names {
						if id.IsExported() {
							n++
						}
					}
				}
			}
		}
		values(d.Consts)
		values(d.Vars)
		n += len(d.Funcs)
		for _, t := range d.Types {
			n++
			values(t.Consts)
			values(t.Vars)
			n += len(t.Funcs) + len(t.Methods)
		}
	}
	return n, nil
}
