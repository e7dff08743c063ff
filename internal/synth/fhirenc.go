package synth

// FHIR datatype writers on top of enc. Each writes one JSON value (with its
// trailing separator) whose keys are in alphabetical order.

// coding writes {"code":…,"display":…,"system":…}; an empty display is
// omitted.
func (e *enc) coding(code, display, system string) {
	e.obj()
	e.ks("code", code)
	if display != "" {
		e.ks("display", display)
	}
	e.ks("system", system)
	e.end()
}

// cc writes a CodeableConcept with a single coding.
func (e *enc) cc(code, display, system string) {
	e.b = append(e.b, `{"coding":[`...)
	e.coding(code, display, system)
	e.endArr()
	e.end()
}

// kcc writes "key": CodeableConcept with one coding.
func (e *enc) kcc(key, code, display, system string) {
	e.k(key)
	e.cc(code, display, system)
}

// kcoding writes "key": Coding.
func (e *enc) kcoding(key, code, display, system string) {
	e.k(key)
	e.coding(code, display, system)
}

// money writes {"currency":"USD","value":…} (R4 Money).
func (e *enc) money(cents int64) {
	e.b = append(e.b, `{"currency":"USD","value":`...)
	e.b = appendCents(e.b, cents)
	e.b = append(e.b, '}', ',')
}

// moneySTU3 writes {"code":"USD","system":"urn:iso:std:iso:4217","value":…},
// the STU3 Money shape Blue Button v1 uses.
func (e *enc) moneySTU3(cents int64) {
	e.b = append(e.b, `{"code":"USD","system":"urn:iso:std:iso:4217","value":`...)
	e.b = appendCents(e.b, cents)
	e.b = append(e.b, '}', ',')
}

// ref writes {"reference":prefix+id}.
func (e *enc) ref(prefix, id string) {
	e.b = append(e.b, `{"reference":`...)
	e.b = appendString(e.b, prefix+id)
	e.b = append(e.b, '}', ',')
}

// period writes {"end":…,"start":…}; end 0 means open.
func (e *enc) period(start, end day) {
	e.obj()
	if end != 0 {
		e.kdate("end", end)
	}
	e.kdate("start", start)
	e.end()
}

// extCoding writes {"url":url,"valueCoding":{code,display,system}}.
func (e *enc) extCoding(url, code, display, system string) {
	e.obj()
	e.ks("url", url)
	e.kcoding("valueCoding", code, display, system)
	e.end()
}

// extString writes {"url":url,"valueString":v}.
func (e *enc) extString(url, v string) {
	e.obj()
	e.ks("url", url)
	e.ks("valueString", v)
	e.end()
}

// npiIdentifier writes the NPI Identifier BCDA v3 uses for practitioners
// and organizations.
func (e *enc) npiIdentifier(npi string) {
	e.b = append(e.b, `{"system":"http://hl7.org/fhir/sid/us-npi","type":{"coding":[{"code":"NPI","display":"National provider identifier","system":"http://terminology.hl7.org/CodeSystem/v2-0203"}]},"value":`...)
	e.b = appendString(e.b, npi)
	e.b = append(e.b, '}', ',')
}

// extCodingB is extCoding for URLs and systems held in byte slices; they
// must be plain ASCII URLs (nothing to escape). It avoids building strings
// in the monthly loops of v1 Coverage.
func (e *enc) extCodingB(url []byte, code, display string, system []byte) {
	e.b = appendExtCoding(e.b, "", url, code, display, "", system)
}

// appendExtCoding appends {"url":urlBase+url,"valueCoding":{"code":…,
// "display":…,"system":sysBase+sys}}, and a separator; an empty display is
// omitted. URLs and systems are plain ASCII (nothing to escape); taking
// them in two pieces lets callers join a constant base and a name without
// building a string.
func appendExtCoding[S ~string | ~[]byte](b []byte, urlBase string, url S, code, display, sysBase string, sys S) []byte {
	b = append(b, `{"url":"`...)
	b = append(b, urlBase...)
	b = append(b, url...)
	b = append(b, `","valueCoding":{"code":`...)
	b = appendString(b, code)
	if display != "" {
		b = append(b, `,"display":`...)
		b = appendString(b, display)
	}
	b = append(b, `,"system":"`...)
	b = append(b, sysBase...)
	b = append(b, sys...)
	return append(b, `"}},`...)
}
