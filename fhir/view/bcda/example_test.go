package bcda_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/bcda-go/bcda/fhir/view/bcda"
)

// Flatten claims of a v3 export: one row per claim, only the current
// version of an adjusted claim (here -2 replaced -1, which BCDA now sends as
// "cancelled").
func ExampleCompile() {
	ndjson := strings.NewReader(`{"resourceType":"ExplanationOfBenefit","id":"-1","status":"cancelled","patient":{"reference":"Patient/-7"},"type":{"coding":[{"system":"https://bluebutton.cms.gov/fhir/CodeSystem/EOB-TYPE","code":"CARRIER"}]},"payment":{"amount":{"value":10.00}}}
{"resourceType":"ExplanationOfBenefit","id":"-2","status":"active","patient":{"reference":"Patient/-7"},"type":{"coding":[{"system":"https://bluebutton.cms.gov/fhir/CodeSystem/EOB-TYPE","code":"CARRIER"}]},"payment":{"amount":{"value":12.50}}}
`)
	claims, err := bcda.Compile(bcda.V3, bcda.Claims)
	if err != nil {
		log.Fatal(err)
	}
	cols := claims.Columns()
	for row, err := range claims.Rows(context.Background(), ndjson) {
		if err != nil {
			log.Fatal(err) // a *view.LineError names the line; the next line follows
		}
		for i, c := range cols {
			switch c.Name {
			case "eob_id", "patient_id", "claim_type", "status", "payment_amount":
				fmt.Printf("%s=%v ", c.Name, row[i])
			}
		}
		fmt.Println()
	}
	// Output:
	// eob_id=-2 patient_id=-7 claim_type=CARRIER status=active payment_amount=12.50
}

// The table each built-in view fills, with the FHIR resource it reads.
func ExampleAll() {
	views, err := bcda.All(bcda.V3)
	if err != nil {
		log.Fatal(err)
	}
	for _, v := range views {
		fmt.Println(v.Name(), v.Resource(), len(v.Columns()))
	}
	// Output:
	// beneficiaries Patient 12
	// enrollment Coverage 10
	// claims ExplanationOfBenefit 19
	// claim_lines ExplanationOfBenefit 17
	// diagnoses ExplanationOfBenefit 8
	// procedures ExplanationOfBenefit 7
	// part_d_events ExplanationOfBenefit 14
}
