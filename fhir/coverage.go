package fhir

import (
	"strings"
	"time"
)

// MedicarePart is the part of Medicare a Coverage describes.
type MedicarePart string

// The Medicare parts. The zero value means the Coverage is not one of them
// (for example v3's "Dual Medicare/Medicaid" coverage) or says nothing.
const (
	PartA MedicarePart = "A" // hospital insurance
	PartB MedicarePart = "B" // medical insurance
	PartC MedicarePart = "C" // Medicare Advantage
	PartD MedicarePart = "D" // prescription drugs
)

// parseMedicarePart reads the ways Blue Button spells a part: "Part A",
// "PART A", "A", or a Coverage id prefix such as "part-a-…". It returns ""
// for anything else.
func parseMedicarePart(s string) MedicarePart {
	s = strings.ToUpper(strings.TrimSpace(s))
	switch {
	case strings.HasPrefix(s, "PART-") && len(s) >= 6 && (len(s) == 6 || s[6] == '-'):
		s = s[5:6]
	case strings.HasPrefix(s, "PART ") && len(s) == 6:
		s = s[5:]
	}
	switch p := MedicarePart(s); p {
	case PartA, PartB, PartC, PartD:
		return p
	}
	return ""
}

// Part returns the Medicare part of an R4 Coverage, or "" when it is not a
// Medicare part. BCDA v2 and v3 state it in a class of type "plan" (value
// "Part A"…); failing that, the resource id ("part-a-…") and the type's
// codings are consulted.
func Part(c *Coverage) MedicarePart {
	if c == nil {
		return ""
	}
	for _, cl := range c.Class {
		for _, cd := range cl.Type.Coding {
			if cd.Code != nil && *cd.Code == "plan" {
				if p := parseMedicarePart(cl.Value); p != "" {
					return p
				}
			}
		}
	}
	if c.Id != nil {
		if p := parseMedicarePart(*c.Id); p != "" {
			return p
		}
	}
	if c.Type != nil {
		for _, cd := range c.Type.Coding {
			if cd.Code != nil {
				if p := parseMedicarePart(*cd.Code); p != "" {
					return p
				}
			}
		}
	}
	return ""
}

// ActiveOn reports whether a Coverage is in force at t: its status is
// "active" and t lies within its period (a missing bound is open; an end
// date includes its whole day). samply decodes a Coverage that lacks a status
// as active, so a malformed record without one counts as active.
func ActiveOn(c *Coverage, t time.Time) bool {
	if c == nil || c.Status.Code() != "active" {
		return false
	}
	if c.Period == nil {
		return true
	}
	start, end, err := parsePeriod(c.Period.Start, c.Period.End)
	if err != nil {
		return false
	}
	if !start.IsZero() && t.Before(start) {
		return false
	}
	if !end.IsZero() {
		// end is set, so Period.End is too; a date (not a dateTime)
		// includes its whole day, month or year.
		if len(*c.Period.End) <= 10 {
			end = endOfDate(*c.Period.End, end)
		}
		if !t.Before(end) {
			return false
		}
	}
	return true
}

// endOfDate turns the start of a partial date into the start of the next
// period of the same precision, so that the end bound includes it.
func endOfDate(s string, t time.Time) time.Time {
	switch len(s) {
	case 4:
		return t.AddDate(1, 0, 0)
	case 7:
		return t.AddDate(0, 1, 0)
	default:
		return t.AddDate(0, 0, 1)
	}
}
