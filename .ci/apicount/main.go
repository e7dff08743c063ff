// Command apicount counts the exported names of Go packages as go/doc sees
// them: every exported const and var name, func, type, and method of an
// exported type (struct fields and interface methods are not counted; they
// are part of their type). Test files are ignored.
//
//	go run ./.ci/apicount ./auth ./client ./export ./ndjson ./fhir
package main

import (
	"flag"
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"strings"
)

// -v lists the names.
var verbose = flag.Bool("v", false, "list the names")

func main() {
	flag.Parse()
	total := 0
	for _, dir := range flag.Args() {
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
	list := func(s string) {
		n++
		if *verbose {
			fmt.Println("\t" + s)
		}
	}
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
							list(id.Name)
						}
					}
				}
			}
		}
		values(d.Consts)
		values(d.Vars)
		for _, f := range d.Funcs {
			list(f.Name)
		}
		for _, t := range d.Types {
			list(t.Name)
			values(t.Consts)
			values(t.Vars)
			for _, f := range t.Funcs {
				list(f.Name)
			}
			for _, f := range t.Methods {
				list(t.Name + "." + f.Name)
			}
		}
	}
	return n, nil
}
