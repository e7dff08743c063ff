package fhirpath

import (
	"errors"
	"fmt"
	"strings"
)

type evalFn func(c *Ctx, in []Value) ([]Value, error)

// Expr is a compiled expression.
type Expr struct {
	fn evalFn
}

// Env is what an expression may refer to besides the resource: the view's
// constants (%name).
type Env struct {
	Constants map[string]Value
}

// Compile parses src and compiles it against env. Errors are *Error with
// the byte offset of the problem.
func Compile(src string, env *Env) (*Expr, error) {
	if strings.TrimSpace(src) == "" {
		return nil, errAt(0, "empty expression")
	}
	tree, err := parse(src)
	if err != nil {
		return nil, err
	}
	if env == nil {
		env = &Env{}
	}
	fn, err := (&compiler{env: env}).node(tree)
	if err != nil {
		return nil, err
	}
	return &Expr{fn: fn}, nil
}

// Eval evaluates e with focus as $this.
// The Absent focus is the empty collection.
func (e *Expr) Eval(c *Ctx, focus Value) ([]Value, error) {
	if focus.Kind == KAbsent {
		return e.fn(c, nil)
	}
	return e.fn(c, c.one(focus))
}

type compiler struct{ env *Env }

func errMany(op string) error {
	return fmt.Errorf("operator '%s' needs single values, got a collection of several", op)
}

func errOperand(op string) error {
	return fmt.Errorf("operator '%s' cannot apply to these operand types", op)
}

func (k *compiler) node(a *ast) (evalFn, error) {
	switch a.kind {
	case nLiteral:
		lit := a.lit
		return func(c *Ctx, _ []Value) ([]Value, error) { return c.one(lit), nil }, nil
	case nEmpty:
		return func(*Ctx, []Value) ([]Value, error) { return nil, nil }, nil
	case nThis:
		return func(_ *Ctx, in []Value) ([]Value, error) { return in, nil }, nil
	case nVar:
		return k.variable(a)
	case nMember:
		return k.member(a)
	case nIndex:
		return k.index(a)
	case nFunc:
		return k.function(a)
	case nUnary:
		return k.unary(a)
	case nBinary:
		return k.binary(a)
	}
	return nil, errAt(a.pos, "unsupported expression")
}

func (k *compiler) variable(a *ast) (evalFn, error) {
	switch a.name {
	case "rowIndex":
		// The %rowIndex environment variable of SQL on FHIR
		// (StructureDefinition-ViewDefinition-notes.md, "Environment Variables").
		return func(c *Ctx, _ []Value) ([]Value, error) {
			return c.one(Value{Kind: KInt, Int: c.RowIndex, Type: "integer"}), nil
		}, nil
	case "resource", "rootResource", "context":
		return func(c *Ctx, _ []Value) ([]Value, error) { return c.one(Root()), nil }, nil
	}
	v, ok := k.env.Constants[a.name]
	if !ok {
		return nil, errAt(a.pos, "unknown constant %%%s", a.name)
	}
	return func(c *Ctx, _ []Value) ([]Value, error) { return c.one(v), nil }, nil
}

func (k *compiler) target(a *ast) (evalFn, error) {
	if a.x == nil {
		return func(_ *Ctx, in []Value) ([]Value, error) { return in, nil }, nil
	}
	return k.node(a.x)
}

func (k *compiler) member(a *ast) (evalFn, error) {
	name := a.name
	if a.x == nil && name != "" && name[0] >= 'A' && name[0] <= 'Z' {
		// A type name at the start of a path, as in Patient.name: FHIR
		// element names start with a lower-case letter, so this selects
		// the focus if it is a resource of that type.
		return func(c *Ctx, in []Value) ([]Value, error) {
			out := c.take(len(in))
			for _, v := range in {
				if rt := c.Tree.Field(v.Node, "resourceType"); v.Kind == KNode && rt != 0 && c.Tree.StrEqual(rt, name) {
					out = append(out, v)
				}
			}
			return out, nil
		}, nil
	}
	x, err := k.target(a)
	if err != nil {
		return nil, err
	}
	return func(c *Ctx, in []Value) ([]Value, error) {
		vs, err := x(c, in)
		if err != nil || len(vs) == 0 {
			return nil, err
		}
		return c.member(vs, name), nil
	}, nil
}

func (k *compiler) index(a *ast) (evalFn, error) {
	x, err := k.node(a.x)
	if err != nil {
		return nil, err
	}
	ix, err := k.node(a.args[0])
	if err != nil {
		return nil, err
	}
	return func(c *Ctx, in []Value) ([]Value, error) {
		vs, err := x(c, in)
		if err != nil {
			return nil, err
		}
		is, err := ix(c, in)
		if err != nil || len(is) == 0 {
			return nil, err
		}
		p, _ := c.prim(is[0])
		if len(is) > 1 || p.Kind != KInt {
			return nil, errors.New("an index must be a single integer")
		}
		if p.Int < 0 || p.Int >= int64(len(vs)) {
			return nil, nil
		}
		return vs[p.Int : p.Int+1 : p.Int+1], nil
	}, nil
}

func (k *compiler) unary(a *ast) (evalFn, error) {
	x, err := k.node(a.x)
	if err != nil {
		return nil, err
	}
	if a.name == "+" {
		return x, nil
	}
	zero := []Value{{Kind: KInt}}
	return func(c *Ctx, in []Value) ([]Value, error) {
		vs, err := x(c, in)
		if err != nil {
			return nil, err
		}
		return c.arith("-", zero, vs)
	}, nil
}

func (k *compiler) binary(a *ast) (evalFn, error) {
	l, err := k.node(a.left)
	if err != nil {
		return nil, err
	}
	r, err := k.node(a.right)
	if err != nil {
		return nil, err
	}
	op := a.name
	both := func(c *Ctx, in []Value) (lv, rv []Value, err error) {
		if lv, err = l(c, in); err != nil {
			return nil, nil, err
		}
		rv, err = r(c, in)
		return lv, rv, err
	}
	switch op {
	case "and", "or", "xor", "implies":
		return func(c *Ctx, in []Value) ([]Value, error) {
			lv, err := l(c, in)
			if err != nil {
				return nil, err
			}
			lt := c.truth(lv)
			// Short circuits, as FHIRPath's truth tables allow.
			switch {
			case op == "and" && lt == isFalse:
				return c.triValue(isFalse), nil
			case op == "or" && lt == isTrue:
				return c.triValue(isTrue), nil
			case op == "implies" && lt == isFalse:
				return c.triValue(isTrue), nil
			}
			rv, err := r(c, in)
			if err != nil {
				return nil, err
			}
			return c.triValue(logic(op, lt, c.truth(rv))), nil
		}, nil
	case "=", "!=", "~", "!~":
		equivalent := op == "~" || op == "!~"
		negate := op == "!=" || op == "!~"
		return func(c *Ctx, in []Value) ([]Value, error) {
			lv, rv, err := both(c, in)
			if err != nil {
				return nil, err
			}
			t := c.collectionsEqual(lv, rv, equivalent)
			if negate {
				t = not(t)
			}
			return c.triValue(t), nil
		}, nil
	case "<", ">", "<=", ">=":
		return func(c *Ctx, in []Value) ([]Value, error) {
			lv, rv, err := both(c, in)
			if err != nil {
				return nil, err
			}
			t, err := c.compare(op, lv, rv)
			return c.triValue(t), err
		}, nil
	case "+", "-", "*", "/", "div", "mod":
		return func(c *Ctx, in []Value) ([]Value, error) {
			lv, rv, err := both(c, in)
			if err != nil {
				return nil, err
			}
			return c.arith(op, lv, rv)
		}, nil
	case "&":
		return func(c *Ctx, in []Value) ([]Value, error) {
			lv, rv, err := both(c, in)
			if err != nil {
				return nil, err
			}
			if len(lv) > 1 || len(rv) > 1 {
				return nil, errMany(op)
			}
			var s strings.Builder
			for _, v := range append(lv[:len(lv):len(lv)], rv...) {
				t, _ := c.String(v)
				s.WriteString(t)
			}
			return c.one(Value{Kind: KString, Str: s.String()}), nil
		}, nil
	case "|":
		return func(c *Ctx, in []Value) ([]Value, error) {
			lv, rv, err := both(c, in)
			if err != nil {
				return nil, err
			}
			return c.distinct(append(append(make([]Value, 0, len(lv)+len(rv)), lv...), rv...)), nil
		}, nil
	case "in", "contains":
		return func(c *Ctx, in []Value) ([]Value, error) {
			lv, rv, err := both(c, in)
			if err != nil {
				return nil, err
			}
			item, coll := lv, rv
			if op == "contains" {
				item, coll = rv, lv
			}
			if len(item) == 0 {
				return nil, nil
			}
			if len(item) > 1 {
				return nil, errMany(op)
			}
			for _, v := range coll {
				if eq, ok := c.equal(item[0], v, false); ok && eq {
					return c.triValue(isTrue), nil
				}
			}
			return c.triValue(isFalse), nil
		}, nil
	}
	return nil, errAt(a.pos, "operator '%s' is not supported", op)
}

func not(t tri) tri {
	switch t {
	case isTrue:
		return isFalse
	case isFalse:
		return isTrue
	}
	return unknown
}

// logic is FHIRPath's three-valued and, or, xor and implies.
func logic(op string, l, r tri) tri {
	switch op {
	case "and":
		switch {
		case l == isFalse || r == isFalse:
			return isFalse
		case l == isTrue && r == isTrue:
			return isTrue
		}
	case "or":
		switch {
		case l == isTrue || r == isTrue:
			return isTrue
		case l == isFalse && r == isFalse:
			return isFalse
		}
	case "xor":
		if l != unknown && r != unknown {
			if l != r {
				return isTrue
			}
			return isFalse
		}
	case "implies":
		switch {
		case l == isFalse || r == isTrue:
			return isTrue
		case l == isTrue:
			return r
		}
	}
	return unknown
}

// distinct keeps the first of equal items.
func (c *Ctx) distinct(vs []Value) []Value {
	out := c.take(len(vs))
outer:
	for _, v := range vs {
		for _, w := range out {
			if eq, ok := c.equal(v, w, false); ok && eq {
				continue outer
			}
		}
		out = append(out, v)
	}
	return out
}
