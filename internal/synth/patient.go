package synth

const (
	sysMBI      = "http://hl7.org/fhir/sid/us-mbi"
	sysV2_0203  = "http://terminology.hl7.org/CodeSystem/v2-0203"
	bbVariables = "https://bluebutton.cms.gov/resources/variables/"
)

func (w *writer) patient(b *bene) error {
	if w.skip(b.patUpdated) {
		return nil
	}
	switch w.req.Version {
	case V1:
		w.patientSTU3(b)
	case V2:
		w.patientR4(b, false)
	default:
		w.patientR4(b, true)
	}
	return w.flush()
}

func (b *bene) gender() string {
	if b.female {
		return "female"
	}
	return "male"
}

// patientR4 writes a v3 (CARIN BB 2.2.0 / US Core 7) or v2 (C4BB 1.x,
// Blue Button v2) Patient.
func (w *writer) patientR4(b *bene, v3 bool) {
	e := &w.e
	e.obj()
	e.ka("address")
	e.obj()
	if !v3 {
		e.ks("city", "ANYTOWN")
	}
	e.ks("postalCode", b.zip)
	e.ks("state", b.state.code)
	e.end()
	e.endArr()
	e.kdate("birthDate", b.birth)
	if v3 {
		e.ka("communication")
		e.b = append(e.b, `{"language":`...)
		e.cc(b.lang, "", "urn:ietf:bcp:47")
		e.end()
		e.endArr()
	}
	if b.deathDt != 0 {
		e.kdate("deceasedDateTime", b.deathDt)
	}
	rc := races[b.race]
	e.ka("extension")
	sex := "248153007"
	if b.female {
		sex = "248152002"
	}
	e.b = append(e.b, `{"url":"http://hl7.org/fhir/us/core/StructureDefinition/us-core-sex","valueCode":"`...)
	e.b = append(e.b, sex...)
	e.b = append(e.b, `"},`...)
	if v3 {
		w.usCoreRace(rc)
	} else {
		// v2 (Blue Button 2.0 / BFD, as in shared/samples/v2_Patient.ndjson):
		// us-core-sex, the CCW race, us-core-race, the reference year and
		// the monthly dual-eligibility codes, in that order.
		e.ccwCoding("race", rc.v1, rc.v1Disp)
		w.usCoreRace(rc)
		w.referenceYear(b)
		w.monthly("dual_", "", "**", "Enrolled in Medicare A and/or B, but no Part D enrollment data for the beneficiary. (This status was indicated as 'XX' for 2006-2009)")
	}
	e.endArr()
	e.ks("gender", b.gender())
	e.ks("id", b.idStr)
	e.ka("identifier")
	if v3 {
		e.obj()
		e.ko("period")
		e.kmidnight("start", b.entitled)
		e.end()
		e.ks("system", sysMBI)
		e.kraw("type", `{"coding":[{"code":"MB","system":"http://terminology.hl7.org/CodeSystem/v2-0203"}]}`)
		e.ks("value", b.mbi)
		e.end()
		if b.oldMBI {
			// An MBI replaced at entitlement, as real v3 data shows.
			e.obj()
			e.ko("period")
			e.kmidnight("end", b.entitled-1)
			e.kmidnight("start", b.entitled-day(200+b.index%300))
			e.end()
			e.ks("system", sysMBI)
			e.kraw("type", `{"coding":[{"code":"MB","system":"http://terminology.hl7.org/CodeSystem/v2-0203"}]}`)
			e.k("value")
			e.b = append(e.b, '"')
			e.b = w.d.appendMBI(e.b, b.index+1<<29)
			e.b = append(e.b, '"', ',')
			e.end()
		}
	} else {
		// v2 marks MBI currency on the identifier's type coding, lists a
		// replaced MBI first, and types bene_id MB "Member Number"
		// (shared/samples/v2_Patient.ndjson; fidelity-audit item 2).
		if b.oldMBI {
			e.obj()
			e.ks("system", sysMBI)
			e.kraw("type", v2MBIType("historic", "Historic"))
			e.k("value")
			e.b = append(e.b, '"')
			e.b = w.d.appendMBI(e.b, b.index+1<<29)
			e.b = append(e.b, '"', ',')
			e.end()
		}
		e.obj()
		e.ko("period")
		e.kdate("start", b.entitled)
		e.end()
		e.ks("system", sysMBI)
		e.kraw("type", v2MBIType("current", "Current"))
		e.ks("value", b.mbi)
		e.end()
		e.obj()
		e.ks("system", bbVariables+"bene_id")
		e.kraw("type", `{"coding":[{"code":"MB","display":"Member Number","system":"http://terminology.hl7.org/CodeSystem/v2-0203"}]}`)
		e.ks("value", b.idStr)
		e.end()
	}
	e.endArr()
	e.ko("meta")
	e.kinstant("lastUpdated", b.patUpdated)
	if v3 {
		e.kraw("profile", `["http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-Patient|2.2.0","http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient|7.0.0"]`)
	} else {
		e.kraw("profile", `["http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-Patient"]`)
	}
	e.end()
	e.ka("name")
	e.obj()
	e.ks("family", b.family)
	e.ka("given")
	e.str(b.given)
	if b.given2 != "" {
		e.str(b.given2)
	}
	e.endArr()
	if !v3 {
		e.ks("use", "usual")
	}
	e.end()
	e.endArr()
	e.ks("resourceType", "Patient")
	e.end()
}

// patientSTU3 writes a Blue Button v1 Patient.
func (w *writer) patientSTU3(b *bene) {
	e := &w.e
	r := stream(w.d.Seed, streamBene, uint64(b.index), 1)
	e.obj()
	e.ka("address")
	e.obj()
	e.ks("postalCode", b.zip)
	e.ks("state", b.state.ssa)
	e.end()
	e.endArr()
	e.kdate("birthDate", b.birth)
	if b.deathDt != 0 {
		e.kdate("deceasedDateTime", b.deathDt)
	}
	rc := races[b.race]
	e.ka("extension")
	e.ccwCoding("race", rc.v1, rc.v1Disp)
	w.referenceYear(b)
	e.endArr()
	e.ks("gender", b.gender())
	e.ks("id", b.idStr)
	e.ka("identifier")
	e.obj()
	e.ks("system", bbVariables+"bene_id")
	e.ks("value", b.idStr)
	e.end()
	e.obj()
	e.ks("system", "https://bluebutton.cms.gov/resources/identifier/mbi-hash")
	e.k("value")
	var h [64]byte
	for i := 0; i < 64; i += 16 {
		x := r.next()
		for j := range 16 {
			h[i+j] = hexDigits[x>>(4*j)&0xF]
		}
	}
	e.b = append(e.b, '"')
	e.b = append(e.b, h[:]...)
	e.b = append(e.b, '"', ',')
	e.end()
	e.obj()
	e.ka("extension")
	e.extCoding("https://bluebutton.cms.gov/resources/codesystem/identifier-currency", "current", "Current", "https://bluebutton.cms.gov/resources/codesystem/identifier-currency")
	e.endArr()
	e.ks("system", sysMBI)
	e.ks("value", b.mbi)
	e.end()
	e.endArr()
	e.ko("meta")
	e.kinstant("lastUpdated", b.patUpdated)
	e.end()
	e.ka("name")
	e.obj()
	e.ks("family", b.family)
	e.ka("given")
	e.str(b.given)
	if b.given2 != "" {
		e.str(b.given2[:1])
	}
	e.endArr()
	e.ks("use", "usual")
	e.end()
	e.endArr()
	e.ks("resourceType", "Patient")
	e.end()
}

func appendInt4(b []byte, y int) []byte {
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10))
}

// v2MBIType is the type of a v2 MBI identifier: code MC with the
// identifier-currency extension on the coding.
func v2MBIType(code, display string) string {
	const cur = "https://bluebutton.cms.gov/resources/codesystem/identifier-currency"
	return `{"coding":[{"code":"MC","display":"Patient's Medicare number","extension":[{"url":"` + cur +
		`","valueCoding":{"code":"` + code + `","display":"` + display + `","system":"` + cur +
		`"}}],"system":"http://terminology.hl7.org/CodeSystem/v2-0203"}]}`
}

// usCoreRace writes the US Core race extension (OMB category and text).
// referenceYear writes the Blue Button rfrnc_yr extension (the year of the
// beneficiary's enrollment reference data), as v1 and v2 Patients and
// Coverages carry it.
func (w *writer) referenceYear(b *bene) {
	e := &w.e
	e.obj()
	e.ks("url", bbVariables+"rfrnc_yr")
	e.k("valueDate")
	e.b = append(e.b, '"')
	e.b = appendInt4(e.b, day(b.ref/msPerDay).year())
	e.b = append(e.b, '"', ',')
	e.end()
}

func (w *writer) usCoreRace(rc race) {
	e := &w.e
	sys := "urn:oid:2.16.840.1.113883.6.238"
	if rc.omb == "UNK" {
		sys = "http://terminology.hl7.org/CodeSystem/v3-NullFlavor"
	}
	e.obj()
	e.ka("extension")
	e.obj()
	e.ks("url", "ombCategory")
	e.kcoding("valueCoding", rc.omb, rc.display, sys)
	e.end()
	e.extString("text", rc.display)
	e.endArr()
	e.ks("url", "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race")
	e.end()
}

// twoDigits formats 1…12 as "01"…"12".
func twoDigits(m int) string { return string([]byte{byte('0' + m/10), byte('0' + m%10)}) }
