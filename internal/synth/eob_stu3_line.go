package synth

import "strconv"

// stu3Line holds the amounts of one line's adjudications, in the order
// of the claim's table (stu3ProfAdj, stu3DMEAdj, stu3InstAdj or
// stu3PDEAdj).
type stu3Line struct {
	amt [11]int64
}

// stu3AdjOf returns the line adjudication table of claim c.
func stu3AdjOf(c *claim) []lineAdj {
	switch c.info.family {
	case professional:
		if c.kind == DME {
			return stu3DMEAdj
		}
		return stu3ProfAdj
	case institutional:
		return stu3InstAdj
	}
	return stu3PDEAdj
}

// drawSTU3Line draws the amounts of one line of claim c and adds them to s.
func drawSTU3Line(r *rng, c *claim, s *sums) stu3Line {
	var l stu3Line
	var amt lineAmt
	lo, hi := 4, 900
	switch c.info.family {
	case professional:
		lo, hi = 15, 1800
	case institutional:
		lo, hi = instCharge[c.kind][0], instCharge[c.kind][1]
	}
	amt.sub, amt.alw, amt.paid, amt.ded, amt.coins = lineAmounts(r, lo, hi)
	for i, a := range stu3AdjOf(c) {
		v, ok := amt.of(a.role)
		switch {
		case a.role == rolePaidByPatient:
			v = amt.coins // v1 lines: what the beneficiary paid is the coinsurance
		case !ok:
			v = r.cents(0, 300)
		}
		s.add(a.role, v)
		l.amt[i] = v
	}
	return l
}

func (w *writer) stu3Item(r *rng, c *claim, seq, nDiag int, l *stu3Line) {
	e := &w.e
	fam := c.info.family
	e.obj()
	e.ka("adjudication")
	if c.kind == Carrier {
		e.b = append(e.b, `{"category":{"coding":[{"code":"https://bluebutton.cms.gov/resources/variables/carr_line_rdcd_pmt_phys_astn_c","display":"Carrier Line Reduced Payment Physician Assistant Code","system":"https://bluebutton.cms.gov/resources/codesystem/adjudication"}]},"reason":{"coding":[{"code":"0","display":"N/A","system":"https://bluebutton.cms.gov/resources/variables/carr_line_rdcd_pmt_phys_astn_c"}]}},`...)
	}
	for i, a := range stu3AdjOf(c) {
		if fam == institutional && stu3InstWritten[c.kind]&(1<<i) == 0 {
			continue
		}
		e.b = append(e.b, `{"amount":`...)
		e.moneySTU3(l.amt[i])
		e.b = append(e.b, `"category":`...)
		e.b = append(e.b, a.cat...)
		if fam == professional && a.role == rolePaidProvider {
			// line_nch_pmt_amt carries the payment percentage.
			pc := pick(r, stu3Payment80100)
			e.b = append(e.b, ',')
			e.ka("extension")
			e.ccwCoding("line_pmt_80_100_cd", pc.code, pc.display)
			e.endArr()
			e.b = e.b[:len(e.b)-1]
		}
		e.b = append(e.b, '}', ',')
	}
	if fam == professional {
		pi := processingInd[r.intn(3)]
		e.b = append(e.b, `{"category":{"coding":[{"code":"https://bluebutton.cms.gov/resources/variables/line_prcsg_ind_cd","display":"Line Processing Indicator Code","system":"https://bluebutton.cms.gov/resources/codesystem/adjudication"}]},"reason":{"coding":[{"code":"`...)
		e.b = append(e.b, pi.code...)
		e.b = append(e.b, `","display":"`...)
		e.b = append(e.b, pi.display...)
		e.b = append(e.b, `","system":"https://bluebutton.cms.gov/resources/variables/line_prcsg_ind_cd"}]}},`...)
	}
	e.endArr()
	switch fam {
	case professional:
		e.kcc("category", "1", "Medical care", bbVariables+"line_cms_type_srvc_cd")
		if nDiag > 0 {
			e.ka("diagnosisLinkId")
			e.int(int64(1 + r.intn(nDiag)))
			e.endArr()
		}
		e.ka("extension")
		if c.kind == DME {
			// A DME line's supplier and units (DMEClaimTransformer;
			// eobReadDme.json), as v2 writes them.
			e.ccwVal(r, c, &v2DMELineExt[0])
			e.b = append(e.b, `{"url":"`+bbVariables+`dmerc_line_scrn_svgs_amt","valueQuantity":{"value":0}},{"url":"`+bbVariables+`dmerc_line_mtus_cnt","valueQuantity":{"code":"3","system":"`+bbVariables+`dmerc_line_mtus_cd","unit":"Number of services","value":`...)
			e.b = strconv.AppendInt(e.b, int64(1+r.intn(90)), 10)
			e.b = append(e.b, `}},`...)
		} else {
			mt := mtusInd[r.intn(len(mtusInd))]
			e.ccwCoding("carr_line_mtus_cd", mt.code, mt.display)
			e.b = append(e.b, `{"url":"https://bluebutton.cms.gov/resources/variables/carr_line_mtus_cnt","valueQuantity":{"value":`...)
			e.b = strconv.AppendInt(e.b, int64(1+r.intn(4)), 10)
			e.b = append(e.b, `}},`...)
		}
		e.ccwCoding("betos_cd", "M1B", "Office visits - established")
		e.ccwCoding("line_service_deductible", "0", "Service Subject to Deductible")
		e.endArr()
		pos := placesOfService[r.intn(len(placesOfService))]
		e.ko("locationCodeableConcept")
		e.ka("coding")
		e.coding(pos.code, pos.display, bbVariables+"line_place_of_srvc_cd")
		e.endArr()
		e.ka("extension")
		st := states[r.intn(len(states))]
		if r.chance(10) {
			e.ccwCoding("prvdr_state_cd", stu3UnknownState.code, stu3UnknownState.display)
		} else {
			e.ccwCoding("prvdr_state_cd", st.ssa, "")
		}
		if c.kind == DME {
			// The DME pricing state and supplier type, where carrier
			// lines have the ZIP and pricing locality.
			e.ccwVals(r, c, v2DMELineExt[1:])
		} else {
			e.ccwCoding("prvdr_zip", st.zip+"123456", "")
			e.ccwCoding("carr_line_prcng_lclty_cd", strconv.Itoa(1+r.intn(99)), "")
		}
		e.endArr()
		e.end()
		// HCPCS modifiers, in BFD's hcpcs system with the claim's HCPCS
		// year as version, as the service code (TransformerUtils.mapHcpcs).
		if r.chance(40) {
			e.b = append(e.b, `"modifier":[{"coding":[{"code":`...)
			e.b = appendString(e.b, pick(r, modifiers).code)
			e.b = append(e.b, `,"system":"https://bluebutton.cms.gov/resources/codesystem/hcpcs","version":"0"}]}],`...)
		}
	}
	datedLine := c.kind == Outpatient || c.kind == HHA || c.kind == Hospice
	if fam == institutional {
		// A revenue-center line as BFD v1 writes it
		// (TransformerUtils.mapEobCommonItemRevenue and the institutional
		// transformers; eobRead<Type>.json): the NDC quantity when there is
		// one, the provider's state, HCPCS modifiers on outpatient, HHA and
		// hospice lines, without the HCPCS year carrier and DME lines have.
		if r.chance(30) {
			u := pick(r, v2Units)
			e.b = append(e.b, `"extension":[{"url":"`+bbVariables+`rev_cntr_ndc_qty","valueQuantity":{"code":`...)
			e.b = appendString(e.b, u.code)
			e.b = append(e.b, `,"system":"`+sysUCUM+`","unit":`...)
			e.b = appendString(e.b, u.display)
			e.b = append(e.b, `,"value":`...)
			e.b = strconv.AppendInt(e.b, int64(1+r.intn(500)), 10)
			e.b = append(e.b, `}}],`...)
		}
		e.ko("locationAddress")
		e.ks("state", states[r.intn(len(states))].code)
		e.end()
		if datedLine && r.chance(40) {
			e.b = append(e.b, `"modifier":[{"coding":[{"code":`...)
			e.b = appendString(e.b, pick(r, modifiers).code)
			e.b = append(e.b, `,"system":"https://bluebutton.cms.gov/resources/codesystem/hcpcs"}]}],`...)
		}
	}
	e.ko("quantity")
	e.kint("value", int64(1+r.intn(20)))
	e.end()
	if fam == institutional {
		// The revenue center, with the status indicator (outpatient and
		// HHA) and the deductible/coinsurance code (the others) BFD v1
		// adds to it; codes and displays as v2 writes them.
		rc := revenueCenters[r.intn(len(revenueCenters))]
		e.ko("revenue")
		e.ka("coding")
		e.coding(rc.code, rc.display, bbVariables+"rev_cntr")
		e.endArr()
		e.ka("extension")
		if c.kind == Outpatient || c.kind == HHA {
			st := pick(r, v2RevStatus)
			e.ccwCoding("rev_cntr_stus_ind_cd", st.code, st.display)
		}
		if c.kind != Outpatient {
			dc := pick(r, v2DedCoins)
			e.ccwCoding("rev_cntr_ddctbl_coinsrnc_cd", dc.code, dc.display)
		}
		e.endArr()
		e.end()
	}
	e.kint("sequence", int64(seq))
	e.ko("service")
	e.ka("coding")
	switch {
	case fam == pharmacy:
		d := pick(r, drugs)
		e.coding(d.ndc, d.name, sysNDC)
	case c.kind == DME:
		e.b = append(e.b, `{"code":"`...)
		e.b = append(e.b, pick(r, dmeCodes).code...)
		e.b = append(e.b, `","system":"https://bluebutton.cms.gov/resources/codesystem/hcpcs","version":"0"},`...)
	case fam == institutional:
		e.b = append(e.b, `{"code":"`...)
		e.b = append(e.b, pick(r, profCodes).code...)
		e.b = append(e.b, `","system":"https://bluebutton.cms.gov/resources/codesystem/hcpcs"},`...)
	default:
		e.b = append(e.b, `{"code":"`...)
		e.b = append(e.b, pick(r, profCodes).code...)
		e.b = append(e.b, `","system":"https://bluebutton.cms.gov/resources/codesystem/hcpcs","version":"0"},`...)
	}
	e.endArr()
	e.end()
	switch {
	case fam == pharmacy:
		e.kdate("servicedDate", c.start)
	case datedLine:
		// The revenue center date (rev_cntr_dt).
		e.kdate("servicedDate", c.start+day(r.intn(int(c.end-c.start)+1)))
	case fam == professional:
		e.k("servicedPeriod")
		e.period(c.start, c.end)
	}
	e.end()
}
