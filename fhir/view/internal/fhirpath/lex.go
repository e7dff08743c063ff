// Package fhirpath compiles the FHIRPath subset that SQL on FHIR v2 views
// use (the Shareable View Definition profile, FHIR/sql-on-fhir-v2
// input/pagecontent/StructureDefinition-ShareableViewDefinition-notes.md)
// into closures evaluated over a jsontree.Tree, with no reflection and no
// model: FHIR choice elements (value[x]) are recognised by their type
// suffix.
package fhirpath

import (
	"fmt"
	"strings"
)

type tokKind uint8

const (
	tEOF tokKind = iota
	tIdent
	tString
	tNumber
	tDate // @… literal
	tVar  // %name
	tSpecial
	tOp
)

type token struct {
	kind tokKind
	text string // identifier, unescaped string, number text, op, variable name
	pos  int
}

// Error is an expression that cannot be compiled, at a byte offset.
type Error struct {
	Offset int
	Msg    string
}

func (e *Error) Error() string { return fmt.Sprintf("offset %d: %s", e.Offset, e.Msg) }

func errAt(pos int, format string, args ...any) *Error {
	return &Error{Offset: pos, Msg: fmt.Sprintf(format, args...)}
}

func lex(src string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return nil, errAt(i, "unterminated comment")
			}
			i += end + 4
		case isIdentStart(c):
			j := i + 1
			for j < len(src) && isIdentPart(src[j]) {
				j++
			}
			toks = append(toks, token{tIdent, src[i:j], i})
			i = j
		case c == '`':
			s, j, err := quoted(src, i, '`')
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{tIdent, s, i})
			i = j
		case c == '\'':
			s, j, err := quoted(src, i, '\'')
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{tString, s, i})
			i = j
		case c >= '0' && c <= '9':
			j := i
			for j < len(src) && src[j] >= '0' && src[j] <= '9' {
				j++
			}
			if j+1 < len(src) && src[j] == '.' && src[j+1] >= '0' && src[j+1] <= '9' {
				j++
				for j < len(src) && src[j] >= '0' && src[j] <= '9' {
					j++
				}
			}
			if j < len(src) && (src[j] == 'L' || isIdentStart(src[j])) {
				return nil, errAt(j, "unsupported number suffix %q", src[j])
			}
			toks = append(toks, token{tNumber, src[i:j], i})
			i = j
		case c == '@':
			j := i + 1
			// A '.' belongs to the literal only before fractional seconds:
			// @2020.lowBoundary() is a function call on @2020.
			for j < len(src) && (strings.IndexByte("0123456789-:T+Z", src[j]) >= 0 ||
				src[j] == '.' && j+1 < len(src) && src[j+1] >= '0' && src[j+1] <= '9') {
				j++
			}
			if j == i+1 {
				return nil, errAt(i, "invalid date/time literal")
			}
			toks = append(toks, token{tDate, src[i+1 : j], i})
			i = j
		case c == '%':
			j := i + 1
			switch {
			case j < len(src) && isIdentStart(src[j]):
				k := j + 1
				for k < len(src) && isIdentPart(src[k]) {
					k++
				}
				toks = append(toks, token{tVar, src[j:k], i})
				i = k
			case j < len(src) && (src[j] == '`' || src[j] == '\''):
				s, k, err := quoted(src, j, src[j])
				if err != nil {
					return nil, err
				}
				toks = append(toks, token{tVar, s, i})
				i = k
			default:
				return nil, errAt(i, "'%%' must be followed by a name")
			}
		case c == '$':
			j := i + 1
			for j < len(src) && isIdentPart(src[j]) {
				j++
			}
			toks = append(toks, token{tSpecial, src[i:j], i})
			i = j
		default:
			op := ""
			for _, o := range []string{"<=", ">=", "!=", "!~", ".", "[", "]", "(", ")", "{", "}", ",", "+", "-", "*", "/", "&", "|", "=", "~", "<", ">"} {
				if strings.HasPrefix(src[i:], o) {
					op = o
					break
				}
			}
			if op == "" {
				return nil, errAt(i, "unexpected character %q", src[i])
			}
			toks = append(toks, token{tOp, op, i})
			i += len(op)
		}
	}
	return append(toks, token{tEOF, "", len(src)}), nil
}

func isIdentStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isIdentPart(c byte) bool  { return isIdentStart(c) || c >= '0' && c <= '9' }

// quoted reads a string or delimited identifier starting at src[i] == q.
func quoted(src string, i int, q byte) (string, int, error) {
	var b strings.Builder
	j := i + 1
	for j < len(src) {
		c := src[j]
		switch {
		case c == q:
			return b.String(), j + 1, nil
		case c == '\\':
			if j+1 >= len(src) {
				return "", 0, errAt(j, "unterminated escape")
			}
			j++
			switch e := src[j]; e {
			case '\'', '"', '`', '\\', '/':
				b.WriteByte(e)
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				if j+4 >= len(src) {
					return "", 0, errAt(j, "invalid \\u escape")
				}
				var r rune
				for _, h := range src[j+1 : j+5] {
					r <<= 4
					switch {
					case h >= '0' && h <= '9':
						r |= h - '0'
					case h >= 'a' && h <= 'f':
						r |= h - 'a' + 10
					case h >= 'A' && h <= 'F':
						r |= h - 'A' + 10
					default:
						return "", 0, errAt(j, "invalid \\u escape")
					}
				}
				b.WriteRune(r)
				j += 4
			default:
				return "", 0, errAt(j, "invalid escape \\%c", e)
			}
			j++
		default:
			b.WriteByte(c)
			j++
		}
	}
	return "", 0, errAt(i, "unterminated %c", q)
}
