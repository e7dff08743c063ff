package synth

import "strconv"

// The lines of a v2 EOB (eob_v2.go): amounts, adjudications, codes.

// v2Line is one line's drawn amounts, by adjudication role. They are drawn
// before the claim is written because its benefit balances, payment and
// total are their sums.
type v2Line struct {
	amt [rolePaidToPatient + 1]int64
}

// drawV2Line draws the amounts of one line of claim c.
func drawV2Line(r *rng, c *claim) v2Line {
	var l v2Line
	switch c.info.family {
	case professional:
		lo, hi := 15, 1800
		if c.kind == DME {
			lo, hi = 20, 3500
		}
		sub, alw, paid, ded, coins := lineAmounts(r, lo, hi)
		l.amt[roleSubmitted], l.amt[roleAllowed], l.amt[rolePaidProvider] = sub, alw, paid
		l.amt[roleDeductible], l.amt[roleCoinsurance] = ded, coins
	case institutional:
		sub := r.cents(instCharge[c.kind][0], instCharge[c.kind][1])
		nonc := sub * int64(r.intn(30)) / 100
		l.amt[roleSubmitted], l.amt[roleNoncovered] = sub, nonc
		l.amt[rolePaidProvider] = (sub - nonc) * int64(40+r.intn(40)) / 100
		l.amt[rolePaidByPatient] = (sub - nonc) / 10
		if r.chance(15) {
			l.amt[roleDeductible] = r.cents(0, 300)
		}
	case pharmacy:
		cost := r.cents(4, 900)
		byPat := cost * int64(r.intn(40)) / 100
		l.amt[roleSubmitted], l.amt[rolePaidByPatient], l.amt[rolePaidProvider] = cost, byPat, cost-byPat
	}
	return l
}

// get returns the sum of one role.
func (s *sums) get(role int) int64 {
	switch role {
	case roleSubmitted:
		return s.submitted
	case roleAllowed:
		return s.allowed
	case rolePaidProvider:
		return s.paidProvider
	case rolePaidByPatient:
		return s.paidByPatient
	case roleDeductible:
		return s.deductible
	case roleCoinsurance:
		return s.coins
	case roleNoncovered:
		return s.noncovered
	case rolePaidToPatient:
		return s.paidToPatient
	}
	return 0
}

// v2Item writes line seq of claim c.
func (w *writer) v2Item(r *rng, c *claim, l *v2Line, seq, member, nDiag int, hasObs bool) {
	e := &w.e
	kind := c.kind
	e.obj()
	e.ka("adjudication")
	var adj []lineAdj
	switch c.info.family {
	case professional:
		pa := pick(r, pmt80100)
		if kind == Carrier {
			// The reduced-payment physician assistant code is a carrier
			// variable.
			e.b = append(e.b, `{"category":{"coding":[{"code":"denialreason","display":"Denial Reason","system":"`+c4cs+`C4BBAdjudicationDiscriminator"}]},"reason":{"coding":[{"code":"0","display":"N/A","system":"`+bbVariables+`carr_line_rdcd_pmt_phys_astn_c"}]}},`...)
		}
		adj = v2CarrierLineAdj
		if kind == DME {
			adj = v2DMELineAdj
		}
		for _, a := range adj {
			v := l.amt[a.role]
			if a.role == roleNone {
				v = r.cents(0, 200)
			}
			if a.role == rolePaidProvider {
				// The line's Medicare payment carries its payment
				// percentage.
				e.b = append(e.b, `{"amount":{"currency":"USD","value":`...)
				e.b = appendCents(e.b, v)
				e.b = append(e.b, `},"category":`...)
				e.b = append(e.b, a.cat...)
				e.b = append(e.b, `,"extension":[`...)
				e.ccwCoding("line_pmt_80_100_cd", pa.code, pa.display)
				e.endArr()
				e.end()
				continue
			}
			e.adjAmount(a.cat, v)
		}
	case institutional:
		for i := 0; i < v2InstDenials[kind]; i++ {
			if !r.chance(50) {
				continue
			}
			name := "rev_cntr_1st_ansi_cd"
			if i == 1 {
				name = "rev_cntr_2nd_ansi_cd"
			}
			e.b = append(e.b, `{"category":{"coding":[{"code":"denialreason","display":"Denial Reason","system":"`+c4cs+`C4BBAdjudicationDiscriminator"}]},"reason":{"coding":[{"code":"`...)
			e.b = append(e.b, pick(r, []string{"CO45", "CO120", "CR121", "PR1", "PR2"})...)
			e.b = append(e.b, `","system":"`+bbVariables...)
			e.b = append(e.b, name...)
			e.b = append(e.b, `"}]}},`...)
		}
		for _, a := range v2InstLineAdj[kind] {
			v := l.amt[a.role]
			if a.role == roleNone {
				v = r.cents(0, 250)
			}
			e.adjAmount(a.cat, v)
		}
	case pharmacy:
		for _, a := range v2PDELineAdj {
			v := l.amt[a.role]
			if a.role == roleNone {
				v = r.cents(0, 40)
			}
			e.adjAmount(a.cat, v)
		}
	}
	e.endArr()
	e.ka("careTeamSequence")
	e.int(int64(member))
	e.endArr()

	switch c.info.family {
	case professional:
		st := pick(r, v2CMSServiceType)
		e.kcc("category", st.code, st.display, bbVariables+"line_cms_type_srvc_cd")
		if nDiag > 0 {
			e.ka("diagnosisSequence")
			e.int(int64(1 + r.intn(nDiag)))
			e.endArr()
		}
		e.ka("extension")
		if kind == DME {
			e.ccwVal(r, c, &v2DMELineExt[0])
			e.b = append(e.b, `{"url":"`+bbVariables+`dmerc_line_scrn_svgs_amt","valueQuantity":{"value":0}},{"url":"`+bbVariables+`dmerc_line_mtus_cnt","valueQuantity":{"code":"3","system":"`+bbVariables+`dmerc_line_mtus_cd","unit":"Number of services","value":`...)
			e.b = strconv.AppendInt(e.b, int64(1+r.intn(90)), 10)
			e.b = append(e.b, `}},`...)
			e.ccwVals(r, c, v2DMELineExt[1:])
		} else {
			units := int64(1 + r.intn(5))
			e.b = append(e.b, `{"url":"`+bbVariables+`carr_line_mtus_cnt","valueQuantity":{"value":`...)
			e.b = strconv.AppendInt(e.b, units, 10)
			e.b = append(e.b, `}},`...)
			// BFD writes the unit count a second time as a coding.
			e.b = append(e.b, `{"url":"`+bbVariables+`carr_line_mtus_cnt","valueCoding":{"code":"`...)
			e.b = strconv.AppendInt(e.b, units, 10)
			e.b = append(e.b, `","system":"`+bbVariables+`carr_line_mtus_cnt"}},`...)
		}
		lineExt := v2CarrierLineExt
		if kind == DME {
			lineExt = lineExt[1:] // DME lines count units in dmerc_line_mtus_cnt, without carr_line_mtus_cd
		}
		e.ccwVals(r, c, lineExt)
		e.endArr()
		if hasObs {
			e.kraw("informationSequence", "[2]")
		}
		pos := pick(r, v2PlacesOfService)
		e.b = append(e.b, `"locationCodeableConcept":{"coding":[`...)
		e.coding(pos.code, pos.display, bbVariables+"line_place_of_srvc_cd")
		e.endArr()
		e.ka("extension")
		st8 := states[r.intn(len(states))]
		e.ccwCoding("prvdr_state_cd", st8.code, "")
		if kind == Carrier {
			var zip [9]byte
			copy(zip[:], st8.zip)
			r.digits(zip[len(st8.zip):])
			e.ccwCoding("prvdr_zip", string(zip[:]), "")
			lc := pick(r, v2PricingLocality)
			e.ccwCoding("carr_line_prcng_lclty_cd", lc.code, lc.display)
			if r.chance(30) {
				var clia [10]byte
				r.digits(clia[:])
				clia[2], clia[3] = 'D', '0'
				e.ccwIdent("carr_line_clia_lab_num", clia[:])
			}
		}
		e.endArr()
		e.end()
		if r.chance(50) {
			m := pick(r, modifiers)
			e.b = append(e.b, `"modifier":[{"coding":[{"code":`...)
			e.b = appendString(e.b, m.code)
			e.b = append(e.b, `,"system":"`+bbCSHCPCS+`","version":"`...)
			e.b = strconv.AppendInt(e.b, int64(1+r.intn(5)), 10)
			e.b = append(e.b, `"}]}],`...)
		}
		e.v2Product(r, profLineCode(r, kind).code, false, 25)
		e.ko("quantity")
		e.kint("value", int64(1+r.intn(60)))
		e.end()
		e.kint("sequence", int64(seq))
		e.k("servicedPeriod")
		e.period(c.start, c.end)
	case institutional:
		if kind == Outpatient || kind == SNF || kind == HHA {
			// The unit count, as the real lines of these types carry it
			// (the inpatient and hospice ones do not).
			e.b = append(e.b, `"extension":[{"url":"`+bbVariables+`rev_cntr_unit_cnt","valueQuantity":{"value":`...)
			e.b = strconv.AppendInt(e.b, int64(1+r.intn(500)), 10)
			e.b = append(e.b, `}}],`...)
		}
		e.b = append(e.b, `"locationAddress":{"state":"`...)
		e.b = append(e.b, states[r.intn(len(states))].code...)
		e.b = append(e.b, `"},`...)
		if r.chance(40) {
			m := pick(r, modifiers)
			e.b = append(e.b, `"modifier":[{"coding":[{"code":`...)
			e.b = appendString(e.b, m.code)
			e.b = append(e.b, `,"system":"`+bbCSHCPCS+`"}]}`...)
			if r.chance(30) {
				// BFD also writes the line's unit of measure as a
				// modifier; only some units have a display.
				u := pick(r, v2Units)
				e.b = append(e.b, `,{"coding":[`...)
				e.coding(u.code, u.display, sysUCUM)
				e.endArr()
				e.b[len(e.b)-1] = '}'
			}
			e.b = append(e.b, `],`...)
		}
		// Only outpatient lines name a drug (NDC) in the real lines.
		e.v2Product(r, pick(r, profCodes).code, kind == Inpatient, boolPct(kind == Outpatient, 20))
		e.ko("quantity")
		e.kint("value", int64(1+r.intn(100)))
		e.end()
		rc := revenueCenters[r.intn(len(revenueCenters))]
		e.b = append(e.b, `"revenue":{"coding":[`...)
		if kind == HHA {
			// Of the real lines, only the HHA one names its revenue
			// center.
			e.coding(rc.code, rc.display, bbVariables+"rev_cntr")
		} else {
			e.coding(rc.code, "", bbVariables+"rev_cntr")
		}
		if kind != Outpatient {
			// The deductible/coinsurance code, in NUBC's system and
			// BFD's.
			dc := pick(r, v2DedCoins)
			e.coding(dc.code, "", "https://www.nubc.org/CodeSystem/RevenueCodes")
			e.coding(dc.code, dc.display, bbVariables+"rev_cntr_ddctbl_coinsrnc_cd")
		}
		e.endArr()
		if kind == Outpatient || kind == HHA {
			rs := pick(r, v2RevStatus)
			e.ka("extension")
			e.ccwCoding("rev_cntr_stus_ind_cd", rs.code, rs.display)
			e.endArr()
		}
		e.end()
		e.kint("sequence", int64(seq))
		if kind != Inpatient && kind != SNF {
			e.kdate("servicedDate", c.start+day(r.intn(int(c.end-c.start)+1)))
		}
	case pharmacy:
		d := pick(r, drugs)
		e.kcc("productOrService", d.ndc, d.name, sysNDC)
		e.ko("quantity")
		e.kint("value", int64(pick(r, []int{30, 30, 60, 90, 14})))
		e.end()
		e.kint("sequence", int64(seq))
		e.kdate("servicedDate", c.start)
	}
	e.end()
}

// profLineCode draws the procedure code of a professional line: a DME
// supply on DME claims, a CPT/HCPCS service otherwise.
func profLineCode(r *rng, kind ClaimType) hcpcs {
	if kind == DME {
		return pick(r, dmeCodes)
	}
	return pick(r, profCodes)
}

// boolPct is pct when b holds, else 0.
func boolPct(b bool, pct int) int {
	if b {
		return pct
	}
	return 0
}

// v2Product writes a line's HCPCS code (in BFD's hcpcs system, and first
// in the hcpcs_cd variable on inpatient lines) with, pct percent of the
// time, the NDC of the drug given as an extension.
func (e *enc) v2Product(r *rng, code string, withVar bool, pct int) {
	e.b = append(e.b, `"productOrService":{"coding":[`...)
	if withVar {
		e.coding(code, "", bbVariables+"hcpcs_cd")
	}
	e.coding(code, "", bbCSHCPCS)
	e.endArr()
	if r.chance(pct) {
		d := pick(r, drugs)
		e.b = append(e.b, `"extension":[{"url":"`+sysNDC+`","valueCoding":{"code":"`...)
		e.b = append(e.b, d.ndc...)
		e.b = append(e.b, `","display":`...)
		e.b = appendString(e.b, d.name)
		e.b = append(e.b, `,"system":"`+sysNDC+`"}}],`...)
	}
	e.end()
}
