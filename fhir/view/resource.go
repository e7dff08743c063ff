package view

import (
	"fmt"

	"github.com/bcda-go/bcda/fhir/view/internal/jsontree"
)

// Resource is a FHIR resource decoded once into a form every view can read
// quickly. It keeps a reference to the bytes it was decoded from, which the
// caller must not change while the Resource is in use.
type Resource struct {
	tree *jsontree.Tree
	typ  string
}

// Decode checks that line is one JSON object and decodes it for
// [View.EvalResource]. The error names the byte offset of the problem,
// never the content.
func Decode(line []byte) (*Resource, error) {
	t := new(jsontree.Tree)
	if err := t.Parse(line); err != nil {
		return nil, fmt.Errorf("view: %w", err)
	}
	return newResource(t)
}

func newResource(t *jsontree.Tree) (*Resource, error) {
	if t.Kind(0) != jsontree.Object {
		return nil, fmt.Errorf("view: a resource is a JSON object, not %s", t.Kind(0))
	}
	rt := t.Field(0, "resourceType")
	if rt == 0 || t.Kind(rt) != jsontree.String {
		return nil, fmt.Errorf("view: the resource has no resourceType")
	}
	return &Resource{tree: t, typ: t.Str(rt)}, nil
}

// Type returns the resource's resourceType, such as "Patient".
func (r *Resource) Type() string { return r.typ }
