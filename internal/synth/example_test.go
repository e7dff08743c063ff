package synth_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/synth"
)

// Generate the first two beneficiaries' Patient file of a 50-beneficiary
// ACO, as BCDA v3 would serve it.
func ExampleDataset_Write() {
	d := synth.Dataset{Seed: 1, Beneficiaries: 50}
	var buf bytes.Buffer
	n, err := d.Write(&buf, synth.Request{Version: "v3", Type: fhir.TypePatient, First: 0, Count: 2})
	if err != nil {
		panic(err)
	}
	fmt.Println(n, "patients")
	dec := json.NewDecoder(&buf)
	for dec.More() {
		var p fhir.Patient
		if err := dec.Decode(&p); err != nil {
			panic(err)
		}
		fmt.Println(*p.Id, *p.Identifier[0].Value == d.MBI(0) || *p.Identifier[0].Value == d.MBI(1))
	}
	// Output:
	// 2 patients
	// -196642222 true
	// -821983807 true
}

// An incremental export: only claims last updated in the 90 days before the
// dataset's reference instant.
func ExampleDataset_Count() {
	d := synth.Dataset{Seed: 1, Beneficiaries: 2500}
	all, _ := d.Count(synth.Request{Version: "v3", Type: fhir.TypeExplanationOfBenefit, Count: 2500})
	recent, _ := d.Count(synth.Request{Version: "v3", Type: fhir.TypeExplanationOfBenefit, Count: 2500,
		Since: d.Reference().Add(-90 * 24 * time.Hour)})
	fmt.Println(all > 15000, recent*100/all < 20)
	// Output: true true
}
