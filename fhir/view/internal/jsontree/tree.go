// Package jsontree decodes one JSON value into a flat tree of nodes that
// points into the input bytes: one pass, no reflection, no per-value
// allocation, and the node slice reused from one document to the next.
// Strings stay as spans of the input until a caller asks for them, so a
// view that reads five fields of a large resource pays for five strings.
package jsontree

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Kind is the JSON type of a node.
type Kind uint8

// The JSON kinds.
const (
	Null Kind = iota
	False
	True
	Number
	String
	Object
	Array
)

func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case False, True:
		return "a boolean"
	case Number:
		return "a number"
	case String:
		return "a string"
	case Object:
		return "an object"
	case Array:
		return "an array"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// maxDepth bounds nesting, so that hostile input cannot exhaust the stack.
// FHIR resources nest a few dozen levels at most.
const maxDepth = 512

type node struct {
	kind   Kind
	esc    bool  // the string value holds escapes
	keyEsc bool  // the member key holds escapes
	start  int32 // value text: inside the quotes for a string, whole text otherwise
	end    int32
	kStart int32 // member key, inside the quotes (object members only)
	kEnd   int32
	first  int32 // first child; 0 = none (the root is never a child)
	next   int32 // next sibling; 0 = none
	count  int32 // number of children
}

// Tree is one decoded JSON value; node 0 is the root. A Tree can be reused
// with Parse; it keeps referring to the bytes it last parsed.
type Tree struct {
	data  []byte
	nodes []node
	pos   int
	depth int
}

// SyntaxError is malformed JSON, at a byte offset of the input.
type SyntaxError struct {
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return "invalid JSON at byte " + strconv.Itoa(e.Offset) + ": " + e.Msg
}

// Parse decodes data, which must hold exactly one JSON value (surrounding
// white space allowed). The tree refers to data afterwards.
func (t *Tree) Parse(data []byte) error {
	if len(data) > 1<<31-1 {
		return &SyntaxError{Offset: 0, Msg: "document larger than 2 GiB"}
	}
	t.data, t.nodes, t.pos, t.depth = data, t.nodes[:0], 0, 0
	t.skipSpace()
	if err := t.value(); err != nil {
		t.nodes = t.nodes[:0]
		return err
	}
	t.skipSpace()
	if t.pos != len(t.data) {
		t.nodes = t.nodes[:0]
		return t.errorf("data after the top-level value")
	}
	return nil
}

func (t *Tree) errorf(msg string) error {
	if t.pos >= len(t.data) {
		return &SyntaxError{Offset: len(t.data), Msg: "unexpected end of input"}
	}
	return &SyntaxError{Offset: t.pos, Msg: msg}
}

func (t *Tree) unexpected() error {
	if t.pos >= len(t.data) {
		return t.errorf("")
	}
	return t.errorf("unexpected character " + strconv.QuoteRune(rune(t.data[t.pos])))
}

func (t *Tree) skipSpace() {
	for t.pos < len(t.data) {
		switch t.data[t.pos] {
		case ' ', '\t', '\n', '\r':
			t.pos++
		default:
			return
		}
	}
}

// value parses one value at t.pos into a new node.
func (t *Tree) value() error {
	if t.pos >= len(t.data) {
		return t.errorf("")
	}
	idx := len(t.nodes)
	t.nodes = append(t.nodes, node{start: int32(t.pos)})
	switch c := t.data[t.pos]; {
	case c == '{':
		return t.container(idx, Object)
	case c == '[':
		return t.container(idx, Array)
	case c == '"':
		s, e, esc, err := t.str()
		if err != nil {
			return err
		}
		n := &t.nodes[idx]
		n.kind, n.start, n.end, n.esc = String, int32(s), int32(e), esc
		return nil
	case c == '-' || (c >= '0' && c <= '9'):
		if err := t.number(); err != nil {
			return err
		}
		t.nodes[idx].kind, t.nodes[idx].end = Number, int32(t.pos)
		return nil
	default:
		for _, lit := range [...]struct {
			text string
			kind Kind
		}{{"true", True}, {"false", False}, {"null", Null}} {
			if len(t.data)-t.pos >= len(lit.text) && string(t.data[t.pos:t.pos+len(lit.text)]) == lit.text {
				t.pos += len(lit.text)
				t.nodes[idx].kind, t.nodes[idx].end = lit.kind, int32(t.pos)
				return nil
			}
		}
		return t.unexpected()
	}
}

func (t *Tree) enter() error {
	t.depth++
	if t.depth > maxDepth {
		return t.errorf("nested more than " + strconv.Itoa(maxDepth) + " levels")
	}
	return nil
}

// container parses an object or array at t.pos into node idx: its members
// (key, ':', value) or elements, separated by ',', up to close.
func (t *Tree) container(idx int, kind Kind) error {
	if err := t.enter(); err != nil {
		return err
	}
	close := byte(']')
	if kind == Object {
		close = '}'
	}
	t.pos++ // { or [
	t.skipSpace()
	prev, count := 0, int32(0)
	if t.pos < len(t.data) && t.data[t.pos] == close {
		t.pos++
	} else {
		for {
			var ks, ke int
			var kesc bool
			if kind == Object {
				if t.pos >= len(t.data) || t.data[t.pos] != '"' {
					return t.unexpected()
				}
				var err error
				if ks, ke, kesc, err = t.str(); err != nil {
					return err
				}
				t.skipSpace()
				if t.pos >= len(t.data) || t.data[t.pos] != ':' {
					return t.unexpected()
				}
				t.pos++
				t.skipSpace()
			}
			child := len(t.nodes)
			if err := t.value(); err != nil {
				return err
			}
			if kind == Object {
				c := &t.nodes[child]
				c.kStart, c.kEnd, c.keyEsc = int32(ks), int32(ke), kesc
			}
			t.link(idx, prev, child)
			prev = child
			count++
			t.skipSpace()
			if t.pos < len(t.data) && t.data[t.pos] == ',' {
				t.pos++
				t.skipSpace()
				continue
			}
			if t.pos < len(t.data) && t.data[t.pos] == close {
				t.pos++
				break
			}
			return t.unexpected()
		}
	}
	n := &t.nodes[idx]
	n.kind, n.end, n.count = kind, int32(t.pos), count
	t.depth--
	return nil
}

func (t *Tree) link(parent, prev, child int) {
	if prev == 0 {
		t.nodes[parent].first = int32(child)
	} else {
		t.nodes[prev].next = int32(child)
	}
}

// str scans a string at t.pos (on its opening quote) and returns the span
// inside the quotes.
func (t *Tree) str() (start, end int, esc bool, err error) {
	t.pos++
	start = t.pos
	d := t.data
	for i := t.pos; i < len(d); i++ {
		if !special[d[i]] {
			continue // the common case, one test per byte
		}
		switch c := d[i]; {
		case c == '"':
			t.pos = i + 1
			return start, i, esc, nil
		case c == '\\':
			esc = true
			i++
			if i >= len(d) {
				t.pos = i
				return 0, 0, false, t.errorf("")
			}
			switch d[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(d) || !isHex4(d[i+1:i+5]) {
					t.pos = i
					return 0, 0, false, t.errorf("invalid \\u escape")
				}
				i += 4
			default:
				t.pos = i
				return 0, 0, false, t.errorf("invalid escape")
			}
		case c < 0x20:
			t.pos = i
			return 0, 0, false, t.errorf("control character in string")
		}
	}
	t.pos = len(d)
	return 0, 0, false, t.errorf("")
}

// special marks the bytes a string scan must stop at: the closing quote,
// a backslash, and control characters (not allowed unescaped).
var special = func() (s [256]bool) {
	for c := range 0x20 {
		s[c] = true
	}
	s['"'], s['\\'] = true, true
	return s
}()

func isHex4(b []byte) bool {
	for _, c := range b[:4] {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

func (t *Tree) number() error {
	d := t.data
	if d[t.pos] == '-' {
		t.pos++
	}
	switch {
	case t.pos < len(d) && d[t.pos] == '0':
		t.pos++
	case t.pos < len(d) && d[t.pos] >= '1' && d[t.pos] <= '9':
		t.digits()
	default:
		return t.unexpected()
	}
	if t.pos < len(d) && d[t.pos] == '.' {
		t.pos++
		if t.digits() == 0 {
			return t.unexpected()
		}
	}
	if t.pos < len(d) && (d[t.pos] == 'e' || d[t.pos] == 'E') {
		t.pos++
		if t.pos < len(d) && (d[t.pos] == '+' || d[t.pos] == '-') {
			t.pos++
		}
		if t.digits() == 0 {
			return t.unexpected()
		}
	}
	return nil
}

func (t *Tree) digits() int {
	n := 0
	for t.pos < len(t.data) && t.data[t.pos] >= '0' && t.data[t.pos] <= '9' {
		t.pos++
		n++
	}
	return n
}

// Kind returns the kind of node n.
func (t *Tree) Kind(n int32) Kind { return t.nodes[n].kind }

// Len returns the number of children of an object or array node.
func (t *Tree) Len(n int32) int { return int(t.nodes[n].count) }

// First returns the first child of n, or 0 if it has none.
func (t *Tree) First(n int32) int32 { return t.nodes[n].first }

// Next returns the next sibling of n, or 0 if it is the last.
func (t *Tree) Next(n int32) int32 { return t.nodes[n].next }

// Raw returns the JSON text of n: a number as written, a string without
// its quotes and unescaped only if it has no escapes (see Str), an object
// or array whole.
func (t *Tree) Raw(n int32) []byte {
	x := &t.nodes[n]
	if x.kind == String {
		return t.data[x.start-1 : x.end+1]
	}
	return t.data[x.start:x.end]
}

// Field returns the member name of object obj, or 0 if absent (or if obj
// is not an object). With duplicate names the first wins.
func (t *Tree) Field(obj int32, name string) int32 {
	x := &t.nodes[obj]
	if x.kind != Object {
		return 0
	}
	for c := x.first; c != 0; c = t.nodes[c].next {
		k := &t.nodes[c]
		if !k.keyEsc {
			if string(t.data[k.kStart:k.kEnd]) == name {
				return c
			}
		} else if unescape(t.data[k.kStart:k.kEnd]) == name {
			return c
		}
	}
	return 0
}

// Key returns the member name of n (a child of an object).
func (t *Tree) Key(n int32) string {
	k := &t.nodes[n]
	if k.keyEsc {
		return unescape(t.data[k.kStart:k.kEnd])
	}
	return string(t.data[k.kStart:k.kEnd])
}

// KeyBytes returns the member name of n as written, and whether it holds
// escapes (then use Key).
func (t *Tree) KeyBytes(n int32) ([]byte, bool) {
	k := &t.nodes[n]
	return t.data[k.kStart:k.kEnd], k.keyEsc
}

// Str returns the value of a string node, unescaped.
func (t *Tree) Str(n int32) string {
	x := &t.nodes[n]
	if x.esc {
		return unescape(t.data[x.start:x.end])
	}
	return string(t.data[x.start:x.end])
}

// StrEqual reports whether string node n equals s, without allocating when
// n has no escapes.
func (t *Tree) StrEqual(n int32, s string) bool {
	x := &t.nodes[n]
	if x.kind != String {
		return false
	}
	if !x.esc {
		return string(t.data[x.start:x.end]) == s
	}
	return unescape(t.data[x.start:x.end]) == s
}

// Text returns the bytes of a string (inside the quotes, escapes as
// written) or number node.
func (t *Tree) Text(n int32) []byte {
	x := &t.nodes[n]
	return t.data[x.start:x.end]
}

// unescape decodes the inside of a JSON string already checked by str.
func unescape(b []byte) string {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		i++
		switch b[i] {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := hex4(b[i+1 : i+5])
			i += 4
			if utf16.IsSurrogate(r) && i+6 < len(b) && b[i+1] == '\\' && b[i+2] == 'u' {
				if r2 := hex4(b[i+3 : i+7]); utf16.DecodeRune(r, r2) != utf8.RuneError {
					r = utf16.DecodeRune(r, r2)
					i += 6
				}
			}
			if utf16.IsSurrogate(r) {
				r = utf8.RuneError
			}
			out = utf8.AppendRune(out, r)
		default: // " \ /
			out = append(out, b[i])
		}
	}
	return string(out)
}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		default:
			r |= rune(c - 'A' + 10)
		}
	}
	return r
}
