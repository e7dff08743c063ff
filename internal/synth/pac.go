package synth

import (
	"encoding/base64"
	"strconv"
)

// Partially adjudicated claims (v2 Claim and ClaimResponse), as BCDA serves
// them to REACH ACOs from the RDA feeds: FISS (institutional) and MCS
// (professional) claims still in process.

type pac struct {
	j       int
	fiss    bool
	id      string // "f-…" or "m-…"
	ctl     string // DCN (FISS) or ICN (MCS)
	updated int64
	created int64
	start   day
	end     day
	r       rng
}

func (d Dataset) pacAt(b *bene, j int) pac {
	r := stream(d.Seed, streamPAC, uint64(b.index), uint64(j))
	p := pac{j: j, r: r}
	p.fiss = p.r.chance(60)
	num := "-" + strconv.FormatInt((b.id-100000000)*4+int64(j)+100000000, 10)
	prefix := "m-"
	if p.fiss {
		prefix = "f-"
	}
	p.id = prefix + base64.RawURLEncoding.EncodeToString([]byte(num))
	var ctl [17]byte
	p.r.digits(ctl[:14])
	for i := 14; i < 17; i++ {
		ctl[i] = byte('A' + p.r.intn(26))
	}
	p.ctl = string(ctl[:])
	// Partially adjudicated claims are recent: the last 90 days.
	p.updated = b.ref - int64(p.r.float()*90*msPerDay)
	p.created = p.updated - int64(p.r.intn(20*msPerDay))
	p.end = day(p.created/msPerDay) - day(p.r.intn(10))
	p.start = p.end - day(p.r.intn(5))
	return p
}

func (w *writer) claims(b *bene) error {
	for j := 0; j < b.nPAC; j++ {
		p := w.d.pacAt(b, j)
		if w.skip(p.updated) {
			continue
		}
		w.writeClaim(b, &p)
		if err := w.flush(); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) claimResponses(b *bene) error {
	for j := 0; j < b.nPAC; j++ {
		p := w.d.pacAt(b, j)
		if w.skip(p.updated) {
			continue
		}
		w.writeClaimResponse(b, &p)
		if err := w.flush(); err != nil {
			return err
		}
	}
	return nil
}

func (p *pac) system(name string) string {
	if p.fiss {
		return bbVariables + "fiss/" + name
	}
	return bbVariables + "mcs/" + name
}

func (w *writer) writeClaim(b *bene, p *pac) {
	e := &w.e
	r := p.r
	e.obj()
	e.k("billablePeriod")
	e.period(p.start, p.end)
	e.ka("contained")
	// the patient as the RDA feed knows it
	e.obj()
	e.kdate("birthDate", b.birth)
	e.ks("gender", b.gender())
	e.ks("id", "patient")
	e.ka("identifier")
	e.obj()
	e.ks("system", sysMBI)
	e.kraw("type", `{"coding":[{"code":"MC","display":"Patient's Medicare Number","system":"http://terminology.hl7.org/CodeSystem/v2-0203"}]}`)
	e.ks("value", b.mbi)
	e.end()
	e.endArr()
	e.ka("name")
	e.obj()
	e.ks("family", b.family)
	e.ka("given")
	e.str(b.given)
	e.endArr()
	e.ks("text", b.given+" "+b.family+" ([max 10 chars of first], [max 15 chars of last])")
	e.end()
	e.endArr()
	e.ks("resourceType", "Patient")
	e.end()
	// the billing provider
	e.obj()
	e.ks("id", "provider-org")
	e.ka("identifier")
	var prn [6]byte
	r.digits(prn[:])
	e.obj()
	e.ks("system", p.system("meda-prov-6"))
	e.kraw("type", `{"coding":[{"code":"PRN","display":"Provider number","system":"http://terminology.hl7.org/CodeSystem/v2-0203"}]}`)
	e.ks("value", string(prn[:]))
	e.end()
	e.obj()
	e.ks("system", p.system("fed-tax-nb"))
	e.kraw("type", `{"coding":[{"code":"TAX","display":"Tax ID number","system":"http://terminology.hl7.org/CodeSystem/v2-0203"}]}`)
	e.ks("value", "XX-XXXXXXX")
	e.end()
	e.obj()
	e.ks("system", "http://hl7.org/fhir/sid/us-npi")
	e.kraw("type", `{"coding":[{"code":"npi","display":"National Provider Identifier","system":"http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType"}]}`)
	e.ks("value", r.npi())
	e.end()
	e.endArr()
	e.ks("resourceType", "Organization")
	e.end()
	e.endArr()
	e.k("created")
	e.b = append(e.b, '"')
	e.b = appendInstant(e.b, p.created, false)
	e.b = append(e.b, '"', ',')
	e.ka("diagnosis")
	nd := r.between(1, 4)
	for i := 1; i <= nd; i++ {
		code := pick(&r, icd10cm)
		e.obj()
		e.kcc("diagnosisCodeableConcept", undotted(code), "", sysICD10CM)
		e.kint("sequence", int64(i))
		e.end()
	}
	e.endArr()
	e.ka("extension")
	if p.fiss {
		e.extCoding(p.system("serv-typ-cd"), strconv.Itoa(1+r.intn(3)), "", p.system("serv-typ-cd"))
	} else {
		e.extCoding(p.system("claim-type"), "3", "", p.system("claim-type"))
	}
	e.endArr()
	if p.fiss {
		e.ko("facility")
		e.ka("extension")
		e.extCoding(p.system("lob-cd"), strconv.Itoa(1+r.intn(3)), "", p.system("lob-cd"))
		e.endArr()
		e.end()
	}
	e.ks("id", p.id)
	e.ka("identifier")
	e.obj()
	if p.fiss {
		e.ks("system", p.system("dcn"))
	} else {
		e.ks("system", p.system("icn"))
	}
	e.kraw("type", `{"coding":[{"code":"uc","display":"Unique Claim ID","system":"http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType"}]}`)
	e.ks("value", p.ctl)
	e.end()
	e.endArr()
	e.kraw("insurance", `[{"coverage":{"identifier":{"system":"https://bluebutton.cms.gov/resources/variables/fiss/payers-name","value":"MEDICARE"}},"focal":true,"sequence":1}]`)
	if !p.fiss {
		e.ka("item")
		ni := r.between(1, 4)
		for i := 1; i <= ni; i++ {
			code := pick(&r, profCodes)
			e.obj()
			e.kcc("productOrService", code.code, "", code.system)
			e.kint("sequence", int64(i))
			e.k("servicedPeriod")
			e.period(p.start, p.end)
			e.end()
		}
		e.endArr()
	}
	e.ko("meta")
	e.kinstant("lastUpdated", p.updated)
	e.end()
	e.kraw("patient", `{"reference":"#patient"}`)
	e.kraw("priority", `{"coding":[{"code":"normal","display":"Normal","system":"http://terminology.hl7.org/CodeSystem/processpriority"}]}`)
	e.kraw("provider", `{"reference":"#provider-org"}`)
	e.ks("resourceType", "Claim")
	e.ks("status", "active")
	if p.fiss {
		e.ka("supportingInfo")
		e.obj()
		e.kraw("category", `{"coding":[{"code":"typeofbill","display":"Type of Bill","system":"http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBSupportingInfoType"}]}`)
		e.kcc("code", strconv.Itoa(1+r.intn(4)), "", p.system("freq-cd"))
		e.kint("sequence", 1)
		e.end()
		e.endArr()
	}
	e.k("total")
	e.money(r.cents(20, 9000))
	if p.fiss {
		e.kraw("type", `{"coding":[{"code":"institutional","display":"Institutional","system":"http://terminology.hl7.org/CodeSystem/claim-type"}]}`)
	} else {
		e.kraw("type", `{"coding":[{"code":"professional","display":"Professional","system":"http://terminology.hl7.org/CodeSystem/claim-type"}]}`)
	}
	e.ks("use", "claim")
	e.end()
}

var fissStatus = []codeDisp{{"S", "Suspend"}, {"M", "Move"}, {"R", "Reject"}, {"T", "RTP"}, {"D", "Denied"}, {"P", "Paid"}}

func (w *writer) writeClaimResponse(b *bene, p *pac) {
	e := &w.e
	r := stream(w.d.Seed, streamPAC, uint64(b.index), uint64(p.j), 1)
	st := pick(&r, fissStatus)
	e.obj()
	e.k("created")
	e.b = append(e.b, '"')
	e.b = appendInstant(e.b, p.created, false)
	e.b = append(e.b, '"', ',')
	e.ka("extension")
	if p.fiss {
		e.extCoding("https://dcgeo.cms.gov/resources/variables/fiss-status", st.code, st.display, "https://dcgeo.cms.gov/resources/variables/fiss-status")
	} else {
		e.extCoding("https://dcgeo.cms.gov/resources/variables/mcs-status", pick(&r, []string{"A", "B", "D", "E"}), "", "https://dcgeo.cms.gov/resources/variables/mcs-status")
	}
	e.endArr()
	e.ks("id", p.id)
	e.ka("identifier")
	e.obj()
	if p.fiss {
		e.ks("system", "https://dcgeo.cms.gov/resources/variables/dcn")
	} else {
		e.ks("system", "https://dcgeo.cms.gov/resources/variables/icn")
	}
	e.kraw("type", `{"coding":[{"code":"uc","display":"Unique Claim ID","system":"http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType"}]}`)
	e.ks("value", p.ctl)
	e.end()
	e.endArr()
	e.kraw("insurer", `{"identifier":{"value":"CMS"}}`)
	e.ko("meta")
	e.kinstant("lastUpdated", p.updated)
	e.end()
	outcome := "partial"
	if st.code == "P" || st.code == "D" {
		outcome = "complete"
	} else if r.chance(20) {
		outcome = "queued"
	}
	e.ks("outcome", outcome)
	e.ko("patient")
	e.ko("identifier")
	e.ks("system", sysMBI)
	e.kraw("type", `{"coding":[{"code":"MC","display":"Patient's Medicare number","system":"http://terminology.hl7.org/CodeSystem/v2-0203"}]}`)
	e.ks("value", b.mbi)
	e.end()
	e.end()
	e.ko("request")
	e.ks("reference", "Claim/"+p.id)
	e.end()
	e.ks("resourceType", "ClaimResponse")
	e.ks("status", "active")
	e.ko("type")
	e.ka("coding")
	if p.fiss {
		e.coding("FISS", "", "https://dcgeo.cms.gov/resources/codesystem/rda-type")
		e.coding("institutional", "Institutional", "http://terminology.hl7.org/CodeSystem/claim-type")
	} else {
		e.coding("MCS", "", "https://dcgeo.cms.gov/resources/codesystem/rda-type")
		e.coding("professional", "Professional", "http://terminology.hl7.org/CodeSystem/claim-type")
	}
	e.endArr()
	e.end()
	e.ks("use", "claim")
	e.end()
}
