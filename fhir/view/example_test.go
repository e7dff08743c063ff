package view_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"

	"github.com/bcda-go/bcda/fhir/view"
)

// Flatten claim lines: one row per EOB item, with the claim's keys.
func Example() {
	d, err := view.Parse([]byte(`{
	  "resourceType": "ViewDefinition", "name": "claim_lines", "resource": "ExplanationOfBenefit",
	  "select": [
	    {"column": [{"name": "claim_id", "path": "getResourceKey()", "type": "id"},
	                {"name": "patient_id", "path": "patient.getReferenceKey(Patient)", "type": "id"}]},
	    {"forEach": "item",
	     "column": [{"name": "line", "path": "sequence", "type": "positiveInt"},
	                {"name": "code", "path": "productOrService.coding.code.first()", "type": "code"},
	                {"name": "paid", "path": "adjudication.where(category.coding.code = 'benefit').amount.value", "type": "decimal"}]}
	  ]}`))
	if err != nil {
		log.Fatal(err)
	}
	v, err := view.Compile(d)
	if err != nil {
		log.Fatal(err)
	}
	ndjson := `{"resourceType":"ExplanationOfBenefit","id":"-1","patient":{"reference":"Patient/-10"},"item":[{"sequence":1,"productOrService":{"coding":[{"code":"99213"}]},"adjudication":[{"category":{"coding":[{"code":"benefit"}]},"amount":{"value":52.10}}]},{"sequence":2,"productOrService":{"coding":[{"code":"G0008"}]}}]}
not json
{"resourceType":"ExplanationOfBenefit","id":"-2","patient":{"reference":"Patient/-11"},"item":[{"sequence":1,"productOrService":{"coding":[{"code":"J1100"}]}}]}
`
	var names []string
	for _, c := range v.Columns() {
		names = append(names, c.Name)
	}
	fmt.Println(strings.Join(names, " "))
	bad := 0
	for row, err := range v.Rows(context.Background(), strings.NewReader(ndjson)) {
		var le *view.LineError
		if errors.As(err, &le) {
			bad++ // counted and skipped; le.Line says which
			continue
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(row...)
	}
	fmt.Println("bad lines:", bad)
	// Output:
	// claim_id patient_id line code paid
	// -1 -10 1 99213 52.10
	// -1 -10 2 G0008 <nil>
	// -2 -11 1 J1100 <nil>
	// bad lines: 1
}

// Several views over one file: decode each resource once.
func ExampleView_EvalResource() {
	ids := view.MustCompile([]byte(`{"resource":"Patient","select":[{"column":[{"name":"id","path":"id"}]}]}`))
	names := view.MustCompile([]byte(`{"resource":"Patient","select":[{"forEach":"name","column":[{"name":"family","path":"family"}]}]}`))
	r, err := view.Decode([]byte(`{"resourceType":"Patient","id":"-10","name":[{"family":"Doe"},{"family":"Roe"}]}`))
	if err != nil {
		log.Fatal(err)
	}
	for _, v := range []*view.View{ids, names} {
		rows, err := v.EvalResource(r)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(rows)
	}
	// Output:
	// [[-10]]
	// [[Doe] [Roe]]
}
