package fhirpath

import (
	"errors"
	"strconv"
	"strings"

	"github.com/bcda-go/bcda/fhir/view/internal/jsontree"
)

// Kind is what a Value holds.
type Kind uint8

// The kinds of value. KNode is an element of the resource, left in the
// tree until an operation needs its content.
const (
	KNode Kind = iota
	KString
	KBool
	KInt
	KDecimal // Str holds the decimal text
	KDate
	KDateTime
	KTime
	KAbsent // the focus of forEachOrNull's null row: has no members, converts to null
)

// Value is one item of a FHIRPath collection.
type Value struct {
	Kind Kind
	Bool bool
	Node int32  // KNode: the node in the tree
	Int  int64  // KInt
	Str  string // KString, KDecimal, KDate, KDateTime, KTime
	Type string // FHIR type when known (a choice suffix, ofType, a constant's type)
}

// Ctx is the evaluation state for one resource: the tree, the environment
// variables and an arena that collections are cut from. It is reused from
// one resource to the next and is not safe for concurrent use.
type Ctx struct {
	Tree     *jsontree.Tree
	RowIndex int64
	arena    []Value
}

// Reset prepares c for a new resource.
func (c *Ctx) Reset(t *jsontree.Tree) {
	c.Tree = t
	c.RowIndex = 0
	clear(c.arena) // drop references to the previous resource's strings
	c.arena = c.arena[:0]
}

// take returns an empty slice with room for n values, cut from the arena.
// Slices taken earlier stay valid when the arena grows.
func (c *Ctx) take(n int) []Value {
	if len(c.arena)+n > cap(c.arena) {
		c.arena = make([]Value, 0, max(2*cap(c.arena), n, 256))
	}
	l := len(c.arena)
	c.arena = c.arena[:l+n]
	return c.arena[l : l : l+n]
}

// keep copies a collection built outside the arena into it.
func (c *Ctx) keep(vs []Value) []Value {
	return append(c.take(len(vs)), vs...)
}

func (c *Ctx) one(v Value) []Value { return append(c.take(1), v) }

// Absent returns the focus of the null row that forEachOrNull produces for
// an empty collection: every path from it is empty.
func Absent() Value { return Value{Kind: KAbsent} }

// IsObject reports whether v is an element that is a JSON object.
func (c *Ctx) IsObject(v Value) bool {
	return v.Kind == KNode && c.Tree.Kind(v.Node) == jsontree.Object
}

// Root returns the resource itself as a Value.
func Root() Value { return Value{Kind: KNode, Node: 0} }

func boolValue(b bool) Value { return Value{Kind: KBool, Bool: b} }

func numberLiteral(text string) (Value, error) {
	if strings.Contains(text, ".") {
		if _, err := strconv.ParseFloat(text, 64); err != nil {
			return Value{}, errors.New("invalid number " + text)
		}
		return Value{Kind: KDecimal, Str: text}, nil
	}
	i, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		return Value{}, errors.New("integer out of range: " + text)
	}
	return Value{Kind: KInt, Int: i}, nil
}

func dateLiteral(text string) (Value, error) {
	switch {
	case strings.HasPrefix(text, "T"):
		return Value{Kind: KTime, Str: text[1:], Type: "time"}, nil
	case strings.Contains(text, "T"):
		return Value{Kind: KDateTime, Str: strings.TrimSuffix(text, "T"), Type: "dateTime"}, nil
	case len(text) >= 4:
		return Value{Kind: KDate, Str: text, Type: "date"}, nil
	}
	return Value{}, errors.New("invalid date/time literal @" + text)
}

// Constant turns a ViewDefinition constant (its FHIR type and JSON text)
// into a Value.
func Constant(typ, text string) (Value, error) {
	switch typ {
	case "boolean":
		return Value{Kind: KBool, Bool: text == "true", Type: typ}, nil
	case "integer", "positiveInt", "unsignedInt", "integer64":
		i, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return Value{}, err
		}
		return Value{Kind: KInt, Int: i, Type: typ}, nil
	case "decimal":
		if _, err := strconv.ParseFloat(text, 64); err != nil {
			return Value{}, err
		}
		return Value{Kind: KDecimal, Str: text, Type: typ}, nil
	case "date":
		return Value{Kind: KDate, Str: text, Type: typ}, nil
	case "dateTime", "instant":
		return Value{Kind: KDateTime, Str: text, Type: typ}, nil
	case "time":
		return Value{Kind: KTime, Str: text, Type: typ}, nil
	}
	return Value{Kind: KString, Str: text, Type: typ}, nil
}

// prim resolves a node holding a JSON primitive into a typed Value; other
// values come back as they are. ok is false for objects, arrays and null.
func (c *Ctx) prim(v Value) (Value, bool) {
	if v.Kind == KAbsent {
		return v, false
	}
	if v.Kind != KNode {
		return v, true
	}
	t := c.Tree
	switch t.Kind(v.Node) {
	case jsontree.True, jsontree.False:
		return Value{Kind: KBool, Bool: t.Kind(v.Node) == jsontree.True, Type: v.Type}, true
	case jsontree.Number:
		text := string(t.Text(v.Node))
		if isDecimalType(v.Type) || strings.ContainsAny(text, ".eE") {
			return Value{Kind: KDecimal, Str: text, Type: v.Type}, true
		}
		i, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return Value{Kind: KDecimal, Str: text, Type: v.Type}, true
		}
		return Value{Kind: KInt, Int: i, Type: v.Type}, true
	case jsontree.String:
		s := t.Str(v.Node)
		return Value{Kind: stringKind(v.Type, s), Str: s, Type: v.Type}, true
	}
	return v, false
}

func isDecimalType(t string) bool { return t == "decimal" }

// stringKind decides whether a JSON string is a date, dateTime or time:
// from its FHIR type when known, else from its shape.
func stringKind(typ, s string) Kind {
	switch typ {
	case "date":
		return KDate
	case "dateTime", "instant":
		return KDateTime
	case "time":
		return KTime
	case "":
		return KString
	}
	return KString
}

// shapeKind guesses the temporal kind of an untyped string, for the
// boundary functions: YYYY, YYYY-MM, YYYY-MM-DD are dates; with a T,
// dateTimes; hh:mm:ss, times.
func shapeKind(s string) Kind {
	switch {
	case isDateShape(s):
		return KDate
	case len(s) > 10 && isDateShape(s[:10]) && s[10] == 'T':
		return KDateTime
	case len(s) >= 5 && s[2] == ':' && digits(s[:2]) && digits(s[3:5]):
		return KTime
	}
	return KString
}

func isDateShape(s string) bool {
	switch len(s) {
	case 4:
		return digits(s)
	case 7:
		return digits(s[:4]) && s[4] == '-' && digits(s[5:])
	case 10:
		return digits(s[:4]) && s[4] == '-' && digits(s[5:7]) && s[7] == '-' && digits(s[8:])
	}
	return false
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// String returns the text of a primitive value, as FHIRPath's string
// conversion writes it.
func (c *Ctx) String(v Value) (string, bool) {
	p, ok := c.prim(v)
	if !ok {
		return "", false
	}
	switch p.Kind {
	case KBool:
		return strconv.FormatBool(p.Bool), true
	case KInt:
		return strconv.FormatInt(p.Int, 10), true
	}
	return p.Str, true
}
