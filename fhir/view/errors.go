package view

import (
	"errors"
	"fmt"
	"strings"
)

// ErrResourceType is returned by [View.Eval] and [View.EvalResource] for a
// resource whose resourceType is not the view's.
var ErrResourceType = errors.New("view: resource is not of the view's type")

// ErrMultipleValues is wrapped by a [*ColumnError] when a column without
// "collection": true yields more than one value. The specification says
// implementations SHALL report an error in that case
// (ViewDefinition.select.column.collection, input/fsh/models.fsh in
// FHIR/sql-on-fhir-v2).
var ErrMultipleValues = errors.New("more than one value and the column is not a collection")

// ErrNotBoolean is wrapped by an [*ElementError] when a where path yields
// something other than a single boolean or nothing.
var ErrNotBoolean = errors.New("where path does not yield a boolean")

// ElementError names the ViewDefinition element an error is about, as a
// path from the view's root such as "select[1].column[0].path" or
// "constant[2]". Parse, Compile and evaluation errors all wrap one.
type ElementError struct {
	Element string // e.g. "select[0].forEach"; "" for the view as a whole
	Err     error
}

func (e *ElementError) Error() string {
	if e.Element == "" {
		return "view: " + e.Err.Error()
	}
	return "view: " + e.Element + ": " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *ElementError) Unwrap() error { return e.Err }

// SyntaxError is a FHIRPath expression that cannot be compiled: a syntax
// error or a feature outside the supported subset. It is always wrapped in
// an [*ElementError] naming where the expression sits.
type SyntaxError struct {
	Expr   string // the expression
	Offset int    // 0-based byte offset of the problem in Expr
	Line   int    // 1-based line of Offset
	Col    int    // 1-based column (in bytes) of Offset
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%d:%d: %s (in %q)", e.Line, e.Col, e.Msg, e.Expr)
}

// ColumnError is a column that could not be filled for one resource: more
// values than the column allows, or a value that does not fit its type.
type ColumnError struct {
	Column string // the column's name
	Count  int    // how many values the path yielded
	Err    error  // ErrMultipleValues, or a type mismatch
}

func (e *ColumnError) Error() string {
	if errors.Is(e.Err, ErrMultipleValues) {
		return fmt.Sprintf("column %q: %d values: %v", e.Column, e.Count, e.Err)
	}
	return fmt.Sprintf("column %q: %v", e.Column, e.Err)
}

// Unwrap returns the underlying error.
func (e *ColumnError) Unwrap() error { return e.Err }

// LineError is one NDJSON line that [View.Rows] skipped: not JSON, too
// long, or a resource the view failed on (a [*ColumnError], a where path
// that is not boolean). Rows goes on with the next line; count them to
// report them. Its message never quotes the line, which holds
// beneficiaries' data.
type LineError struct {
	Line int   // 1-based physical line number (blank lines count)
	Err  error // what was wrong
}

func (e *LineError) Error() string {
	return fmt.Sprintf("view: line %d: %s", e.Line, strings.TrimPrefix(e.Err.Error(), "view: "))
}

// Unwrap returns the underlying error.
func (e *LineError) Unwrap() error { return e.Err }
