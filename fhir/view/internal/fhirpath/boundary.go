package fhirpath

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/bcda-go/bcda/fhir/view/internal/jsontree"
)

// boundary is lowBoundary() and highBoundary() without a precision
// argument (https://build.fhir.org/ig/HL7/FHIRPath/#lowboundaryprecision-integer-decimal--date--datetime--time),
// listed as experimental in the Shareable View Definition profile
// "including on Period". The expected results follow the specification's
// tests (tests/fn_boundary.json in FHIR/sql-on-fhir-v2): a decimal widens by
// half a unit of its last digit; a date or time fills the missing parts
// with their least or greatest value; a dateTime without a zone takes the
// earliest (+14:00) or latest (-12:00) one.
func (c *Ctx) boundary(v Value, high bool) (Value, bool) {
	if v.Kind == KNode && c.Tree.Kind(v.Node) == jsontree.Object {
		// A Period: its start's low boundary, its end's high one.
		name := "start"
		if high {
			name = "end"
		}
		f, _ := c.field(v, name)
		if f == 0 {
			return Value{}, false
		}
		return c.boundary(Value{Kind: KNode, Node: f, Type: "dateTime"}, high)
	}
	p, ok := c.prim(v)
	if !ok {
		return Value{}, false
	}
	k := p.Kind
	if k == KString && p.Type == "" {
		k = shapeKind(p.Str)
	}
	switch k {
	case KInt:
		return decimalBoundary(strconv.FormatInt(p.Int, 10), high)
	case KDecimal:
		return decimalBoundary(p.Str, high)
	case KDate:
		s, ok := dateBoundary(p.Str, high)
		return Value{Kind: KDate, Str: s, Type: "date"}, ok
	case KDateTime:
		s, ok := dateTimeBoundary(p.Str, high)
		return Value{Kind: KDateTime, Str: s, Type: "dateTime"}, ok
	case KTime:
		s, ok := timeBoundary(p.Str, high)
		return Value{Kind: KTime, Str: s, Type: "time"}, ok
	}
	return Value{}, false
}

func decimalBoundary(text string, high bool) (Value, bool) {
	if strings.ContainsAny(text, "eE") {
		return Value{}, false // exponent notation: the precision is unclear
	}
	mant := text
	intPart, frac, _ := strings.Cut(mant, ".")
	scale := len(frac)
	n, ok := new(big.Int).SetString(intPart+frac, 10)
	if !ok {
		return Value{}, false
	}
	n.Mul(n, big.NewInt(10))
	if high {
		n.Add(n, big.NewInt(5))
	} else {
		n.Sub(n, big.NewInt(5))
	}
	return Value{Kind: KDecimal, Str: withScale(n, scale+1), Type: "decimal"}, true
}

// withScale writes n / 10^scale in plain decimal notation.
func withScale(n *big.Int, scale int) string {
	neg := n.Sign() < 0
	s := new(big.Int).Abs(n).String()
	for len(s) <= scale {
		s = "0" + s
	}
	out := s[:len(s)-scale] + "." + s[len(s)-scale:]
	if neg {
		out = "-" + out
	}
	return out
}

func dateBoundary(s string, high bool) (string, bool) {
	if !isDateShape(s) {
		return "", false
	}
	y, _ := strconv.Atoi(s[:4])
	switch len(s) {
	case 4:
		if high {
			return s + "-12-31", true
		}
		return s + "-01-01", true
	case 7:
		if high {
			m, _ := strconv.Atoi(s[5:7])
			return s + "-" + twoDigits(daysIn(y, m)), true
		}
		return s + "-01", true
	}
	return s, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func dateTimeBoundary(s string, high bool) (string, bool) {
	date, rest, hasT := strings.Cut(s, "T")
	d, ok := dateBoundary(date, high)
	if !ok {
		return "", false
	}
	tz := ""
	if hasT {
		if i := strings.IndexAny(rest, "Z+-"); i >= 0 {
			rest, tz = rest[:i], rest[i:]
		}
	}
	t := "00:00:00.000"
	if high {
		t = "23:59:59.999"
	}
	if hasT && rest != "" {
		if t, ok = timeBoundary(rest, high); !ok {
			return "", false
		}
	}
	if tz == "" {
		tz = "+14:00"
		if high {
			tz = "-12:00"
		}
	}
	return d + "T" + t + tz, true
}

func timeBoundary(s string, high bool) (string, bool) {
	fill := [...]string{"00", "00", "00"}
	if high {
		fill = [...]string{"23", "59", "59"}
	}
	main, frac, hasFrac := strings.Cut(s, ".")
	parts := strings.Split(main, ":")
	if len(parts) > 3 {
		return "", false
	}
	for i, p := range parts {
		if len(p) != 2 || !digits(p) {
			return "", false
		}
		fill[i] = p
	}
	if hasFrac && (!digits(frac)) {
		return "", false
	}
	pad := "0"
	if high {
		pad = "9"
	}
	for len(frac) < 3 {
		frac += pad
	}
	return fill[0] + ":" + fill[1] + ":" + fill[2] + "." + frac, true
}
