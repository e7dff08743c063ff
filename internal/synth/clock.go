package synth

import "time"

// day is a calendar date in UTC, counted in days since 1970-01-01. Dates are
// formatted by hand because the generator prints several per line item.
type day int32

const msPerDay = 24 * 60 * 60 * 1000

func dayOf(t time.Time) day {
	s := t.Unix()
	d := s / 86400
	if s%86400 < 0 {
		d--
	}
	return day(d)
}

func (d day) ms() int64 { return int64(d) * msPerDay }

// civil converts d to year, month, day (Howard Hinnant's days_from_civil
// inverse), valid for the whole proleptic Gregorian calendar.
func (d day) civil() (y, m, dd int) {
	z := int(d) + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	dd = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, dd
}

func (d day) year() int {
	y, _, _ := d.civil()
	return y
}

func (d day) append(b []byte) []byte {
	y, m, dd := d.civil()
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	b = append(b, byte('0'+m/10), byte('0'+m%10), '-')
	return append(b, byte('0'+dd/10), byte('0'+dd%10))
}

// appendInstant writes ms (Unix milliseconds, UTC) as
// 2006-01-02T15:04:05.000+00:00, or without the fraction when withMillis
// is false.
func appendInstant(b []byte, ms int64, withMillis bool) []byte {
	d := day(ms / msPerDay)
	rem := ms % msPerDay
	if rem < 0 {
		d--
		rem += msPerDay
	}
	b = d.append(b)
	sec := rem / 1000
	h, mi, s := sec/3600, sec/60%60, sec%60
	b = append(b, 'T', byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':', byte('0'+s/10), byte('0'+s%10))
	if withMillis {
		f := rem % 1000
		b = append(b, '.', byte('0'+f/100), byte('0'+f/10%10), byte('0'+f%10))
	}
	return append(b, "+00:00"...)
}
