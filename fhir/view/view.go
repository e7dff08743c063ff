package view

import (
	"fmt"
	"sync"
)

// Row holds one value per column of the view, in [View.Columns] order:
// nil (null), string, int64, bool, json.Number (a decimal, exact as its
// source text), json.RawMessage (a complex value in a column typed with a
// non-primitive FHIR type, or untyped), or []any for a collection column.
type Row []any

// View is a compiled ViewDefinition, ready to run. It is safe for
// concurrent use.
type View struct {
	name     string
	resource string
	columns  []Column
	plan     *plan
}

// Compile checks every part of d, compiles each FHIRPath expression once and
// returns a view ready to run. Anything outside the supported subset (see
// the package documentation) is refused here, with an [*ElementError]
// naming the element, such as select[1].column[0].path, wrapping a
// [*SyntaxError] with the position in the expression.
func Compile(d *Definition, opts ...CompileOption) (*View, error) {
	if d == nil {
		return nil, &ElementError{Err: fmt.Errorf("nil Definition")}
	}
	var cfg compileConfig
	for _, o := range opts {
		if o == nil {
			return nil, errNilOption
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	return compile(d, cfg)
}

// MustCompile parses and compiles a ViewDefinition and panics on error. It
// is meant for views built into a program, whose errors are bugs.
func MustCompile(viewJSON []byte, opts ...CompileOption) *View {
	d, err := Parse(viewJSON)
	if err != nil {
		panic(err)
	}
	v, err := Compile(d, opts...)
	if err != nil {
		panic(err)
	}
	return v
}

// Name returns the view's name ("" if the definition has none).
func (v *View) Name() string { return v.name }

// Resource returns the FHIR resource type the view reads, such as
// "ExplanationOfBenefit".
func (v *View) Resource() string { return v.resource }

// Columns returns the view's columns in output order (the order of
// ViewDefinition "Column Ordering": a select's own columns, then its nested
// selects', then its unionAll's). A unionAll column is described by its
// first branch. The caller may modify the returned slice.
func (v *View) Columns() []Column {
	out := make([]Column, len(v.columns))
	for i, c := range v.columns {
		c.Tags = append([]Tag(nil), c.Tags...)
		out[i] = c
	}
	return out
}

// Eval runs the view over one resource, given as a JSON object, and returns
// its rows (none if a where excludes it). A resource of another type is an
// error wrapping [ErrResourceType].
func (v *View) Eval(resource []byte) ([]Row, error) {
	r, err := Decode(resource)
	if err != nil {
		return nil, err
	}
	return v.EvalResource(r)
}

// EvalResource runs the view over a resource decoded once with [Decode], so
// that several views can read the same resource without decoding it again.
func (v *View) EvalResource(r *Resource) ([]Row, error) {
	if r.Type() != v.resource {
		return nil, fmt.Errorf("%w: %q, want %q", ErrResourceType, r.Type(), v.resource)
	}
	ev := evaluators.Get().(*evaluator)
	rows, err := ev.run(v.plan, r.tree, nil)
	ev.ctx.Reset(nil) // hold no resource in the pool
	evaluators.Put(ev)
	return rows, err
}

// evaluators keeps EvalResource's evaluators, whose value arenas would
// otherwise be allocated afresh for every resource; rows never point into
// an arena, so one can serve the next call as soon as run returns.
var evaluators = sync.Pool{New: func() any { return new(evaluator) }}
