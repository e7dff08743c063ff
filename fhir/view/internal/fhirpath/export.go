package fhirpath

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/bcda-go/bcda/fhir/view/internal/jsontree"
)

// Go converts one value to the Go value of a column of FHIR type typ ("" =
// untyped): boolean → bool; integer kinds → int64; decimal → json.Number
// (the source text, exact); other primitives → string; a complex value →
// json.RawMessage (a copy).
func (c *Ctx) Go(v Value, typ string) (any, error) {
	if v.Kind == KNode {
		switch c.Tree.Kind(v.Node) {
		case jsontree.Object, jsontree.Array:
			if IsPrimitive(typ) {
				return nil, fmt.Errorf("a complex value cannot be a %s", typ)
			}
			return json.RawMessage(append([]byte(nil), c.Tree.Raw(v.Node)...)), nil
		}
	}
	p, ok := c.prim(v)
	if !ok {
		return nil, nil
	}
	switch {
	case typ == "boolean":
		if p.Kind != KBool {
			return nil, fmt.Errorf("%s is not a boolean", kindName(p.Kind))
		}
		return p.Bool, nil
	case intTypes[typ] && typ != "integer64" || typ == "integer64" && p.Kind != KString:
		switch p.Kind {
		case KInt:
			return p.Int, nil
		case KDecimal:
			if i, err := strconv.ParseInt(p.Str, 10, 64); err == nil {
				return i, nil
			}
		}
		return nil, fmt.Errorf("%s is not an integer", kindName(p.Kind))
	case typ == "integer64": // R5 writes integer64 as a JSON string
		i, err := strconv.ParseInt(p.Str, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("string is not an integer64")
		}
		return i, nil
	case typ == "decimal":
		switch p.Kind {
		case KInt:
			return json.Number(strconv.FormatInt(p.Int, 10)), nil
		case KDecimal:
			return json.Number(p.Str), nil
		}
		return nil, fmt.Errorf("%s is not a decimal", kindName(p.Kind))
	case typ == "":
		switch p.Kind {
		case KBool:
			return p.Bool, nil
		case KInt:
			return p.Int, nil
		case KDecimal:
			return json.Number(p.Str), nil
		}
		return p.Str, nil
	}
	s, _ := c.String(p)
	return s, nil
}

func kindName(k Kind) string {
	switch k {
	case KString:
		return "a string"
	case KBool:
		return "a boolean"
	case KInt:
		return "an integer"
	case KDecimal:
		return "a decimal"
	case KDate:
		return "a date"
	case KDateTime:
		return "a dateTime"
	case KTime:
		return "a time"
	}
	return "an element"
}

// Bool is the result of a where path: true, false, or ok=false when the
// result is neither empty nor a single boolean.
func (c *Ctx) Bool(vs []Value) (b, ok bool) {
	switch len(vs) {
	case 0:
		return false, true
	case 1:
		if p, isPrim := c.prim(vs[0]); isPrim && p.Kind == KBool {
			return p.Bool, true
		}
	}
	return false, false
}
