package fhirpath

import "github.com/bcda-go/bcda/fhir/view/internal/jsontree"

// member appends the name children of every item of in: an array's
// elements one by one, a choice element value[x] by its type suffix.
func (c *Ctx) member(in []Value, name string) []Value {
	t := c.Tree
	if len(in) == 1 {
		// The common case: one object; size the result exactly.
		f, typ := c.field(in[0], name)
		if f == 0 {
			return nil
		}
		if t.Kind(f) == jsontree.Array {
			out := c.take(t.Len(f))
			for e := t.First(f); e != 0; e = t.Next(e) {
				if t.Kind(e) != jsontree.Null {
					out = append(out, Value{Kind: KNode, Node: e, Type: typ})
				}
			}
			return out
		}
		if t.Kind(f) == jsontree.Null {
			return nil
		}
		return c.one(Value{Kind: KNode, Node: f, Type: typ})
	}
	n := 0
	for _, v := range in {
		if f, _ := c.field(v, name); f != 0 {
			n += max(t.Len(f), 1)
		}
	}
	out := c.take(n)
	for _, v := range in {
		f, typ := c.field(v, name)
		switch {
		case f == 0 || t.Kind(f) == jsontree.Null:
		case t.Kind(f) == jsontree.Array:
			for e := t.First(f); e != 0; e = t.Next(e) {
				if t.Kind(e) != jsontree.Null {
					out = append(out, Value{Kind: KNode, Node: e, Type: typ})
				}
			}
		default:
			out = append(out, Value{Kind: KNode, Node: f, Type: typ})
		}
	}
	return out
}

// field finds member name of an object node, or its choice form
// name+TypeSuffix, returning the FHIR type the suffix names.
func (c *Ctx) field(v Value, name string) (int32, string) {
	if v.Kind != KNode {
		return 0, ""
	}
	t := c.Tree
	if t.Kind(v.Node) != jsontree.Object {
		return 0, ""
	}
	if f := t.Field(v.Node, name); f != 0 {
		return f, ""
	}
	for k := t.First(v.Node); k != 0; k = t.Next(k) {
		key, esc := t.KeyBytes(k)
		if esc || len(key) <= len(name) || string(key[:len(name)]) != name {
			continue
		}
		if typ, ok := fhirTypes[string(key[len(name):])]; ok {
			return k, typ
		}
	}
	return 0, ""
}
