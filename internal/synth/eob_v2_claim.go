package synth

import "strconv"

// Sections of a v2 EOB claim (eob_v2.go), in the order they are written.

// v2BenefitBalance writes the claim-level amounts and day counts of a
// non-Part D claim: sums of the line amounts s, or drawn.
func (e *enc) v2BenefitBalance(r *rng, kind ClaimType, s *sums) {
	e.ka("benefitBalance")
	e.b = append(e.b, `{"category":`+v2BenefitCategory+`,"financial":[`...)
	for _, f := range v2Fin[kind] {
		e.b = append(e.b, `{"type":`...)
		e.b = append(e.b, f.typ...)
		switch {
		case f.count:
			e.b = append(e.b, `,"usedUnsignedInt":`...)
			e.b = strconv.AppendInt(e.b, int64(r.intn(f.hi+1)), 10)
			e.b = append(e.b, '}', ',')
		case f.role != roleNone:
			e.b = append(e.b, `,"usedMoney":`...)
			e.money(s.get(f.role))
			e.b[len(e.b)-1] = '}'
			e.b = append(e.b, ',')
		default:
			e.b = append(e.b, `,"usedMoney":`...)
			e.money(r.cents(0, f.hi))
			e.b[len(e.b)-1] = '}'
			e.b = append(e.b, ',')
		}
	}
	e.endArr()
	e.end()
	e.endArr()
}

// v2CareTeam writes the careTeam and returns the sequence of the member
// the lines point at (the performing or prescribing provider).
func (e *enc) v2CareTeam(r *rng, c *claim, practNPI, orgNPI string) (lineMember int) {
	kind := c.kind
	prof, inst := c.info.family == professional, c.info.family == institutional
	e.ka("careTeam")
	lineMember = 1
	switch {
	case prof:
		seq := 0
		if r.chance(70) {
			seq++
			e.v2Member(seq, r.npi(), pick(r, familyNames)+", "+pick(r, maleNames), "referring", "Referring", c4cs+"C4BBClaimCareTeamRole", nil, false, nil, kind)
		}
		seq++
		lineMember = seq
		sp := &specialties[r.intn(len(specialties))]
		e.v2Member(seq, practNPI, "", "performing", "Performing provider", c4cs+"C4BBClaimCareTeamRole", sp, true, r, kind)
		if kind == Carrier {
			seq++
			e.v2Member(seq, orgNPI, pick(r, facilityNames), "primary", "Primary provider", thoCS+"claimcareteamrole", nil, false, nil, kind)
		}
	case inst:
		seq := 1
		e.v2Member(seq, r.npi(), "", "attending", "Attending", c4cs+"C4BBClaimCareTeamRole", &specialties[r.intn(len(specialties))], false, nil, kind)
		if kind == Inpatient || kind == SNF || (kind == Outpatient && r.chance(50)) {
			seq++
			e.v2Member(seq, r.npi(), "", "operating", "Operating", c4cs+"C4BBClaimCareTeamRole", nil, false, nil, kind)
			if r.chance(50) {
				seq++
				e.v2Member(seq, r.npi(), "", "otheroperating", "Other Operating", c4cs+"C4BBClaimCareTeamRole", nil, false, nil, kind)
			}
		}
		seq++
		lineMember = seq
		e.v2Member(seq, practNPI, "", "performing", "Performing provider", c4cs+"C4BBClaimCareTeamRole", &specialties[r.intn(len(specialties))], false, nil, kind)
	default:
		e.v2Member(1, practNPI, pick(r, familyNames)+", "+pick(r, femaleNames), "prescribing", "Prescribing provider", c4cs+"C4BBClaimCareTeamRole", &specialties[r.intn(len(specialties))], false, nil, kind)
	}
	e.endArr()
	return lineMember
}

// v2Diagnosis writes the diagnoses of a non-Part D claim and returns how
// many there are.
func (e *enc) v2Diagnosis(r *rng, c *claim) int {
	kind := c.kind
	inst := c.info.family == institutional
	nDiag := r.between(2, 6)
	if inst {
		nDiag = r.between(3, 9)
	}
	e.ka("diagnosis")
	for i := 1; i <= nDiag; i++ {
		d := pick(r, v2Diagnoses)
		e.v2DiagnosisHead(d)
		if kind == Inpatient && i > 1 {
			// Present-on-admission switches are numbered after the
			// diagnosis (clm_poa_ind_sw1 …).
			p := pick(r, v2POA)
			e.b = append(e.b, `"extension":[{"url":"`+bbVariables+`clm_poa_ind_sw`...)
			e.b = strconv.AppendInt(e.b, int64(i-1), 10)
			e.b = append(e.b, `","valueCoding":{"code":"`...)
			e.b = append(e.b, p.code...)
			e.b = append(e.b, `","display":`...)
			e.b = appendString(e.b, p.display)
			e.b = append(e.b, `,"system":"`+bbVariables+`clm_poa_ind_sw`...)
			e.b = strconv.AppendInt(e.b, int64(i-1), 10)
			e.b = append(e.b, `"}}],`...)
		}
		e.kint("sequence", int64(i))
		e.ka("type")
		switch {
		case i == 1:
			e.cc("principal", "Principal Diagnosis", thoCS+"ex-diagnosistype")
		case i == 2 && (kind == Inpatient || kind == SNF):
			e.cc("admitting", "Admitting Diagnosis", thoCS+"ex-diagnosistype")
		case inst || kind == DME:
			e.cc("other", "Other", c4cs+"C4BBClaimDiagnosisType")
		default:
			e.cc("secondary", "Secondary", c4cs+"C4BBClaimDiagnosisType")
		}
		e.endArr()
		e.end()
	}
	if inst && r.chance(40) {
		// An external cause of injury, with its own present-on-
		// admission switch on inpatient claims.
		nDiag++
		x := pick(r, v2ExternalCauses)
		e.v2DiagnosisHead(x)
		if kind == Inpatient {
			p := pick(r, v2POA)
			e.ka("extension")
			e.ccwCoding("clm_e_poa_ind_sw1", p.code, p.display)
			e.endArr()
		}
		e.kint("sequence", int64(nDiag))
		e.b = append(e.b, `"type":[{"coding":[{"code":"externalcauseofinjury","display":"External Cause of Injury","system":"`+c4cs+`C4BBClaimDiagnosisType"}]}]},`...)
	}
	e.endArr()
	return nDiag
}

// v2ClaimExtensions writes the claim-level CCW extensions and the
// facility (institutional claims and Part D events).
func (e *enc) v2ClaimExtensions(r *rng, c *claim, orgNPI string) {
	kind, fam := c.kind, c.info.family
	prof, inst := fam == professional, fam == institutional
	// Claim-level extensions.
	if fam != pharmacy {
		e.ka("extension")
		e.ccwCoding("nch_near_line_rec_ident_cd", c.info.nearLine, c.info.nearDisp)
		switch {
		case prof:
			e.ccwVals(r, c, v2CarrierExt)
		default:
			if kind == Inpatient || kind == SNF {
				e.ccwVal(r, c, &v2FIAction)
			}
			if kind == Inpatient {
				e.ccwVals(r, c, v2InpatientX)
			}
			e.ccwVals(r, c, v2InstExt)
			if kind == Hospice {
				e.ccwVal(r, c, &v2HospicePeriods)
			}
		}
		e.endArr()
	}

	switch {
	case inst:
		f := v2FacilityType[kind]
		e.b = append(e.b, `"facility":{"extension":[`...)
		e.ccwCoding("clm_fac_type_cd", f.code, f.display)
		e.endArr()
		e.end()
	case fam == pharmacy:
		ph := pick(r, v2PDEFacility)
		e.ko("facility")
		e.ks("display", pick(r, facilityNames))
		e.ka("extension")
		e.ccwCoding("phrmcy_srvc_type_cd", ph.code, ph.display)
		e.endArr()
		e.b = append(e.b, `"identifier":{"type":{"coding":[{"code":"npi","system":"`+c4cs+`C4BBIdentifierType"}]},"value":"`...)
		e.b = append(e.b, orgNPI...)
		e.b = append(e.b, `"}},`...)
	}
}

// v2Procedures writes the procedures of an institutional claim: on every
// inpatient and SNF claim and some outpatient ones.
func (e *enc) v2Procedures(r *rng, c *claim) {
	kind, inst := c.kind, c.info.family == institutional
	if inst && kind != HHA && kind != Hospice && (kind != Outpatient || r.chance(40)) {
		e.ka("procedure")
		np := 1
		if kind == Inpatient {
			np = r.between(1, 6)
		}
		for i := 1; i <= np; i++ {
			p := pick(r, v2Procedures)
			e.obj()
			e.kmidnight("date", c.start+day(r.intn(int(c.end-c.start)+1)))
			e.b = append(e.b, `"procedureCodeableConcept":{"coding":[`...)
			e.coding(p.code, p.display, sysPCS)
			e.coding(p.code, p.display, sysICD10)
			e.endArr()
			e.end()
			e.kint("sequence", int64(i))
			e.end()
		}
		e.endArr()
	}
}

// v2SupportingInfo writes the supporting info: the received date and,
// when a line refers to one, the hematocrit/hemoglobin result, then each
// claim type's own entries.
func (e *enc) v2SupportingInfo(r *rng, c *claim, hasObs bool) {
	kind, fam := c.kind, c.info.family
	e.ka("supportingInfo")
	seq := 0
	switch {
	case fam == pharmacy:
		for i := range v2PDESI {
			e.v2SI(r, c, &v2PDESI[i], &seq)
		}
	default:
		e.siDate(v2SIReceived, &seq, c.end+day(r.between(3, 21)))
		if hasObs {
			e.siHead(v2SIHctHgb)
			seq++
			e.kint("sequence", int64(seq))
			e.kraw("valueReference", `{"reference":"#line-observation-1"}`)
			e.end()
		}
		for i := range v2InstSI[kind] {
			e.v2SI(r, c, &v2InstSI[kind][i], &seq)
		}
	}
	e.endArr()
}

// v2DiagnosisHead opens a diagnosis with its code, which BFD gives in
// ICD-10-CM and again in WHO ICD-10, with the same display.
func (e *enc) v2DiagnosisHead(d cd) {
	e.b = append(e.b, `{"diagnosisCodeableConcept":{"coding":[`...)
	e.coding(d.code, d.display, sysICD10CM)
	e.coding(d.code, d.display, sysICD10)
	e.endArr()
	e.end()
}
