package view

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/bcda-go/bcda/fhir/view/internal/fhirpath"
)

// plan is a compiled view: the where filters and the tree of selects.
type plan struct {
	where   []compiled
	selects []*selPlan // top-level selects, cross-joined
}

type compiled struct {
	el   string // element path, for errors
	expr *fhirpath.Expr
}

type iterMode uint8

const (
	iterNone iterMode = iota
	iterForEach
	iterForEachOrNull
	iterRepeat
)

type selPlan struct {
	mode     iterMode
	iter     compiled   // forEach or forEachOrNull
	repeat   []compiled // repeat paths
	cols     []colPlan
	children []*selPlan
	unions   []*selPlan
}

type colPlan struct {
	compiled
	name       string
	typ        string // normalized FHIR type, "" untyped
	collection bool
}

func compile(d *Definition, cfg compileConfig) (*View, error) {
	if strings.TrimSpace(d.Resource) == "" {
		return nil, &ElementError{Element: "resource", Err: errors.New("required")}
	}
	if len(d.Select) == 0 {
		return nil, &ElementError{Element: "select", Err: errors.New("at least one select is required")}
	}
	if cfg.shareable {
		if err := checkShareable(d); err != nil {
			return nil, err
		}
	}
	env := &fhirpath.Env{Constants: map[string]fhirpath.Value{}}
	for i, c := range d.Constants {
		el := fmt.Sprintf("constant[%d]", i)
		if !sqlName.MatchString(c.Name) {
			return nil, &ElementError{Element: el + ".name", Err: fmt.Errorf("%q is not a valid name", c.Name)}
		}
		if _, dup := env.Constants[c.Name]; dup {
			return nil, &ElementError{Element: el + ".name", Err: fmt.Errorf("constant %q defined twice", c.Name)}
		}
		if !slices.Contains(constantTypes, c.Type) {
			return nil, &ElementError{Element: el, Err: fmt.Errorf("unsupported constant type %q", c.Type)}
		}
		v, err := fhirpath.Constant(c.Type, c.Value)
		if err != nil {
			return nil, &ElementError{Element: el, Err: fmt.Errorf("value %q is not a valid %s", c.Value, c.Type)}
		}
		env.Constants[c.Name] = v
	}
	k := &compiler{env: env}
	p := &plan{}
	for i, w := range d.Where {
		e, err := k.expr(fmt.Sprintf("where[%d].path", i), w.Path)
		if err != nil {
			return nil, err
		}
		p.where = append(p.where, e)
	}
	var cols []Column
	for i := range d.Select {
		s, err := k.selection(fmt.Sprintf("select[%d]", i), &d.Select[i], &cols)
		if err != nil {
			return nil, err
		}
		p.selects = append(p.selects, s)
	}
	seen := map[string]bool{}
	for _, c := range cols {
		if seen[c.Name] {
			return nil, &ElementError{Element: "select", Err: fmt.Errorf("column name %q is used twice (names must be unique)", c.Name)}
		}
		seen[c.Name] = true
	}
	return &View{name: d.Name, resource: d.Resource, columns: cols, plan: p}, nil
}

func checkShareable(d *Definition) error {
	// The ShareableViewDefinition profile (input/fsh/profiles/
	// view-definition-profiles.fsh): url 1..1, name 1..1, fhirVersion 1..*,
	// select.column.type 1..1.
	switch {
	case d.URL == "":
		return &ElementError{Element: "url", Err: errors.New("required by the Shareable View Definition profile")}
	case d.Name == "":
		return &ElementError{Element: "name", Err: errors.New("required by the Shareable View Definition profile")}
	case len(d.FHIRVersion) == 0:
		return &ElementError{Element: "fhirVersion", Err: errors.New("required by the Shareable View Definition profile")}
	}
	var walk func(el string, ss []Select) error
	walk = func(el string, ss []Select) error {
		for i, s := range ss {
			sel := fmt.Sprintf("%s[%d]", el, i)
			for j, c := range s.Column {
				if c.Type == "" {
					return &ElementError{Element: fmt.Sprintf("%s.column[%d].type", sel, j), Err: errors.New("required by the Shareable View Definition profile")}
				}
			}
			if err := walk(sel+".select", s.Select); err != nil {
				return err
			}
			if err := walk(sel+".unionAll", s.UnionAll); err != nil {
				return err
			}
		}
		return nil
	}
	return walk("select", d.Select)
}

type compiler struct{ env *fhirpath.Env }

// expr compiles one FHIRPath expression; errors name the element and the
// position in the expression.
func (k *compiler) expr(el, src string) (compiled, error) {
	e, err := fhirpath.Compile(src, k.env)
	if err != nil {
		var fe *fhirpath.Error
		if errors.As(err, &fe) {
			line, col := lineCol(src, fe.Offset)
			err = &SyntaxError{Expr: src, Offset: fe.Offset, Line: line, Col: col, Msg: fe.Msg}
		}
		return compiled{}, &ElementError{Element: el, Err: err}
	}
	return compiled{el: el, expr: e}, nil
}

func lineCol(src string, off int) (line, col int) {
	off = min(off, len(src))
	line = 1 + strings.Count(src[:off], "\n")
	return line, off - strings.LastIndex(src[:off], "\n")
}

func (k *compiler) selection(el string, s *Select, cols *[]Column) (*selPlan, error) {
	sp := &selPlan{}
	var err error
	switch {
	case s.ForEach != "":
		sp.mode = iterForEach
		sp.iter, err = k.expr(el+".forEach", s.ForEach)
	case s.ForEachOrNull != "":
		sp.mode = iterForEachOrNull
		sp.iter, err = k.expr(el+".forEachOrNull", s.ForEachOrNull)
	case len(s.Repeat) > 0:
		sp.mode = iterRepeat
		for i, r := range s.Repeat {
			var c compiled
			if c, err = k.expr(fmt.Sprintf("%s.repeat[%d]", el, i), r); err != nil {
				break
			}
			sp.repeat = append(sp.repeat, c)
		}
	}
	if err != nil {
		return nil, err
	}
	n := 0
	for _, x := range []bool{s.ForEach != "", s.ForEachOrNull != "", len(s.Repeat) > 0} {
		if x {
			n++
		}
	}
	if n > 1 {
		return nil, &ElementError{Element: el, Err: errors.New("at most one of forEach, forEachOrNull and repeat")}
	}
	for i, c := range s.Column {
		cel := fmt.Sprintf("%s.column[%d]", el, i)
		if !sqlName.MatchString(c.Name) {
			return nil, &ElementError{Element: cel + ".name", Err: fmt.Errorf("%q is not a valid column name", c.Name)}
		}
		e, err := k.expr(cel+".path", c.Path)
		if err != nil {
			return nil, err
		}
		sp.cols = append(sp.cols, colPlan{compiled: e, name: c.Name, typ: fhirpath.NormalizeType(c.Type), collection: c.Collection})
		*cols = append(*cols, c)
	}
	for i := range s.Select {
		child, err := k.selection(fmt.Sprintf("%s.select[%d]", el, i), &s.Select[i], cols)
		if err != nil {
			return nil, err
		}
		sp.children = append(sp.children, child)
	}
	var first []Column
	for i := range s.UnionAll {
		var branch []Column
		uel := fmt.Sprintf("%s.unionAll[%d]", el, i)
		u, err := k.selection(uel, &s.UnionAll[i], &branch)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			first = branch
			*cols = append(*cols, branch...)
		} else if err := sameColumns(first, branch); err != nil {
			return nil, &ElementError{Element: uel, Err: err}
		}
		sp.unions = append(sp.unions, u)
	}
	return sp, nil
}

// sameColumns checks that a unionAll branch has the first branch's columns:
// "the same number of columns with the same names and order" and the same
// types (StructureDefinition-ViewDefinition-notes.md, "Unions").
func sameColumns(want, got []Column) error {
	names := func(cs []Column) []string {
		out := make([]string, len(cs))
		for i, c := range cs {
			out[i] = c.Name
		}
		return out
	}
	if !slices.Equal(names(want), names(got)) {
		return fmt.Errorf("columns %v differ from the first branch's %v", names(got), names(want))
	}
	for i := range want {
		if fhirpath.NormalizeType(want[i].Type) != fhirpath.NormalizeType(got[i].Type) || want[i].Collection != got[i].Collection {
			return fmt.Errorf("column %q has another type than in the first branch", got[i].Name)
		}
	}
	return nil
}
