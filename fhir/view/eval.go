package view

import (
	"errors"

	"github.com/bcda-go/bcda/fhir/view/internal/fhirpath"
	"github.com/bcda-go/bcda/fhir/view/internal/jsontree"
)

// evaluator runs a plan over resources; one per goroutine, reused.
type evaluator struct {
	ctx fhirpath.Ctx
}

// run appends the rows of the resource in t to out.
func (ev *evaluator) run(p *plan, t *jsontree.Tree, out []Row) ([]Row, error) {
	ev.ctx.Reset(t)
	root := fhirpath.Root()
	for _, w := range p.where {
		vs, err := w.expr.Eval(&ev.ctx, root)
		if err != nil {
			return out, &ElementError{Element: w.el, Err: err}
		}
		keep, ok := ev.ctx.Bool(vs)
		if !ok {
			return out, &ElementError{Element: w.el, Err: ErrNotBoolean}
		}
		if !keep {
			return out, nil
		}
	}
	rows := [][]any{nil}
	for _, s := range p.selects {
		part, err := ev.rowsOf(s, root, 0)
		if err != nil {
			return out, err
		}
		if rows = cross(rows, part); len(rows) == 0 {
			return out, nil
		}
	}
	for _, r := range rows {
		out = append(out, Row(r))
	}
	return out, nil
}

// rowsOf returns the partial rows (one value per column of s, its children
// and its union) that select s produces for focus, as the specification's
// "Unnesting Semantics" and "Multiple Select Expressions" describe: one set
// per item of the iteration, its own columns cross-joined with each nested
// select's rows and then with the union of its unionAll branches.
func (ev *evaluator) rowsOf(s *selPlan, focus fhirpath.Value, rowIndex int64) ([][]any, error) {
	var foci []fhirpath.Value
	iterating := true
	ev.ctx.RowIndex = rowIndex // the iteration paths see the parent's %rowIndex
	switch s.mode {
	case iterNone:
		foci, iterating = []fhirpath.Value{focus}, false
	case iterForEach, iterForEachOrNull:
		vs, err := s.iter.expr.Eval(&ev.ctx, focus)
		if err != nil {
			return nil, &ElementError{Element: s.iter.el, Err: err}
		}
		foci = vs
		if len(vs) == 0 && s.mode == iterForEachOrNull {
			// The null row: the select evaluated over an empty focus with
			// %rowIndex 0, as the reference runner does (sof-js
			// src/index.js forEachOrNull; tests/row_index.json).
			foci = []fhirpath.Value{fhirpath.Absent()}
		}
	case iterRepeat:
		var err error
		if foci, err = ev.repeat(s.repeat, focus, nil, map[int32]bool{}, 0); err != nil {
			return nil, err
		}
	}
	var out [][]any
	for i, f := range foci {
		idx := rowIndex
		if iterating {
			idx = int64(i)
		}
		own := make([]any, len(s.cols))
		ev.ctx.RowIndex = idx
		for j := range s.cols {
			v, err := ev.column(&s.cols[j], f)
			if err != nil {
				return nil, err
			}
			own[j] = v
		}
		rows := [][]any{own}
		for _, child := range s.children {
			part, err := ev.rowsOf(child, f, idx)
			if err != nil {
				return nil, err
			}
			if rows = cross(rows, part); len(rows) == 0 {
				break
			}
		}
		if len(s.unions) > 0 && len(rows) > 0 {
			var union [][]any
			for _, u := range s.unions {
				part, err := ev.rowsOf(u, f, idx)
				if err != nil {
					return nil, err
				}
				union = append(union, part...)
			}
			rows = cross(rows, union)
		}
		out = append(out, rows...)
	}
	return out, nil
}

// maxRepeatDepth bounds repeat's recursion. A JSON tree is finite and an
// element is visited once, so this only stops absurd inputs early.
const maxRepeatDepth = 256

// repeat collects, depth first, every object reached by following the
// paths from focus any number of times (ViewDefinition "Recursive
// Traversal with Repeat"). Like the reference runner (sof-js src/index.js,
// recursiveTraverse) it keeps only objects; unlike it, it visits an element
// once, so that overlapping paths (["item", "item"], or $this) cannot make
// the traversal explode or loop.
func (ev *evaluator) repeat(paths []compiled, focus fhirpath.Value, out []fhirpath.Value, seen map[int32]bool, depth int) ([]fhirpath.Value, error) {
	if depth > maxRepeatDepth {
		return nil, &ElementError{Element: paths[0].el, Err: errors.New("repeat nests too deep")}
	}
	for _, p := range paths {
		vs, err := p.expr.Eval(&ev.ctx, focus)
		if err != nil {
			return nil, &ElementError{Element: p.el, Err: err}
		}
		for _, v := range vs {
			if !ev.ctx.IsObject(v) || seen[v.Node] {
				continue
			}
			seen[v.Node] = true
			out = append(out, v)
			if out, err = ev.repeat(paths, v, out, seen, depth+1); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// column computes one column for focus.
func (ev *evaluator) column(c *colPlan, focus fhirpath.Value) (any, error) {
	vs, err := c.expr.Eval(&ev.ctx, focus)
	if err != nil {
		return nil, &ElementError{Element: c.el, Err: err}
	}
	if c.collection {
		list := make([]any, 0, len(vs))
		for _, v := range vs {
			x, err := ev.ctx.Go(v, c.typ)
			if err != nil {
				return nil, &ElementError{Element: c.el, Err: &ColumnError{Column: c.name, Count: len(vs), Err: err}}
			}
			list = append(list, x)
		}
		return list, nil
	}
	switch len(vs) {
	case 0:
		return nil, nil
	case 1:
		x, err := ev.ctx.Go(vs[0], c.typ)
		if err != nil {
			return nil, &ElementError{Element: c.el, Err: &ColumnError{Column: c.name, Count: 1, Err: err}}
		}
		return x, nil
	}
	return nil, &ElementError{Element: c.el, Err: &ColumnError{Column: c.name, Count: len(vs), Err: ErrMultipleValues}}
}

// cross returns every concatenation of a row of left with a row of right.
func cross(left, right [][]any) [][]any {
	if len(left) == 0 || len(right) == 0 {
		return nil
	}
	if len(left) == 1 && len(left[0]) == 0 {
		return right
	}
	out := make([][]any, 0, len(left)*len(right))
	for _, l := range left {
		for _, r := range right {
			row := make([]any, len(l), len(l)+len(r))
			copy(row, l)
			out = append(out, append(row, r...))
		}
	}
	return out
}
