package ndjson_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/ndjson"
)

const exampleFile = `{"resourceType":"ExplanationOfBenefit","id":"-1","status":"active","use":"claim","outcome":"complete","patient":{"reference":"Patient/-101"},"type":{"coding":[{"system":"https://bluebutton.cms.gov/fhir/CodeSystem/EOB-TYPE","code":"CARRIER"}]},"payment":{"amount":{"value":125.5,"currency":"USD"}}}
{"resourceType":"ExplanationOfBenefit","id":"-2","status":"final"}

{"resourceType":"Patient","id":"-101"}
{"resourceType":"ExplanationOfBenefit","id":"-3","status":"active","use":"claim","outcome":"complete","patient":{"reference":"Patient/-102"},"type":{"coding":[{"system":"https://bluebutton.cms.gov/fhir/CodeSystem/EOB-TYPE","code":"PDE"}]}}
`

func ExampleDecode_explanationOfBenefit() {
	for eob, err := range ndjson.Decode[fhir.ExplanationOfBenefit](strings.NewReader(exampleFile)) {
		var le *ndjson.LineError
		if errors.As(err, &le) {
			fmt.Printf("line %d skipped: %v\n", le.Line, le.Err)
			continue
		}
		if err != nil {
			fmt.Println("read failed:", err)
			return
		}
		paid := "no payment"
		if d, ok := fhir.Payment(eob); ok {
			paid = d.String() // exact: the digits of the file
		}
		fmt.Println(*eob.Id, fhir.PatientID(eob), fhir.ClaimTypeOf(eob), paid)
	}
	// Output:
	// -1 -101 CARRIER 125.5
	// line 2 skipped: unknown ExplanationOfBenefitStatus code `final`
	// line 4 skipped: ndjson: unexpected resourceType "Patient", want "ExplanationOfBenefit"
	// -3 -102 PDE no payment
}

func ExampleLines() {
	in := "{\"resourceType\":\"Patient\",\"id\":\"a\"}\r\n\r\n{\"resourceType\":\"Coverage\",\"id\":\"part-a--a\"}"
	counts := map[fhir.ResourceType]int{}
	for line, err := range ndjson.Lines(strings.NewReader(in)) {
		if err != nil {
			fmt.Println(err)
			continue
		}
		rt, id, err := fhir.Peek(line) // line is only valid until the next iteration
		if err != nil {
			fmt.Println(err)
			continue
		}
		counts[rt]++
		fmt.Println(rt, id)
	}
	fmt.Println(counts)
	// Output:
	// Patient a
	// Coverage part-a--a
	// map[Coverage:1 Patient:1]
}

func ExampleDecode() {
	// Decode works for any type; samply's R4 types and the fhir/stu3 types
	// also get their resourceType checked.
	type minimal struct {
		ID string `json:"id"`
	}
	in := `{"resourceType":"Patient","id":"a"}` + "\n" + `{"id":"b"}`
	for v, err := range ndjson.Decode[minimal](strings.NewReader(in), ndjson.Workers(1)) {
		fmt.Println(v.ID, err)
	}
	// Output:
	// a <nil>
	// b <nil>
}
