package ndjson_test

import (
	"strings"
	"testing"

	"github.com/bcda-go/bcda/ndjson"
)

// TestDifferentialEdgeCases feeds lines where JSON decoders are known to
// disagree (invalid UTF-8, control characters, number forms, duplicate and
// case-folded keys, nulls into required values, trailing data) to the typed
// iterators and compares with encoding/json.
func TestDifferentialEdgeCases(t *testing.T) {
	lines := []string{
		"{\"resourceType\":\"Patient\",\"id\":\"a\xffb\",\"gender\":\"male\"}",
		"{\"resourceType\":\"Patient\",\"id\":\"a\tb\"}",
		"{\"resourceType\":\"Patient\",\"id\":\"a\x00b\"}",
		`{"resourceType":"Patient","id":"\ud800"}`,
		`{"resourceType":"Patient","id":"\u00e9\uD83D\uDE00"}`,
		`{"resourceType":"Patient","id":"\x"}`,
		`{"resourceType":"Patient","ID":"upper","Gender":"female"}`,
		`{"resourceType":"Patient","id":"1","id":"2"}`,
		`{"resourceType":"Patient","gender":null,"active":null,"name":null}`,
		`{"resourceType":"Patient","active":"true"}`,
		`{"resourceType":"Patient","active":1}`,
		`{"resourceType":"Patient","multipleBirthInteger":1.0}`,
		`{"resourceType":"Patient","multipleBirthInteger":1e2}`,
		`{"resourceType":"Patient","multipleBirthInteger":99999999999999999999}`,
		`{"resourceType":"Patient","multipleBirthInteger":-0}`,
		`{"resourceType":"Patient","multipleBirthInteger":01}`,
		`{"resourceType":"Patient","multipleBirthInteger":"1"}`,
		`{"resourceType":"Patient","id":1}`,
		`{"resourceType":"Patient"} {"resourceType":"Patient"}`,
		`{"resourceType":"Patient"}x`,
		`{"resourceType":"Patient",}`,
		`{"resourceType":"Patient","name":[{"given":["a",]}]}`,
		`{"resourceType":"Patient","name":{"given":["a"]}}`,
		`{"resourceType":"Patient","name":[{"given":"a"}]}`,
		`{"resourceType":"Patient","gender":"MALE"}`,
		`{"resourceType":"Patient","gender":"male ","id":"x"}`,
		`{"resourceType":"Patient","gender":"\u006dale"}`,
		`{"resourceType":"Patient","gender":5}`,
		`{"resourceType":"Patient","gender":{}}`,
		`{"resourceType":"Patient","gender":["male"]}`,
		`{"resourceType":"Patient","gender":"male","gender":"F"}`,
		`{"resourceType":"Patient","birthDate":1950}`,
		`{"resourceType":"Patient","extension":[{"url":"u","valueDecimal":1.500}]}`,
		`{"resourceType":"Patient","extension":[{"url":"u","valueDecimal":"1.5"}]}`,
		`{"resourceType":"Patient","extension":[{"url":"u","valueDecimal":"x"}]}`,
		`{"resourceType":"Patient","extension":[{"url":"u","valueDecimal":1e400}]}`,
		`{"resourceType":"Patient","extension":[{"url":"u","valueDecimal":true}]}`,
		`{"resourceType":"Patient","extension":[{"url":"u","valueDecimal":null}]}`,
		`{"resourceType":"Patient","extension":[{"url":"u","valueInteger":2147483648}]}`,
		`{"resourceType":"Coverage","status":null}`,
		`{"resourceType":"Coverage","status":"Active"}`,
		`{"resourceType":"Coverage","beneficiary":null,"status":"active"}`,
		`{"resourceType":"Coverage","beneficiary":"Patient/1","status":"active"}`,
		`{"resourceType":"Coverage","status":"active","class":[null]}`,
		`{"resourceType":"ExplanationOfBenefit","insurance":{"focal":true}}`,
		`{"resourceType":"ExplanationOfBenefit","outcome":{"coding":[]}}`,
		`{"resourceType":"ExplanationOfBenefit","total":[{"amount":{"value":12.30}}]}`,
		`{"resourceType":"ExplanationOfBenefit","total":[{"amount":{"value":"12.30"}}]}`,
		`{"resourceType":"ExplanationOfBenefit","item":[{"sequence":1.5}]}`,
		`{"resourceType":"ExplanationOfBenefit","item":[{"sequence":-1}]}`,
		`{"resourceType":"ExplanationOfBenefit","item":[{"sequence":"1"}]}`,
		`{"resourceType":"ExplanationOfBenefit","careTeam":[{"sequence":1,"responsible":"yes"}]}`,
		`{"resourceType":"ExplanationOfBenefit","payment":{"amount":{"value":1,"currency":"usd"}}}`,
		`{"resourceType":"ExplanationOfBenefit","payment":{"amount":{"value":1,"currency":"XXX"}}}`,
		`{"resourceType":"ExplanationOfBenefit","billablePeriod":{"start":null}}`,
		`{"resourceType":"ExplanationOfBenefit","id":"` + strings.Repeat(`\\`, 40) + `"}`,
		`{"resourceType":"ExplanationOfBenefit","contained":[{"resourceType":"Patient"}]}`,
		`{"resourceType":"ExplanationOfBenefit","type":{"coding":[{"system":"s","code":"c"}],"text":"t"},"sequence":1}`,
		`{"resourceType":"ExplanationOfBenefit","insurance":{"coverage":{"reference":"Coverage/x"}},"totalCost":{"value":1}}`,
		`{"resourceType":"ExplanationOfBenefit","item":[{"sequence":1,"adjudication":[{"category":{},"value":"3"}]}]}`,
		`{"resourceType":"ExplanationOfBenefit","item":[{"sequence":1,"factor":"0.5"}]}`,
		`{"resourceType":"ExplanationOfBenefit","item":[{"sequence":1,"factor":"x"}]}`,
		`{"resourceType":"ExplanationOfBenefit","item":[{"sequence":1,"careTeamLinkId":[1,"2"]}]}`,
		`{"resourceType":"Coverage","grouping":{"subPlan":"Part A"},"order":"1"}`,
		`{"resourceType":"Coverage","grouping":"Part A"}`,
		`{"resourceType":"Coverage","payor":{"reference":"x"}}`,
		`{"resourceType":"Patient","identifier":[{"value":5}]}`,
		`{"resourceType":"Patient","deceasedBoolean":"false"}`,
		`{"resourceType":"Patient","name":[{"given":[null]}]}`,
	}
	data := []byte(strings.Join(lines, "\n"))
	for _, w := range []int{1, 2} {
		checkAllTypes(t, data, ndjson.Workers(w))
	}
}
