package fhir_test

import (
	"encoding/json"
	"fmt"

	"github.com/cockroachdb/apd/v3"

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

// Payment returns an exact decimal: sums do not drift as float64 sums do, and
// the source's precision is kept.
func ExamplePayment() {
	lines := []string{
		`{"resourceType":"ExplanationOfBenefit","payment":{"amount":{"value":0.10,"currency":"USD"}}}`,
		`{"resourceType":"ExplanationOfBenefit","payment":{"amount":{"value":0.20,"currency":"USD"}}}`,
		`{"resourceType":"ExplanationOfBenefit"}`,
	}
	var sum apd.Decimal
	var fsum float64
	for _, l := range lines {
		var eob fhir.ExplanationOfBenefit
		_ = json.Unmarshal([]byte(l), &eob)
		paid, ok := fhir.Payment(&eob)
		if !ok {
			continue
		}
		fmt.Println("paid", paid)
		apd.BaseContext.Add(&sum, &sum, paid)
		f, _ := paid.Float64()
		fsum += f
	}
	fmt.Println("exact:", sum.String(), "equals 0.3:", sum.Cmp(apd.New(3, -1)) == 0)
	fmt.Println("float64:", fsum)
	// Output:
	// paid 0.10
	// paid 0.20
	// exact: 0.30 equals 0.3: true
	// float64: 0.30000000000000004
}

// IssueMessage finds the message wherever the BCDA version put it.
func ExampleIssueMessage() {
	for _, body := range []string{
		`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"exception","diagnostics":"Service encountered numerous errors. Job failed to complete."}]}`,
		`{"resourceType":"OperationOutcome","issue":[{"severity":"warning","code":"processing","details":{"text":"Default System-Type behavior includes only claims from NCH and DDPS in this export."}}]}`,
	} {
		var oo fhir.OperationOutcome
		if err := json.Unmarshal([]byte(body), &oo); err != nil {
			fmt.Println(err)
			continue
		}
		for _, issue := range oo.Issue {
			fmt.Println(issue.Severity.Code()+":", fhir.IssueMessage(issue))
		}
	}
	// Output:
	// error: Service encountered numerous errors. Job failed to complete.
	// warning: Default System-Type behavior includes only claims from NCH and DDPS in this export.
}
