package stu3_test

import (
	"fmt"
	"strings"

	"github.com/bcda-go/bcda/fhir/stu3"
)

func ExampleExplanationOfBenefits() {
	v1 := `{"billablePeriod":{"end":"2000-10-01","start":"2000-10-01"},"id":"carrier-1","insurance":{"coverage":{"reference":"Coverage/part-b-1"}},"patient":{"reference":"Patient/1"},"payment":{"amount":{"code":"USD","system":"urn:iso:std:iso:4217","value":250}},"resourceType":"ExplanationOfBenefit","status":"active","type":{"coding":[{"code":"CARRIER","system":"https://bluebutton.cms.gov/resources/codesystem/eob-type"}]}}`
	for eob, err := range stu3.ExplanationOfBenefits(strings.NewReader(v1)) {
		if err != nil {
			fmt.Println(err)
			continue
		}
		paid, _ := eob.PaymentAmount()
		fmt.Println(eob.ID, eob.PatientID(), eob.ClaimType(), paid, eob.Insurance.Coverage.Reference)
	}
	// Output: carrier-1 1 CARRIER 250 Coverage/part-b-1
}
