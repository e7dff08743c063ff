package fhirpath

import (
	"errors"
	"testing"

	"github.com/bcda-go/bcda/fhir/view/internal/jsontree"
)

const fuzzResource = `{"resourceType":"Patient","id":"p1","active":true,"birthDate":"1970-06",
	"name":[{"use":"official","family":"Smith","given":["Ann","B"]},{"family":"Jones"}],
	"extension":[{"url":"u","valueCoding":{"code":"c"}}],"valueQuantity":{"value":1.50},"big":1e999999999,
	"link":[{"other":{"reference":"Patient/p1"}}]}`

// FuzzFHIRPath compiles arbitrary expressions: nothing may panic, a
// compile error is an *Error whose offset lies inside the expression, and
// a compiled expression evaluates over a resource without panicking.
//
//	go test -run '^$' -fuzz FuzzFHIRPath -fuzztime 60s -parallel 1 ./fhir/view/internal/fhirpath/
func FuzzFHIRPath(f *testing.F) {
	for _, s := range []string{
		"name.where(use = 'official').family.first()", "name[0].given.join(', ')",
		"extension('u').value.ofType(Coding).code", "value.ofType(Quantity).value.lowBoundary()",
		"getResourceKey() = link.other.getReferenceKey(Patient)", "(1 + 2.5) * 3 div 2 mod 5 - -1",
		"active and (birthDate < @2000-01-01 or %rowIndex >= 0) implies name.exists().not()",
		"name.family | name.given", "'a' & 'b' in ('a' | 'ab')", "`name`.empty() xor {}.empty()",
		"@T12:30", "birthDate.highBoundary()", "%c", "name.where(", "'unterminated", "1.2.3",
		"big + 1", "big = 1", "big < 2", "big * big",
	} {
		f.Add(s)
	}
	var tree jsontree.Tree
	if err := tree.Parse([]byte(fuzzResource)); err != nil {
		f.Fatal(err)
	}
	env := &Env{Constants: map[string]Value{"c": {Kind: KString, Str: "x"}}}
	f.Fuzz(func(t *testing.T, src string) {
		e, err := Compile(src, env)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v is not an *Error", err, err)
			}
			if pe.Offset < 0 || pe.Offset > len(src) {
				t.Fatalf("offset %d outside the expression of length %d", pe.Offset, len(src))
			}
			return
		}
		var c Ctx
		c.Reset(&tree)
		_, _ = e.Eval(&c, Root())
		c.Reset(&tree)
		_, _ = e.Eval(&c, Absent())
	})
}
