package synth

import (
	"strconv"
	"unicode/utf8"
)

// enc appends compact JSON to a byte slice. Objects are written with their
// keys already in alphabetical order (the callers are laid out that way and a
// test checks every line), which is what BCDA's map re-marshalling produces.
//
// Separators are handled with a trailing-comma trick: every value is followed
// by ',' and closing a container replaces a trailing ',' (or appends when the
// container is empty). This keeps the writer free of per-level state.
type enc struct {
	b []byte
}

func (e *enc) reset() { e.b = e.b[:0] }

// obj opens an object; key-value pairs follow, then end.
func (e *enc) obj() { e.b = append(e.b, '{') }

// arr opens an array; values follow, then endArr.
func (e *enc) arr() { e.b = append(e.b, '[') }

func (e *enc) end() { e.close('}') }

func (e *enc) endArr() { e.close(']') }

func (e *enc) close(c byte) {
	if n := len(e.b); n > 0 && e.b[n-1] == ',' {
		e.b[n-1] = c
	} else {
		e.b = append(e.b, c)
	}
	e.b = append(e.b, ',')
}

// k writes a key. Keys are Go constants made of plain ASCII letters, so
// they need no escaping.
func (e *enc) k(key string) {
	e.b = append(e.b, '"')
	e.b = append(e.b, key...)
	e.b = append(e.b, '"', ':')
}

// ko writes a key and opens an object as its value.
func (e *enc) ko(key string) {
	e.k(key)
	e.b = append(e.b, '{')
}

// ka writes a key and opens an array as its value.
func (e *enc) ka(key string) {
	e.k(key)
	e.b = append(e.b, '[')
}

// raw appends pre-encoded JSON (a constant fragment) as a value.
func (e *enc) raw(frag string) {
	e.b = append(e.b, frag...)
	e.b = append(e.b, ',')
}

// str appends a JSON string value escaped exactly as encoding/json does.
func (e *enc) str(s string) {
	e.b = appendString(e.b, s)
	e.b = append(e.b, ',')
}

// ks writes "key":"value".
func (e *enc) ks(key, val string) {
	e.k(key)
	e.str(val)
}

// kraw writes "key":<pre-encoded JSON>.
func (e *enc) kraw(key, frag string) {
	e.k(key)
	e.raw(frag)
}

func (e *enc) kint(key string, v int64) {
	e.k(key)
	e.b = strconv.AppendInt(e.b, v, 10)
	e.b = append(e.b, ',')
}

func (e *enc) int(v int64) {
	e.b = strconv.AppendInt(e.b, v, 10)
	e.b = append(e.b, ',')
}

// kcents writes a money-like decimal held in hundredths, printed as Go
// prints the float64 it stands for: 956.43, 16.7, 0.
func (e *enc) kcents(key string, c int64) {
	e.k(key)
	e.b = appendCents(e.b, c)
	e.b = append(e.b, ',')
}

func (e *enc) kbool(key string, v bool) {
	e.k(key)
	if v {
		e.b = append(e.b, "true,"...)
	} else {
		e.b = append(e.b, "false,"...)
	}
}

// kdate writes "key":"YYYY-MM-DD".
func (e *enc) kdate(key string, d day) {
	e.k(key)
	e.b = append(e.b, '"')
	e.b = d.append(e.b)
	e.b = append(e.b, '"', ',')
}

// kinstant writes "key":"YYYY-MM-DDThh:mm:ss.sss+00:00" for a time in
// milliseconds since the Unix epoch, the form BCDA uses for meta.lastUpdated.
func (e *enc) kinstant(key string, ms int64) {
	e.k(key)
	e.b = append(e.b, '"')
	e.b = appendInstant(e.b, ms, true)
	e.b = append(e.b, '"', ',')
}

// kmidnight writes "key":"YYYY-MM-DDT00:00:00+00:00", the form of created.
func (e *enc) kmidnight(key string, d day) {
	e.k(key)
	e.b = append(e.b, '"')
	e.b = d.append(e.b)
	e.b = append(e.b, "T00:00:00+00:00\","...)
}

// line finishes a top-level resource: drops the trailing ',' and ends the
// line.
func (e *enc) line() {
	if n := len(e.b); n > 0 && e.b[n-1] == ',' {
		e.b[n-1] = '\n'
	} else {
		e.b = append(e.b, '\n')
	}
}

func appendCents(b []byte, c int64) []byte {
	if c < 0 {
		b = append(b, '-')
		c = -c
	}
	b = strconv.AppendInt(b, c/100, 10)
	f := c % 100
	switch {
	case f == 0:
	case f%10 == 0:
		b = append(b, '.', byte('0'+f/10))
	default:
		b = append(b, '.', byte('0'+f/10), byte('0'+f%10))
	}
	return b
}

const hexDigits = "0123456789abcdef"

// appendString quotes s the way encoding/json does with HTML escaping on
// (the default for json.Marshal): control characters, '"', '\\', '<', '>',
// '&', U+2028 and U+2029 are escaped and invalid UTF-8 becomes U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
