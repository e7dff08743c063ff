package fakebcda

import (
	"strings"
	"time"
)

// serviceDateFilter is a v3 _typeFilter's service-date conditions, applied
// to the ExplanationOfBenefit data as BCDA's data backend does: BCDA v3
// forwards service-date to it (bcda-app bcda/web/middleware/validation.go,
// GetTypeFilterParams; fidelity-audit item 6), and v1/v2 ignore _typeFilter
// altogether. Values of one parameter are alternatives (comma = OR); repeated
// parameters must all hold (AND).
type serviceDateFilter [][]dateCond

// dateCond is one FHIR date search value: a prefix and the range its date
// names (a year, month, day or instant).
type dateCond struct {
	prefix     string // eq, lt, gt, le, ge
	start, end time.Time
}

// parseServiceDate reads one service-date value that validateTypeFilter
// has accepted.
func parseServiceDate(v string) (dateCond, bool) {
	c := dateCond{prefix: "eq"}
	if len(v) > 2 && strings.Contains("eq lt gt le ge", v[:2]) {
		c.prefix, v = v[:2], v[2:]
	}
	for _, l := range []struct {
		layout string
		step   func(time.Time) time.Time
	}{
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{"2006-01-02T15:04:05", func(t time.Time) time.Time { return t.Add(time.Second) }},
		{"2006-01-02T15:04:05Z07:00", func(t time.Time) time.Time { return t.Add(time.Second) }},
	} {
		if t, err := time.Parse(l.layout, v); err == nil {
			c.start, c.end = t, l.step(t)
			return c, true
		}
	}
	return dateCond{}, false
}

// match applies the FHIR date search rules (https://hl7.org/fhir/R4/search.html#date)
// to a billable period whose days run from start to end inclusive.
func (c dateCond) match(start, end time.Time) bool {
	endExcl := end.AddDate(0, 0, 1)
	switch c.prefix {
	case "lt":
		return start.Before(c.start)
	case "gt":
		return endExcl.After(c.end)
	case "le":
		return start.Before(c.end)
	case "ge":
		return endExcl.After(c.start)
	default: // eq: the search range contains the period
		return !start.Before(c.start) && !endExcl.After(c.end)
	}
}

// accepts reports whether a billable period passes every condition.
func (f serviceDateFilter) accepts(start, end time.Time) bool {
	for _, alts := range f {
		ok := false
		for _, c := range alts {
			ok = ok || c.match(start, end)
		}
		if !ok {
			return false
		}
	}
	return true
}

// predicate is f as synth.Request.ServiceDate wants it, nil for no filter.
func (f serviceDateFilter) predicate() func(start, end time.Time) bool {
	if len(f) == 0 {
		return nil
	}
	return f.accepts
}
