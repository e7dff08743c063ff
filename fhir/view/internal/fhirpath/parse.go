package fhirpath

// The expression grammar and operator precedence of FHIRPath
// (https://hl7.org/fhirpath/#operator-precedence), highest first:
// path and indexer, unary + -, * / div mod, + - &, is as, |,
// < > <= >=, = ~ != !~, in contains, and, or xor, implies.

type nodeKind uint8

const (
	nLiteral nodeKind = iota
	nEmpty            // {}
	nThis             // $this
	nVar              // %name
	nMember           // x.name, or name at the start of a term (x = nil)
	nFunc             // x.f(args), or f(args) at the start of a term (x = nil)
	nIndex            // x[i]
	nBinary
	nUnary
)

type ast struct {
	kind  nodeKind
	pos   int
	name  string // member, function, variable or operator
	lit   Value
	x     *ast
	args  []*ast
	left  *ast
	right *ast
}

type parser struct {
	toks []token
	i    int
}

// maxNesting bounds the depth of an expression, so that hostile input
// cannot exhaust the stack.
const maxNesting = 200

func parse(src string) (*ast, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	e, err := p.expr(0, 0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, errAt(t.pos, "unexpected %s", describe(t))
	}
	return e, nil
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func describe(t token) string {
	switch t.kind {
	case tEOF:
		return "end of expression"
	case tString:
		return "string '" + t.text + "'"
	}
	return "'" + t.text + "'"
}

// binaryLevel gives the precedence level of a binary operator token (higher
// binds tighter), or -1.
func binaryLevel(t token) int {
	if t.kind == tOp {
		switch t.text {
		case "*", "/":
			return 9
		case "+", "-", "&":
			return 8
		case "|":
			return 6
		case "<", ">", "<=", ">=":
			return 5
		case "=", "~", "!=", "!~":
			return 4
		}
	}
	if t.kind == tIdent {
		switch t.text {
		case "div", "mod":
			return 9
		case "is", "as":
			return 7
		case "in", "contains":
			return 3
		case "and":
			return 2
		case "or", "xor":
			return 1
		case "implies":
			return 0
		}
	}
	return -1
}

func (p *parser) expr(minLevel, depth int) (*ast, error) {
	if depth > maxNesting {
		return nil, errAt(p.peek().pos, "expression nested too deeply")
	}
	left, err := p.unary(depth)
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		lvl := binaryLevel(t)
		if lvl < minLevel || lvl < 0 {
			return left, nil
		}
		p.next()
		if t.text == "is" || t.text == "as" {
			return nil, errAt(t.pos, "operator '%s' is not supported (use ofType())", t.text)
		}
		right, err := p.expr(lvl+1, depth+1)
		if err != nil {
			return nil, err
		}
		left = &ast{kind: nBinary, pos: t.pos, name: t.text, left: left, right: right}
	}
}

func (p *parser) unary(depth int) (*ast, error) {
	t := p.peek()
	if t.kind == tOp && (t.text == "-" || t.text == "+") {
		p.next()
		x, err := p.unary(depth + 1)
		if err != nil {
			return nil, err
		}
		if depth > maxNesting {
			return nil, errAt(t.pos, "expression nested too deeply")
		}
		return &ast{kind: nUnary, pos: t.pos, name: t.text, x: x}, nil
	}
	return p.postfix(depth)
}

func (p *parser) postfix(depth int) (*ast, error) {
	e, err := p.term(depth)
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		switch {
		case t.kind == tOp && t.text == ".":
			p.next()
			id := p.next()
			if id.kind != tIdent {
				return nil, errAt(id.pos, "expected a name after '.', got %s", describe(id))
			}
			if p.peek().kind == tOp && p.peek().text == "(" {
				args, err := p.args(depth)
				if err != nil {
					return nil, err
				}
				e = &ast{kind: nFunc, pos: id.pos, name: id.text, x: e, args: args}
			} else {
				e = &ast{kind: nMember, pos: id.pos, name: id.text, x: e}
			}
		case t.kind == tOp && t.text == "[":
			p.next()
			idx, err := p.expr(0, depth+1)
			if err != nil {
				return nil, err
			}
			if c := p.next(); c.kind != tOp || c.text != "]" {
				return nil, errAt(c.pos, "expected ']', got %s", describe(c))
			}
			e = &ast{kind: nIndex, pos: t.pos, x: e, args: []*ast{idx}}
		default:
			return e, nil
		}
	}
}

func (p *parser) args(depth int) ([]*ast, error) {
	p.next() // (
	var args []*ast
	if t := p.peek(); t.kind == tOp && t.text == ")" {
		p.next()
		return nil, nil
	}
	for {
		a, err := p.expr(0, depth+1)
		if err != nil {
			return nil, err
		}
		args = append(args, a)
		t := p.next()
		if t.kind == tOp && t.text == ")" {
			return args, nil
		}
		if t.kind != tOp || t.text != "," {
			return nil, errAt(t.pos, "expected ',' or ')', got %s", describe(t))
		}
	}
}

func (p *parser) term(depth int) (*ast, error) {
	t := p.next()
	switch t.kind {
	case tIdent:
		switch t.text {
		case "true", "false":
			return &ast{kind: nLiteral, pos: t.pos, lit: Value{Kind: KBool, Bool: t.text == "true"}}, nil
		}
		if p.peek().kind == tOp && p.peek().text == "(" {
			args, err := p.args(depth)
			if err != nil {
				return nil, err
			}
			return &ast{kind: nFunc, pos: t.pos, name: t.text, args: args}, nil
		}
		return &ast{kind: nMember, pos: t.pos, name: t.text}, nil
	case tString:
		return &ast{kind: nLiteral, pos: t.pos, lit: Value{Kind: KString, Str: t.text}}, nil
	case tNumber:
		v, err := numberLiteral(t.text)
		if err != nil {
			return nil, errAt(t.pos, "%v", err)
		}
		return &ast{kind: nLiteral, pos: t.pos, lit: v}, nil
	case tDate:
		v, err := dateLiteral(t.text)
		if err != nil {
			return nil, errAt(t.pos, "%v", err)
		}
		return &ast{kind: nLiteral, pos: t.pos, lit: v}, nil
	case tVar:
		return &ast{kind: nVar, pos: t.pos, name: t.text}, nil
	case tSpecial:
		if t.text != "$this" {
			return nil, errAt(t.pos, "%s is not supported", t.text)
		}
		return &ast{kind: nThis, pos: t.pos}, nil
	case tOp:
		switch t.text {
		case "(":
			e, err := p.expr(0, depth+1)
			if err != nil {
				return nil, err
			}
			if c := p.next(); c.kind != tOp || c.text != ")" {
				return nil, errAt(c.pos, "expected ')', got %s", describe(c))
			}
			return e, nil
		case "{":
			if c := p.next(); c.kind != tOp || c.text != "}" {
				return nil, errAt(c.pos, "expected '}', got %s", describe(c))
			}
			return &ast{kind: nEmpty, pos: t.pos}, nil
		}
	}
	return nil, errAt(t.pos, "unexpected %s", describe(t))
}
