package fhirpath

import (
	"errors"
	"strings"

	"github.com/bcda-go/bcda/fhir/view/internal/jsontree"
)

// function compiles a function call. The supported functions are those of
// the Shareable View Definition profile and the SQL on FHIR additions
// (StructureDefinition-ShareableViewDefinition-notes.md and
// StructureDefinition-ViewDefinition-notes.md in FHIR/sql-on-fhir-v2), plus
// last, count and select.
func (k *compiler) function(a *ast) (evalFn, error) {
	x, err := k.target(a)
	if err != nil {
		return nil, err
	}
	arity := func(lo, hi int) error {
		if n := len(a.args); n < lo || n > hi {
			if lo == hi {
				return errAt(a.pos, "%s() takes %d argument(s), got %d", a.name, lo, n)
			}
			return errAt(a.pos, "%s() takes %d to %d arguments, got %d", a.name, lo, hi, n)
		}
		return nil
	}
	// oneArg compiles the single argument of a function that takes exactly
	// one, or at most one for those in optionalArg; nil when it is absent.
	oneArg := func() (evalFn, error) {
		lo := 1
		if optionalArg[a.name] {
			lo = 0
		}
		if err := arity(lo, 1); err != nil || len(a.args) == 0 {
			return nil, err
		}
		return k.node(a.args[0])
	}
	switch a.name {
	case "where", "exists", "select":
		// The criteria is evaluated once per input item.
		crit, err := oneArg()
		if err != nil {
			return nil, err
		}
		name := a.name
		return func(c *Ctx, in []Value) ([]Value, error) {
			vs, err := x(c, in)
			if err != nil {
				return nil, err
			}
			if crit == nil { // exists()
				return c.one(boolValue(len(vs) > 0)), nil
			}
			var kept []Value
			for _, v := range vs {
				r, err := crit(c, c.one(v))
				if err != nil {
					return nil, err
				}
				switch {
				case name == "select":
					kept = append(kept, r...)
				case c.truth(r) == isTrue && (len(r) != 1 || isBool(c, r[0])):
					kept = append(kept, v)
				}
			}
			if name == "exists" {
				return c.one(boolValue(len(kept) > 0)), nil
			}
			return c.keep(kept), nil
		}, nil
	case "getResourceKey":
		if err := arity(0, 0); err != nil {
			return nil, err
		}
		// The resource id: the simplest of the implementations the
		// specification suggests (StructureDefinition-ViewDefinition-
		// notes.md, "Return the Resource ID"); getReferenceKey returns the
		// id part of a reference, so the two match.
		return eachItem(x, func(c *Ctx, v Value) (Value, bool) {
			id, _ := c.field(v, "id")
			if id == 0 || c.Tree.Kind(id) != jsontree.String {
				return Value{}, false
			}
			return Value{Kind: KString, Str: c.Tree.Str(id)}, true
		}), nil
	case "lowBoundary", "highBoundary":
		if err := arity(0, 0); err != nil {
			return nil, err
		}
		high := a.name == "highBoundary"
		return eachItem(x, func(c *Ctx, v Value) (Value, bool) { return c.boundary(v, high) }), nil
	case "empty", "first", "last", "count", "not", "hasValue":
		if err := arity(0, 0); err != nil {
			return nil, err
		}
		return k.simple(a.name, x), nil
	case "ofType":
		if err := arity(1, 1); err != nil {
			return nil, err
		}
		typ, err := typeArg(a.args[0])
		if err != nil {
			return nil, err
		}
		return eachItem(x, func(c *Ctx, v Value) (Value, bool) { return c.ofType(v, typ) }), nil
	case "getReferenceKey":
		if err := arity(0, 1); err != nil {
			return nil, err
		}
		typ := ""
		if len(a.args) == 1 {
			if typ, err = typeArg(a.args[0]); err != nil {
				return nil, err
			}
		}
		return eachItem(x, func(c *Ctx, v Value) (Value, bool) {
			key, ok := c.referenceKey(v, typ)
			return Value{Kind: KString, Str: key}, ok
		}), nil
	case "extension", "join":
		arg, err := oneArg()
		if err != nil {
			return nil, err
		}
		name := a.name
		return func(c *Ctx, in []Value) ([]Value, error) {
			vs, err := x(c, in)
			if err != nil {
				return nil, err
			}
			s := ""
			if arg != nil {
				av, err := arg(c, in)
				if err != nil {
					return nil, err
				}
				if len(av) > 1 {
					return nil, errors.New(name + "() takes a single string")
				}
				if len(av) == 1 {
					s, _ = c.String(av[0])
				}
			}
			if name == "join" {
				// An empty input joins to '' (not empty): the specification's
				// tests want it (tests/fhirpath.json "string join").
				parts := make([]string, 0, len(vs))
				for _, v := range vs {
					t, _ := c.String(v)
					parts = append(parts, t)
				}
				return c.one(Value{Kind: KString, Str: strings.Join(parts, s)}), nil
			}
			// extension(url): the extensions of each item with that url
			// (https://hl7.org/fhir/R4/fhirpath.html#functions).
			exts := c.member(vs, "extension")
			out := c.take(len(exts))
			for _, e := range exts {
				if u := c.Tree.Field(e.Node, "url"); u != 0 && c.Tree.StrEqual(u, s) {
					out = append(out, e)
				}
			}
			return out, nil
		}, nil
	}
	return nil, errAt(a.pos, "function %s() is not supported", a.name)
}

// optionalArg are the functions whose one argument may be left out.
var optionalArg = map[string]bool{"exists": true, "join": true}

// eachItem applies f to every item of x's result, keeping the items f
// accepts.
func eachItem(x evalFn, f func(c *Ctx, v Value) (Value, bool)) evalFn {
	return func(c *Ctx, in []Value) ([]Value, error) {
		vs, err := x(c, in)
		if err != nil {
			return nil, err
		}
		out := c.take(len(vs))
		for _, v := range vs {
			if w, ok := f(c, v); ok {
				out = append(out, w)
			}
		}
		return out, nil
	}
}

func isBool(c *Ctx, v Value) bool {
	p, ok := c.prim(v)
	return ok && p.Kind == KBool
}

// typeArg reads a type specifier argument: Quantity, FHIR.string,
// System.String, `dateTime`.
func typeArg(a *ast) (string, error) {
	switch {
	case a.kind == nMember && a.x == nil:
		return a.name, nil
	case a.kind == nMember && a.x != nil && a.x.kind == nMember && a.x.x == nil && (a.x.name == "FHIR" || a.x.name == "System"):
		if a.x.name == "System" {
			return "System." + a.name, nil
		}
		return a.name, nil
	}
	return "", errAt(a.pos, "expected a type name")
}

func (k *compiler) simple(name string, x evalFn) evalFn {
	return func(c *Ctx, in []Value) ([]Value, error) {
		vs, err := x(c, in)
		if err != nil {
			return nil, err
		}
		switch name {
		case "empty":
			return c.one(boolValue(len(vs) == 0)), nil
		case "first":
			if len(vs) == 0 {
				return nil, nil
			}
			return vs[:1:1], nil
		case "last":
			if len(vs) == 0 {
				return nil, nil
			}
			return vs[len(vs)-1:], nil
		case "count":
			return c.one(Value{Kind: KInt, Int: int64(len(vs))}), nil
		case "hasValue":
			if len(vs) != 1 {
				return c.one(boolValue(false)), nil
			}
			_, ok := c.prim(vs[0])
			return c.one(boolValue(ok)), nil
		case "not":
			if len(vs) > 1 {
				return nil, errors.New("not() needs a single boolean")
			}
			return c.triValue(not(c.truth(vs))), nil
		}
		return nil, errors.New("unknown function " + name)
	}
}

// ofType keeps v if it is of type typ, retyped as typ.
func (c *Ctx) ofType(v Value, typ string) (Value, bool) {
	if sys, ok := strings.CutPrefix(typ, "System."); ok {
		p, ok := c.prim(v)
		return p, ok && systemMatch(sys, p.Type, p.Kind)
	}
	if v.Type != "" {
		return v, v.Type == typ
	}
	if v.Kind != KNode {
		// A computed value: match by its FHIRPath kind.
		switch v.Kind {
		case KBool:
			return v, typ == "boolean"
		case KInt:
			return v, intTypes[typ]
		case KDecimal:
			return v, typ == "decimal"
		case KDate:
			return v, typ == "date"
		case KDateTime:
			return v, typ == "dateTime" || typ == "instant"
		case KTime:
			return v, typ == "time"
		}
		return v, stringTypes[typ]
	}
	// An element without a known type: judge by its JSON form.
	v.Type = typ
	switch c.Tree.Kind(v.Node) {
	case jsontree.True, jsontree.False:
		return v, typ == "boolean"
	case jsontree.Number:
		if intTypes[typ] {
			return v, !strings.ContainsAny(string(c.Tree.Text(v.Node)), ".eE")
		}
		return v, typ == "decimal"
	case jsontree.String:
		return v, stringTypes[typ]
	case jsontree.Object:
		if rt := c.Tree.Field(v.Node, "resourceType"); rt != 0 {
			return v, c.Tree.StrEqual(rt, typ)
		}
		return v, !IsPrimitive(typ) && typ != ""
	}
	return v, false
}

// referenceKey returns the key of the resource a Reference points to: the
// id of a literal reference "Type/id" (relative, absolute, or with
// /_history/n), as the specification requires at least for the relative
// form (getReferenceKey, StructureDefinition-ViewDefinition-notes.md). A
// reference to another type than typ, or one it cannot read, has no key.
func (c *Ctx) referenceKey(v Value, typ string) (string, bool) {
	r, _ := c.field(v, "reference")
	if r == 0 || c.Tree.Kind(r) != jsontree.String {
		return "", false
	}
	ref := c.Tree.Str(r)
	if i := strings.Index(ref, "/_history/"); i >= 0 {
		ref = ref[:i]
	}
	parts := strings.Split(ref, "/")
	if len(parts) < 2 {
		return "", false
	}
	rt, id := parts[len(parts)-2], parts[len(parts)-1]
	if rt == "" || id == "" || rt[0] < 'A' || rt[0] > 'Z' {
		return "", false
	}
	if typ != "" && rt != typ {
		return "", false
	}
	return id, true
}
