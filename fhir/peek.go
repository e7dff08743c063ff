package fhir

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// ErrNoResourceType is returned by [Peek] for a JSON object that has no
// "resourceType" member: whatever it is, it is not a FHIR resource.
var ErrNoResourceType = errors.New("fhir: object has no resourceType")

// ErrNotObject is returned by [Peek] for a line that is not a JSON object
// (an array, a string, a number, a literal, or not JSON at all): whatever it
// is, it is not a FHIR resource.
var ErrNotObject = errors.New("fhir: line is not a JSON object")

// SyntaxError reports malformed JSON met by [Peek]. Peek reads only as far as
// it must, so it does not report every error a full decode would.
type SyntaxError struct {
	Offset int    // byte offset of the problem in the line
	Msg    string // what was wrong there
}

// Error gives the offset and the problem, quoting at most one character of
// the line, which holds a beneficiary's data.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("fhir: invalid JSON at offset %d: %s", e.Offset, e.Msg)
}

// Peek returns the resourceType and id of one NDJSON line without decoding
// the resource. It walks the top-level members only, skipping nested values
// without interpreting them, and stops as soon as it has both, so it costs a
// fraction of a full decode; routing, counting and checkpointing use it.
//
// The id is "" when the resource has none (or it is null). Escapes and
// invalid UTF-8 in the two strings are decoded as encoding/json decodes them.
// Peek fails with [ErrNotObject] when the line is not a JSON object, with a
// [*SyntaxError] when the part it had to read is not valid JSON or
// resourceType or id is not a string, and with [ErrNoResourceType] when the
// object has no resourceType. When a member is repeated, the first occurrence
// wins (encoding/json would keep the last; such lines are not valid FHIR).
func Peek(line []byte) (ResourceType, string, error) {
	p := peeker{b: line}
	rt, id, err := p.run()
	return ResourceType(rt), id, err
}

type peeker struct {
	b []byte
	i int
}

func (p *peeker) fail(msg string) error {
	return &SyntaxError{Offset: p.i, Msg: msg}
}

func (p *peeker) ws() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *peeker) run() (rt, id string, err error) {
	var haveRT, haveID bool
	p.ws()
	if p.i >= len(p.b) {
		return "", "", p.fail("empty input")
	}
	if p.b[p.i] != '{' {
		return "", "", ErrNotObject
	}
	p.i++
	p.ws()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		return "", "", ErrNoResourceType
	}
	for {
		p.ws()
		if p.i >= len(p.b) || p.b[p.i] != '"' {
			return "", "", p.fail("expected a member name")
		}
		start := p.i
		end, escaped, err := p.skipString()
		if err != nil {
			return "", "", err
		}
		key := p.b[start+1 : end-1]
		if escaped {
			var s string
			if json.Unmarshal(p.b[start:end], &s) != nil {
				p.i = start
				return "", "", p.fail("invalid escape in member name")
			}
			key = []byte(s)
		}
		p.ws()
		if p.i >= len(p.b) || p.b[p.i] != ':' {
			return "", "", p.fail("expected ':' after member name")
		}
		p.i++
		p.ws()
		switch {
		case !haveRT && string(key) == "resourceType":
			s, null, err := p.stringValue("resourceType")
			if err != nil {
				return "", "", err
			}
			if null || s == "" {
				return "", "", ErrNoResourceType
			}
			rt, haveRT = s, true
		case !haveID && string(key) == "id":
			s, _, err := p.stringValue("id")
			if err != nil {
				return "", "", err
			}
			id, haveID = s, true
		default:
			if err := p.skipValue(); err != nil {
				return "", "", err
			}
		}
		if haveRT && haveID {
			return rt, id, nil
		}
		p.ws()
		if p.i >= len(p.b) {
			return "", "", p.fail("unexpected end of input in object")
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case '}':
			if !haveRT {
				return "", "", ErrNoResourceType
			}
			return rt, id, nil
		default:
			return "", "", p.fail(fmt.Sprintf("expected ',' or '}', found %q", p.b[p.i]))
		}
	}
}

// stringValue reads a string or null member value.
func (p *peeker) stringValue(name string) (s string, null bool, err error) {
	if bytes.HasPrefix(p.b[p.i:], []byte("null")) {
		p.i += 4
		return "", true, nil
	}
	if p.i >= len(p.b) || p.b[p.i] != '"' {
		return "", false, p.fail(name + " is not a string")
	}
	start := p.i
	end, escaped, err := p.skipString()
	if err != nil {
		return "", false, err
	}
	if raw := p.b[start+1 : end-1]; !escaped && utf8.Valid(raw) && !hasControl(raw) {
		return internType(raw), false, nil
	}
	if json.Unmarshal(p.b[start:end], &s) != nil {
		p.i = start
		return "", false, p.fail("invalid string in " + name)
	}
	return s, false, nil
}

// skipString moves past the string starting at p.i (which holds '"') and
// returns the index just after its closing quote and whether it contained a
// backslash.
func (p *peeker) skipString() (end int, escaped bool, err error) {
	i := p.i + 1
	for {
		j := bytes.IndexByte(p.b[i:], '"')
		if j < 0 {
			p.i = len(p.b)
			return 0, false, p.fail("unterminated string")
		}
		j += i
		// Count the backslashes right before the quote: an odd number
		// escapes it.
		k := j
		for k > i && p.b[k-1] == '\\' {
			k--
		}
		if k < j {
			escaped = true
		} else if !escaped && bytes.IndexByte(p.b[i:j], '\\') >= 0 {
			escaped = true
		}
		if (j-k)%2 == 0 {
			p.i = j + 1
			return j + 1, escaped, nil
		}
		i = j + 1
	}
}

// skipValue moves past one JSON value without interpreting it. Containers are
// matched bracket by bracket, skipping strings whole.
func (p *peeker) skipValue() error {
	if p.i >= len(p.b) {
		return p.fail("unexpected end of input, expected a value")
	}
	switch c := p.b[p.i]; c {
	case '"':
		_, _, err := p.skipString()
		return err
	case '{', '[':
		return p.skipContainer()
	case 't', 'f', 'n', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		for p.i < len(p.b) {
			switch p.b[p.i] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return nil
			case '"', '{', '[', ':':
				return p.fail(fmt.Sprintf("invalid character %q in literal", p.b[p.i]))
			}
			p.i++
		}
		return nil
	default:
		return p.fail(fmt.Sprintf("invalid character %q looking for a value", c))
	}
}

// structural marks the bytes skipContainer must look at.
var structural = [256]bool{'"': true, '{': true, '}': true, '[': true, ']': true}

func (p *peeker) skipContainer() error {
	// Expected closing brackets; deeper nesting than the array spills to
	// the slice.
	var fixed [64]byte
	stack := fixed[:0]
	b, i := p.b, p.i
	for i < len(b) {
		c := b[i]
		if !structural[c] {
			i++
			continue
		}
		switch c {
		case '"':
			// Skip the string: find an unescaped quote.
			i++
			for {
				j := bytes.IndexByte(b[i:], '"')
				if j < 0 {
					p.i = len(b)
					return p.fail("unterminated string")
				}
				i += j + 1
				k := i - 2
				for k >= 0 && b[k] == '\\' {
					k--
				}
				if (i-2-k)%2 == 0 {
					break
				}
			}
			continue
		case '{':
			stack = append(stack, '}')
		case '[':
			stack = append(stack, ']')
		default: // '}' or ']'
			if len(stack) == 0 || stack[len(stack)-1] != c {
				p.i = i
				return p.fail(fmt.Sprintf("unexpected %q", c))
			}
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				p.i = i + 1
				return nil
			}
		}
		i++
	}
	p.i = i
	return p.fail("unexpected end of input in nested value")
}

// hasControl reports whether s holds a control character, which JSON
// strings may only contain escaped.
func hasControl(s []byte) bool {
	for _, c := range s {
		if c < 0x20 {
			return true
		}
	}
	return false
}

// internType returns common values without allocating.
func internType(b []byte) string {
	switch string(b) {
	case "ExplanationOfBenefit":
		return "ExplanationOfBenefit"
	case "Patient":
		return "Patient"
	case "Coverage":
		return "Coverage"
	case "Claim":
		return "Claim"
	case "ClaimResponse":
		return "ClaimResponse"
	case "OperationOutcome":
		return "OperationOutcome"
	}
	return string(b)
}
