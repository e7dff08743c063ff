package fhir_test

import (
	"encoding/json"
	"fmt"

	"github.com/bcda-go/bcda/fhir"
)

func ExamplePeek() {
	line := []byte(`{"contained":[{"resourceType":"Organization","id":"org"}],"id":"-9","resourceType":"ExplanationOfBenefit"}`)
	rt, id, err := fhir.Peek(line)
	fmt.Println(rt, id, err)
	// Output: ExplanationOfBenefit -9 <nil>
}

func ExampleMBI() {
	var p fhir.Patient
	_ = json.Unmarshal([]byte(`{"resourceType":"Patient","id":"-1","identifier":[
		{"system":"http://hl7.org/fhir/sid/us-mbi","value":"1S00E00AA52","period":{"start":"2019-05-13"}},
		{"system":"http://hl7.org/fhir/sid/us-mbi","value":"1ZF7YV2JY91","period":{"start":"2018-08-12","end":"2019-05-12"}}]}`), &p)
	fmt.Println(fhir.MBI(&p))
	for _, m := range fhir.MBIs(&p) {
		fmt.Printf("%s current=%v end=%q\n", m.Value, m.Current, m.End)
	}
	// Output:
	// 1S00E00AA52
	// 1S00E00AA52 current=true end=""
	// 1ZF7YV2JY91 current=false end="2019-05-12"
}

func ExamplePart() {
	var c fhir.Coverage
	_ = json.Unmarshal([]byte(`{"resourceType":"Coverage","id":"part-b--1","status":"active","beneficiary":{"reference":"Patient/-1"},
		"class":[{"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/coverage-class","code":"plan"}]},"value":"Part B"}]}`), &c)
	fmt.Println(fhir.Part(&c), fhir.PatientID(&c), c.Status.Code())
	// Output: B -1 active
}
