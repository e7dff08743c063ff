package synth

// Writers of BFD v1 elements that recur in a v1 EOB.

// stu3ExtMoney writes a CCW variable extension holding an amount:
// {"url":…/variables/<name>,"valueMoney":{STU3 Money}}.
func (e *enc) stu3ExtMoney(name string, cents int64) {
	e.b = append(e.b, `{"url":"`+bbVariables...)
	e.b = append(e.b, name...)
	e.b = append(e.b, `","valueMoney":`...)
	e.moneySTU3(cents)
	e.b[len(e.b)-1] = '}'
	e.b = append(e.b, ',')
}

// stu3NPIIdentifier writes the NPI-typed Identifier BFD v1 gives a Part D
// event's pharmacy (TransformerUtils.createIdentifierReference with
// IdentifierType.NPI).
func (e *enc) stu3NPIIdentifier(npi string) {
	e.b = append(e.b, `{"system":"http://hl7.org/fhir/sid/us-npi","type":{"coding":[{"code":"NPI","display":"National Provider Identifier","system":"http://hl7.org/fhir/sid/us-npi"}]},"value":`...)
	e.b = appendString(e.b, npi)
	e.b = append(e.b, '}', ',')
}
