package fhirpath

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bcda-go/bcda/fhir/view/internal/jsontree"
)

// Expected results follow the FHIRPath specification (https://hl7.org/fhirpath/)
// for the subset listed in the Shareable View Definition profile.
const resource = `{"resourceType":"Patient","id":"p1","active":true,"birthDate":"1970-06","gender":"female",
	"name":[{"use":"official","family":"Smith","given":["Ann","B"]},{"family":"Jones","period":{"start":"2001-02-03","end":"2002"}}],
	"extension":[{"url":"u","valueCoding":{"code":"c"}},{"url":"v","valueString":"s"}],
	"valueQuantity":{"value":-1.50},"big":1e999999999,"small":2.5e-3,"multipleBirthInteger":2,"deceasedDateTime":"2020-01-02T03:04:05Z",
	"link":[{"other":{"reference":"Patient/p1"}},{"other":{"reference":"https://x/fhir/Patient/p2/_history/3"}},
	        {"other":{"reference":"Group/g"}},{"other":{"display":"no reference"}}]}`

func eval(t *testing.T, src string) string {
	t.Helper()
	var tree jsontree.Tree
	if err := tree.Parse([]byte(resource)); err != nil {
		t.Fatal(err)
	}
	env := &Env{Constants: map[string]Value{"two": {Kind: KInt, Int: 2}, "code": {Kind: KString, Str: "female", Type: "code"}}}
	e, err := Compile(src, env)
	if err != nil {
		return "compile error: " + err.Error()
	}
	var c Ctx
	c.Reset(&tree)
	c.RowIndex = 7
	vs, err := e.Eval(&c, Root())
	if err != nil {
		return "error: " + err.Error()
	}
	parts := make([]string, len(vs))
	for i, v := range vs {
		x, err := c.Go(v, "")
		if err != nil {
			return "error: " + err.Error()
		}
		parts[i] = fmt.Sprint(x)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func TestEval(t *testing.T) {
	tests := []struct{ expr, want string }{
		// Literals, escapes, comments.
		{"'a\\'b\\u0041'", "[a'bA]"},
		{"1.50", "[1.50]"},
		{"true // comment", "[true]"},
		{"/* c */ {}", "[]"},
		{"@2020-01-02", "[2020-01-02]"},
		{"%two", "[2]"},
		{"%rowIndex", "[7]"},
		// Paths, type prefix, indexer, choice types.
		{"Patient.name.family", "[Smith,Jones]"},
		{"Observation.id", "[]"},
		{"name[1].family", "[Jones]"},
		{"name[%two - 1].family", "[Jones]"},
		{"name[5]", "[]"},
		{"multipleBirth", "[2]"},
		{"value.value", "[-1.50]"},
		{"%resource.id", "[p1]"},
		{"`name`.given", "[Ann,B]"},
		// Functions.
		{"name.given.first()", "[Ann]"},
		{"name.given.last()", "[B]"},
		{"name.given.count()", "[2]"},
		{"name.exists(use = 'official')", "[true]"},
		{"name.where(use = 'old').exists()", "[false]"},
		{"name.where(family.empty()).exists()", "[false]"},
		{"name.select(given).count()", "[2]"},
		{"name.given.join(1)", "[Ann1B]"},
		{"extension('v').value", "[s]"},
		{"extension('u').value.ofType(Coding).code", "[c]"},
		{"extension.value.ofType(string)", "[s]"},
		{"deceased.ofType(dateTime)", "[2020-01-02T03:04:05Z]"},
		{"deceased.ofType(boolean)", "[]"},
		{"multipleBirth.ofType(System.Integer)", "[2]"},
		{"gender.ofType(FHIR.string)", "[female]"},
		{"link.other.getReferenceKey()", "[p1,p2,g]"},
		{"link.other.getReferenceKey(Patient)", "[p1,p2]"},
		{"getResourceKey()", "[p1]"},
		{"active.not()", "[false]"},
		{"{}.not()", "[]"},
		{"gender.hasValue()", "[true]"},
		// Operators and three-valued logic.
		{"1 + 2 * 3", "[7]"},
		{"(1 + 2) * 3", "[9]"},
		{"7 / 2", "[3.5]"},
		{"7 div 2", "[3]"},
		{"7 mod 2", "[1]"},
		{"1 / 0", "[]"},
		{"-value.value", "[1.50]"},
		{"0.1 + 0.2", "[0.3]"},
		{"0.1 + 0.2 = 0.3", "[true]"},
		{"1.5 * 2", "[3.0]"},
		{"1.25 - 1", "[0.25]"},
		{"10 / 4", "[2.5]"},
		{"1 / 3", "[0.33333333]"},
		{"7.5 mod 2", "[1.5]"},
		{"-7 div 2", "[-3]"},
		{"9223372036854775807 + 1", "error: operator '+': integer overflow"},
		{"4294967296 * 4294967296", "error: operator '*': integer overflow"},
		{"4294967296 * 2", "[8589934592]"},
		{"2.50 > 2.4", "[true]"},
		{"small * 2", "[0.0050]"},
		{"big + 1", "error: operator '+' cannot apply to these operand types"},
		{"big = 1", "[false]"},
		{"'a' + 'b'", "[ab]"},
		{"'a' & {} & 'c'", "[ac]"},
		{"1 = 1.0", "[true]"},
		{"1 != 2", "[true]"},
		{"{} = 1", "[]"},
		{"name.family = name.family", "[true]"},
		{"'ABC' ~ 'abc'", "[true]"},
		{"gender = %code", "[true]"},
		{"2 > 1 and 1 >= 1 and 1 < 2 and 2 <= 2", "[true]"},
		{"'a' < 'b'", "[true]"},
		{"birthDate < @1971-01-01", "[true]"},
		{"birthDate < @1970-06-15", "[]"},
		{"{} and false", "[false]"},
		{"{} and true", "[]"},
		{"{} or true", "[true]"},
		{"true xor true", "[false]"},
		{"false implies {}", "[true]"},
		{"name.given | name.given", "[Ann,B]"},
		{"'B' in name.given", "[true]"},
		{"name.given contains 'C'", "[false]"},
		// Boundaries.
		{"value.value.lowBoundary()", "[-1.505]"},
		{"value.value.highBoundary()", "[-1.495]"},
		{"multipleBirth.highBoundary()", "[2.5]"},
		{"birthDate.lowBoundary()", "[1970-06-01]"},
		{"birthDate.highBoundary()", "[1970-06-30]"},
		{"@2024-02.highBoundary()", "[2024-02-29]"},
		{"@2020.lowBoundary()", "[2020-01-01]"},
		{"deceased.ofType(dateTime).highBoundary()", "[2020-01-02T03:04:05.999Z]"},
		{"@T12:30.lowBoundary()", "[12:30:00.000]"},
		{"name[1].period.lowBoundary()", "[2001-02-03T00:00:00.000+14:00]"},
		{"name[1].period.highBoundary()", "[2002-12-31T23:59:59.999-12:00]"},
		// Errors at run time.
		{"name.family < 'x'", "error: operator '<' needs single values, got a collection of several"},
		{"name.family + 1", "error: operator '+' needs single values, got a collection of several"},
		// Errors at compile time, with their offsets.
		{"name.trace()", "compile error: offset 5: function trace() is not supported"},
		{"name.where()", "compile error: offset 5: where() takes 1 argument(s), got 0"},
		{"%nope", "compile error: offset 0: unknown constant %nope"},
		{"name.", "compile error: offset 5: expected a name after '.', got end of expression"},
		{"1 +", "compile error: offset 3: unexpected end of expression"},
		{"value is Quantity", "compile error: offset 6: operator 'is' is not supported (use ofType())"},
		{"$index", "compile error: offset 0: $index is not supported"},
		{"name.ofType('x')", "compile error: offset 12: expected a type name"},
		{"5 'mg'", "compile error: offset 2: unexpected string 'mg'"},
		{"'abc", "compile error: offset 0: unterminated '"},
		{"", "compile error: offset 0: empty expression"},
		{strings.Repeat("(", 300) + "1" + strings.Repeat(")", 300), "compile error: offset 201: expression nested too deeply"},
	}
	for _, tt := range tests {
		if got := eval(t, tt.expr); got != tt.want {
			t.Errorf("%s = %s, want %s", tt.expr, got, tt.want)
		}
	}
}
