package view

import (
	"errors"

	"github.com/bcda-go/bcda/fhir/view/internal/jsontree"
)

// plan is a compiled view (work in progress: the skeleton commit).
type plan struct{}

type evaluator struct{}

func compile(d *Definition, cfg compileConfig) (*View, error) {
	return nil, errors.New("view: not implemented yet")
}

func (ev *evaluator) run(p *plan, t *jsontree.Tree, out []Row) ([]Row, error) {
	return nil, errors.New("view: not implemented yet")
}
