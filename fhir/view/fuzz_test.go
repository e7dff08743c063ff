package view

import (
	"errors"
	"testing"
)

// FuzzParse feeds arbitrary bytes to Parse and, when they parse, to Compile
// and Eval: nothing may panic, every Parse and Compile error names an
// element, and a compiled view runs over a resource without panicking.
//
//	go test -run '^$' -fuzz FuzzParse -fuzztime 60s -parallel 1 ./fhir/view/
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		linesView,
		`{"resource":"Patient","select":[{"column":[{"name":"a","path":"name.where(use='official').family.first()"}]}]}`,
		`{"resource":"Patient","constant":[{"name":"g","valueCode":"female"}],"where":[{"path":"gender = %g"}],"select":[{"forEachOrNull":"address","column":[{"name":"z","path":"postalCode","collection":true}]}]}`,
		`{"resource":"Patient","select":[{"unionAll":[{"column":[{"name":"a","path":"id"}]},{"repeat":["contact"],"column":[{"name":"a","path":"%rowIndex"}]}]}]}`,
		`{"resource":"Patient","select":[{"forEach":1}]}`,
		`{}`, `[]`, `{"resource":`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data)
		var ee *ElementError
		if err != nil {
			if !errors.As(err, &ee) {
				t.Fatalf("Parse error %T %v is not an *ElementError", err, err)
			}
			return
		}
		v, err := Compile(d)
		if err != nil {
			if !errors.As(err, &ee) {
				t.Fatalf("Compile error %T %v is not an *ElementError", err, err)
			}
			return
		}
		for _, r := range []string{patient1, patient2, eob1} {
			_, _ = v.Eval([]byte(r))
		}
	})
}
