package stu3_test

import (
	"fmt"
	"strings"

	"github.com/bcda-go/bcda/fhir/stu3"
	"github.com/bcda-go/bcda/ndjson"
)

func Example() {
	v1 := `{"billablePeriod":{"end":"2000-10-01","start":"2000-10-01"},"id":"carrier-1","insurance":{"coverage":{"reference":"Coverage/part-b-1"}},"patient":{"reference":"Patient/1"},"payment":{"amount":{"code":"USD","system":"urn:iso:std:iso:4217","value":250.50}},"resourceType":"ExplanationOfBenefit","status":"active","type":{"coding":[{"code":"CARRIER","system":"https://bluebutton.cms.gov/resources/codesystem/eob-type"}]}}`
	for eob, err := range ndjson.Decode[stu3.ExplanationOfBenefit](strings.NewReader(v1)) {
		if err != nil {
			fmt.Println(err)
			continue
		}
		paid, _ := stu3.Payment(eob)
		fmt.Println(eob.ID, stu3.PatientID(eob), stu3.ClaimTypeOf(eob), paid, eob.Insurance.Coverage.Reference)
	}
	// Output: carrier-1 1 CARRIER 250.50 Coverage/part-b-1
}
