package synth

import "strconv"

// Writers of the BFD v2 elements that recur in a v2 EOB: careTeam members,
// CCW-variable extensions and supporting info.

// v2Member writes a careTeam member identified by NPI. A performing
// carrier or DME member (r non-nil, kind saying which) carries the
// participation extension (and on carrier claims the provider type); sp
// adds the NUCC taxonomy (and for that member the CMS specialty) as its
// qualification.
func (e *enc) v2Member(seq int, npi, display, role, roleDisp, roleSys string, sp *specialty, responsible bool, r *rng, kind ClaimType) {
	e.obj()
	if r != nil {
		e.ka("extension")
		if kind == Carrier {
			// A carrier variable: DME claims have no provider type.
			pt := providerTypes[r.intn(len(providerTypes))]
			e.ccwCoding("carr_line_prvdr_type_cd", pt.code, "")
		}
		p := pick(r, v2Participating)
		e.ccwCoding("prtcptng_ind_cd", p.code, p.display)
		e.endArr()
	}
	e.ko("provider")
	if display != "" {
		e.ks("display", display)
	}
	e.b = append(e.b, `"identifier":{"type":{"coding":[{"code":"npi","display":"National Provider Identifier","system":"`+c4cs+`C4BBIdentifierType"}]},"value":"`...)
	e.b = append(e.b, npi...)
	e.b = append(e.b, `"}},`...)
	if sp != nil && (sp.taxonomy != "" || r != nil) {
		e.ko("qualification")
		e.ka("coding")
		if sp.taxonomy != "" {
			e.coding(sp.taxonomy, sp.display, "http://nucc.org/provider-taxonomy")
		}
		if r != nil {
			e.coding(sp.code, sp.display, bbVariables+"prvdr_spclty")
		}
		e.endArr()
		e.end()
	}
	if responsible {
		e.kbool("responsible", true)
	}
	e.ko("role")
	e.ka("coding")
	e.coding(role, roleDisp, roleSys)
	e.endArr()
	e.end()
	e.kint("sequence", int64(seq))
	e.end()
}

// ccwCoding writes {"url":V+name,"valueCoding":{code,display,"system":V+name}}.
func (e *enc) ccwCoding(name, code, display string) {
	e.b = appendExtCoding(e.b, bbVariables, name, code, display, bbVariables, name)
}

// ccwIdent writes {"url":V+name,"valueIdentifier":{"system":V+name,"value":v}}.
func (e *enc) ccwIdent(name string, v []byte) {
	e.b = append(e.b, `{"url":"`+bbVariables...)
	e.b = append(e.b, name...)
	e.b = append(e.b, `","valueIdentifier":{"system":"`+bbVariables...)
	e.b = append(e.b, name...)
	e.b = append(e.b, `","value":"`...)
	e.b = append(e.b, v...)
	e.b = append(e.b, `"}},`...)
}

func (e *enc) ccwVals(r *rng, c *claim, vs []ccwVal) {
	for i := range vs {
		e.ccwVal(r, c, &vs[i])
	}
}

// ccwVal writes one CCW variable extension with a drawn value.
func (e *enc) ccwVal(r *rng, c *claim, v *ccwVal) {
	switch v.kind {
	case 'c':
		x := pick(r, v.codes)
		e.ccwCoding(v.name, x.code, x.display)
	case 'i':
		var d [20]byte
		r.digits(d[:v.n])
		e.ccwIdent(v.name, d[:v.n])
	case 'm':
		e.b = append(e.b, `{"url":"`+bbVariables...)
		e.b = append(e.b, v.name...)
		e.b = append(e.b, `","valueMoney":`...)
		e.money(r.cents(0, v.n))
		e.b[len(e.b)-1] = '}'
		e.b = append(e.b, ',')
	case 'd':
		e.b = append(e.b, `{"url":"`+bbVariables...)
		e.b = append(e.b, v.name...)
		e.b = append(e.b, `","valueDate":"`...)
		e.b = (c.end + day(r.between(3, 30))).append(e.b)
		e.b = append(e.b, `"},`...)
	case 'q':
		e.b = append(e.b, `{"url":"`+bbVariables...)
		e.b = append(e.b, v.name...)
		e.b = append(e.b, `","valueQuantity":{"value":`...)
		e.b = strconv.AppendInt(e.b, int64(1+r.intn(v.n)), 10)
		e.b = append(e.b, `}},`...)
	}
}

// v2SI writes one supporting-info entry with a drawn value.
func (e *enc) v2SI(r *rng, c *claim, si *siV2, seq *int) {
	e.siHead(si.cat)
	if si.kind == 'c' {
		x := pick(r, si.codes)
		e.kcc("code", x.code, x.display, si.sys)
	}
	*seq++
	e.kint("sequence", int64(*seq))
	switch si.kind {
	case 'D':
		e.kdate("timingDate", c.end+day(r.between(1, 30)))
	case 'P':
		end := c.end
		if c.kind == HHA && si.cat == v2SIAdmission.cat {
			end = 0 // a home health admission has a start only
		}
		e.k("timingPeriod")
		e.period(c.start, end)
	case 'q':
		e.b = append(e.b, `"valueQuantity":{"code":"[pt_us]","system":"`+sysUCUM+`","unit":"pint","value":`...)
		e.b = strconv.AppendInt(e.b, int64(r.intn(6)), 10)
		e.b = append(e.b, `},`...)
	case 'Q':
		e.b = append(e.b, `"valueQuantity":{"value":`...)
		e.b = strconv.AppendInt(e.b, int64(r.between(1, 30)), 10)
		e.b = append(e.b, `},`...)
	}
	e.end()
}
