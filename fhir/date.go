package fhir

import (
	"fmt"
	"time"
)

// ParseDate parses a FHIR date or dateTime: "2024", "2024-03", "2024-03-05",
// or a full "2024-03-05T10:00:00Z" / "…+05:00" with optional fractional
// seconds. Partial dates give the first instant of the period they name, in
// UTC; a dateTime keeps its offset.
func ParseDate(s string) (time.Time, error) {
	var layout string
	switch {
	case len(s) == 10:
		layout = "2006-01-02"
	case len(s) == 7:
		layout = "2006-01"
	case len(s) == 4:
		layout = "2006"
	case len(s) > 10:
		layout = time.RFC3339Nano
	default:
		return time.Time{}, fmt.Errorf("fhir: invalid date %q", s)
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("fhir: invalid date %q", s)
	}
	return t, nil
}

// parsePeriod parses the bounds of a Period; an absent bound is the zero
// time.
func parsePeriod(start, end *string) (s, e time.Time, err error) {
	if start != nil {
		if s, err = ParseDate(*start); err != nil {
			return time.Time{}, time.Time{}, err
		}
	}
	if end != nil {
		if e, err = ParseDate(*end); err != nil {
			return time.Time{}, time.Time{}, err
		}
	}
	return s, e, nil
}
