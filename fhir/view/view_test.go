package view

import (
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// Hand-written fixtures in the shape of BCDA data; expectations follow the
// ViewDefinition page of the specification (FHIR/sql-on-fhir-v2
// input/pagecontent/StructureDefinition-ViewDefinition-notes.md).
const (
	patient1 = `{"resourceType":"Patient","id":"p1","active":true,"gender":"female","birthDate":"1970-06",
		"name":[{"use":"official","family":"Smith","given":["Ann","B"]},{"family":"Jones"}],
		"address":[{"postalCode":"11111"}],
		"extension":[{"url":"http://x/race","valueCoding":{"code":"2106-3"}},{"url":"http://x/sex","valueCode":"F"}],
		"deceasedBoolean":false}`
	patient2 = `{"resourceType":"Patient","id":"p2","gender":"male","name":[{"family":"Brown"}]}`
	eob1     = `{"resourceType":"ExplanationOfBenefit","id":"e1","status":"active","patient":{"reference":"Patient/p1"},
		"total":[{"amount":{"value":12.50}}],
		"item":[{"sequence":1,"productOrService":{"coding":[{"code":"A1"}]},"net":{"value":1.10}},
		        {"sequence":2,"productOrService":{"coding":[{"code":"B2"}]}}]}`
)

func mustView(t *testing.T, js string) *View {
	t.Helper()
	d, err := Parse([]byte(js))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	v, err := Compile(d)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return v
}

func evalAll(t *testing.T, v *View, resources ...string) []Row {
	t.Helper()
	var out []Row
	for _, r := range resources {
		rows, err := v.Eval([]byte(r))
		if errors.Is(err, ErrResourceType) {
			continue
		}
		if err != nil {
			t.Fatalf("Eval: %v", err)
		}
		out = append(out, rows...)
	}
	return out
}

func TestFeatures(t *testing.T) {
	num := func(s string) json.Number { return json.Number(s) }
	tests := []struct {
		name string
		view string
		in   []string
		want []Row
	}{
		{"columns and types", `{"resource":"Patient","select":[{"column":[
			{"name":"id","path":"getResourceKey()","type":"id"},
			{"name":"active","path":"active","type":"boolean"},
			{"name":"n","path":"name.count()","type":"integer"},
			{"name":"family","path":"name.first().family","type":"string"}]}]}`,
			[]string{patient1, patient2}, []Row{{"p1", true, int64(2), "Smith"}, {"p2", nil, int64(1), "Brown"}}},
		{"forEach unnests, nested select repeats the parent", `{"resource":"ExplanationOfBenefit","select":[
			{"column":[{"name":"claim","path":"id"},{"name":"pat","path":"patient.getReferenceKey(Patient)"}]},
			{"forEach":"item","column":[{"name":"seq","path":"sequence","type":"positiveInt"},
				{"name":"code","path":"productOrService.coding.code"},{"name":"net","path":"net.value","type":"decimal"},
				{"name":"i","path":"%rowIndex","type":"integer"}]}]}`,
			[]string{eob1}, []Row{{"e1", "p1", int64(1), "A1", num("1.10"), int64(0)}, {"e1", "p1", int64(2), "B2", nil, int64(1)}}},
		{"forEach over nothing gives no row; forEachOrNull gives nulls", `{"resource":"Patient","select":[
			{"column":[{"name":"id","path":"id"}]},{"forEachOrNull":"address","column":[{"name":"zip","path":"postalCode"}]}]}`,
			[]string{patient1, patient2}, []Row{{"p1", "11111"}, {"p2", nil}}},
		{"unionAll concatenates", `{"resource":"Patient","select":[{"column":[{"name":"id","path":"id"}],"unionAll":[
			{"forEach":"name","column":[{"name":"v","path":"family"}]},
			{"column":[{"name":"v","path":"gender"}]}]}]}`,
			[]string{patient2}, []Row{{"p2", "Brown"}, {"p2", "male"}}},
		{"where, constants, comparison", `{"resource":"Patient","constant":[{"name":"g","valueCode":"female"}],
			"where":[{"path":"gender = %g and birthDate < @1980-01-01"}],
			"select":[{"column":[{"name":"id","path":"id"}]}]}`,
			[]string{patient1, patient2}, []Row{{"p1"}}},
		{"extension, ofType, choice types", `{"resource":"Patient","select":[{"column":[
			{"name":"race","path":"extension('http://x/race').value.ofType(Coding).code"},
			{"name":"sex","path":"extension('http://x/sex').value.ofType(code)"},
			{"name":"dead","path":"deceased.ofType(boolean)","type":"boolean"},
			{"name":"notdead","path":"deceased.ofType(dateTime).exists()","type":"boolean"}]}]}`,
			[]string{patient1}, []Row{{"2106-3", "F", false, false}}},
		{"collection, join, indexer, where()", `{"resource":"Patient","select":[{"column":[
			{"name":"given","path":"name.given","collection":true},
			{"name":"joined","path":"name.given.join('|')"},
			{"name":"second","path":"name[1].family"},
			{"name":"official","path":"name.where(use = 'official').family"},
			{"name":"none","path":"name.where(use = 'old').empty()","type":"boolean"}]}]}`,
			[]string{patient1}, []Row{{[]any{"Ann", "B"}, "Ann|B", "Jones", "Smith", true}}},
		{"arithmetic and boundaries", `{"resource":"ExplanationOfBenefit","select":[{"column":[
			{"name":"t","path":"total.amount.value * 2","type":"decimal"},
			{"name":"lo","path":"total.amount.value.lowBoundary()","type":"decimal"},
			{"name":"s","path":"item.count() + 1","type":"integer"},
			{"name":"cat","path":"id & '-' & status"}]}]}`,
			[]string{eob1}, []Row{{num("25.00"), num("12.495"), int64(3), "e1-active"}}},
		{"repeat follows paths to any depth", `{"resource":"QuestionnaireResponse","select":[{"repeat":["item","answer.item"],
			"column":[{"name":"id","path":"linkId"}]}]}`,
			[]string{`{"resourceType":"QuestionnaireResponse","item":[{"linkId":"1","item":[{"linkId":"1.1"}]},
				{"linkId":"2","answer":[{"item":[{"linkId":"2.1"}]}]}]}`},
			[]Row{{"1"}, {"1.1"}, {"2"}, {"2.1"}}},
		{"repeat visits an element once", `{"resource":"QuestionnaireResponse","select":[{"repeat":["item","item","$this"],
			"column":[{"name":"id","path":"linkId"}]}]}`,
			[]string{`{"resourceType":"QuestionnaireResponse","linkId":"0","item":[{"linkId":"1","item":[{"linkId":"1.1"}]}]}`},
			[]Row{{"1"}, {"1.1"}, {"0"}}},
		{"untyped values keep their JSON type", `{"resource":"ExplanationOfBenefit","select":[{"column":[
			{"name":"seq","path":"item.first().sequence"},{"name":"net","path":"item.first().net.value"},
			{"name":"pat","path":"patient"}]}]}`,
			[]string{eob1}, []Row{{int64(1), num("1.10"), json.RawMessage(`{"reference":"Patient/p1"}`)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := evalAll(t, mustView(t, tt.view), tt.in...)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("rows\n got %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestColumnsOrder(t *testing.T) {
	v := mustView(t, `{"resource":"Patient","name":"v","select":[{"column":[{"name":"a","path":"'A'"}],
		"select":[{"column":[{"name":"b","path":"'B'","type":"string","description":"bee"}]}],
		"unionAll":[{"column":[{"name":"c","path":"'C'"}]},{"column":[{"name":"c","path":"'C2'"}]}]},
		{"column":[{"name":"d","path":"'D'"}]}]}`)
	var names []string
	for _, c := range v.Columns() {
		names = append(names, c.Name)
	}
	if strings.Join(names, ",") != "a,b,c,d" || v.Name() != "v" || v.Resource() != "Patient" || v.Columns()[1].Description != "bee" {
		t.Fatalf("columns %v name %q resource %q", names, v.Name(), v.Resource())
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, view string
		element    string // the element the error must name
		pos        string // "line:col" of a SyntaxError, if any
	}{
		{"not JSON", `{"resource":`, "", ""},
		{"no resource", `{"select":[{"column":[{"name":"a","path":"id"}]}]}`, "resource", ""},
		{"no select", `{"resource":"Patient"}`, "select", ""},
		{"wrong type", `{"resource":"Patient","select":[{"forEach":1}]}`, "select[0].forEach", ""},
		{"unknown element", `{"resource":"Patient","select":[{"column":[{"name":"a","path":"id","colour":"red"}]}]}`, "select[0].column[0].colour", ""},
		{"bad name", `{"resource":"Patient","select":[{"column":[{"name":"1a","path":"id"}]}]}`, "select[0].column[0].name", ""},
		{"two iterations", `{"resource":"Patient","select":[{"forEach":"a","forEachOrNull":"b"}]}`, "select[0]", ""},
		{"syntax error", `{"resource":"Patient","select":[{"column":[{"name":"a","path":"id"}]},{"column":[{"name":"b","path":"name.where(use = )"}]}]}`, "select[1].column[0].path", "1:18"},
		{"unsupported function", `{"resource":"Patient","select":[{"column":[{"name":"a","path":"name.\n  trace('x')"}]}]}`, "select[0].column[0].path", "2:3"},
		{"unknown constant", `{"resource":"Patient","where":[{"path":"gender = %nope"}],"select":[{"column":[{"name":"a","path":"id"}]}]}`, "where[0].path", "1:10"},
		{"duplicate column", `{"resource":"Patient","select":[{"column":[{"name":"a","path":"id"},{"name":"a","path":"id"}]}]}`, "select", ""},
		{"union mismatch", `{"resource":"Patient","select":[{"unionAll":[{"column":[{"name":"a","path":"id"}]},{"column":[{"name":"b","path":"id"}]}]}]}`, "select[0].unionAll[1]", ""},
		{"is operator", `{"resource":"Patient","select":[{"column":[{"name":"a","path":"value is Quantity"}]}]}`, "select[0].column[0].path", "1:7"},
		{"constant without value", `{"resource":"Patient","constant":[{"name":"x"}],"select":[{"column":[{"name":"a","path":"id"}]}]}`, "constant[0]", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse([]byte(tt.view))
			if err == nil {
				_, err = Compile(d)
			}
			var ee *ElementError
			if !errors.As(err, &ee) {
				t.Fatalf("error %v, want an *ElementError", err)
			}
			if ee.Element != tt.element {
				t.Errorf("element %q, want %q (%v)", ee.Element, tt.element, err)
			}
			var se *SyntaxError
			if tt.pos != "" {
				if !errors.As(err, &se) {
					t.Fatalf("error %v, want a *SyntaxError", err)
				}
				if got := strconv.Itoa(se.Line) + ":" + strconv.Itoa(se.Col); got != tt.pos {
					t.Errorf("position %s, want %s (%v)", got, tt.pos, err)
				}
				if !strings.Contains(err.Error(), tt.element+": "+tt.pos) {
					t.Errorf("message %q does not name %s and %s", err, tt.element, tt.pos)
				}
			}
		})
	}
}

func TestRuntimeErrors(t *testing.T) {
	many := mustView(t, `{"resource":"Patient","select":[{"column":[{"name":"fam","path":"name.family"}]}]}`)
	_, err := many.Eval([]byte(patient1))
	var ce *ColumnError
	if !errors.As(err, &ce) || ce.Column != "fam" || ce.Count != 2 || !errors.Is(err, ErrMultipleValues) {
		t.Errorf("many values: %v", err)
	}
	notBool := mustView(t, `{"resource":"Patient","where":[{"path":"name.family.first()"}],"select":[{"column":[{"name":"a","path":"id"}]}]}`)
	if _, err := notBool.Eval([]byte(patient1)); !errors.Is(err, ErrNotBoolean) || !strings.Contains(err.Error(), "where[0].path") {
		t.Errorf("where not boolean: %v", err)
	}
	badType := mustView(t, `{"resource":"Patient","select":[{"column":[{"name":"g","path":"gender","type":"integer"}]}]}`)
	if _, err := badType.Eval([]byte(patient1)); !errors.As(err, &ce) || ce.Column != "g" {
		t.Errorf("type mismatch: %v", err)
	}
	if _, err := many.Eval([]byte(eob1)); !errors.Is(err, ErrResourceType) {
		t.Errorf("other type: %v", err)
	}
	if _, err := many.Eval([]byte(`{"resourceType":"Patient",`)); err == nil || strings.Contains(err.Error(), "Patient") {
		t.Errorf("bad JSON: %v (must not quote the line)", err)
	}
}

func TestShareable(t *testing.T) {
	d, err := Parse([]byte(`{"resource":"Patient","url":"http://x/v","name":"v","fhirVersion":["4.0.1"],
		"select":[{"column":[{"name":"a","path":"id"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Compile(d); err != nil {
		t.Fatal(err)
	}
	var ee *ElementError
	if _, err := Compile(d, Shareable()); !errors.As(err, &ee) || ee.Element != "select[0].column[0].type" {
		t.Errorf("Shareable: %v", err)
	}
	if _, err := Compile(d, nil); err == nil {
		t.Error("nil option accepted")
	}
}

func TestConstants(t *testing.T) {
	tests := []struct {
		constant string
		expr     string
		want     any
		element  string // error element, "" if it compiles
	}{
		{`{"name":"c","valueInteger":3}`, "%c + 1", int64(4), ""},
		{`{"name":"c","valueDecimal":1.50}`, "%c", json.Number("1.50"), ""},
		{`{"name":"c","valueBoolean":true}`, "%c.not()", false, ""},
		{`{"name":"c","valueDate":"2020-01"}`, "%c.highBoundary()", "2020-01-31", ""},
		{`{"name":"c","valueInteger64":"9007199254740993"}`, "%c", int64(9007199254740993), ""},
		{`{"name":"c","valueString":"a'b"}`, "%c & 'c'", "a'bc", ""},
		{`{"name":"c","valueInteger":1.5}`, "", nil, "constant[0].valueInteger"},
		{`{"name":"c","valueBoolean":"yes"}`, "", nil, "constant[0].valueBoolean"},
		{`{"name":"c","valueQuantity":{"value":1}}`, "", nil, "constant[0].valueQuantity"},
		{`{"name":"c","valueString":"a","valueCode":"b"}`, "", nil, "constant[0]"},
		{`{"name":"_c","valueString":"a"}`, "", nil, "constant[0].name"},
	}
	for _, tt := range tests {
		js := `{"resource":"Patient","constant":[` + tt.constant + `],"select":[{"column":[{"name":"v","path":"` + tt.expr + `"}]}]}`
		d, err := Parse([]byte(js))
		if tt.element != "" {
			var ee *ElementError
			if !errors.As(err, &ee) || ee.Element != tt.element {
				t.Errorf("%s: error %v, want one naming %s", tt.constant, err, tt.element)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tt.constant, err)
		}
		v, err := Compile(d)
		if err != nil {
			t.Fatalf("%s: %v", tt.constant, err)
		}
		rows, err := v.Eval([]byte(patient2))
		if err != nil || len(rows) != 1 || !reflect.DeepEqual(rows[0][0], tt.want) {
			t.Errorf("%s: %s = %#v (%v), want %#v", tt.constant, tt.expr, rows, err, tt.want)
		}
	}
}
