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

// stu3InfoCategory opens an information entry and writes its category, the
// CCW variable's URL in BFD's information code system. It appends the
// variable's name instead of building the URL, which would allocate.
func (e *enc) stu3InfoCategory(variable, display string) {
	e.b = append(e.b, `{"category":{"coding":[{"code":"`+bbVariables...)
	e.b = append(e.b, variable...)
	e.b = append(e.b, `","display":`...)
	e.b = appendString(e.b, display)
	e.b = append(e.b, `,"system":"`+bbInfoSystem+`"}]},`...)
}

// stu3InfoCode writes an information entry's code, in the variable's own
// code system; an empty display is omitted.
func (e *enc) stu3InfoCode(variable, code, display string) {
	e.b = append(e.b, `"code":{"coding":[{"code":`...)
	e.b = appendString(e.b, code)
	if display != "" {
		e.b = append(e.b, `,"display":`...)
		e.b = appendString(e.b, display)
	}
	e.b = append(e.b, `,"system":"`+bbVariables...)
	e.b = append(e.b, variable...)
	e.b = append(e.b, `"}]},`...)
}

// stu3NPIRef writes the member of a Reference that names an NPI,
// "identifier":{"system":us-npi,"value":npi}, as BFD v1 writes careTeam
// providers and institutions.
func (e *enc) stu3NPIRef(npi string) {
	e.b = append(e.b, `"identifier":{"system":"http://hl7.org/fhir/sid/us-npi","value":`...)
	e.b = appendString(e.b, npi)
	e.b = append(e.b, '}', ',')
}
