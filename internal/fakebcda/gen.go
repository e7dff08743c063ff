package fakebcda

import (
	"io"

	"github.com/bcda-go/bcda/internal/synth"
)

// generator writes the uncompressed NDJSON of one data file. Tests inside
// the package swap it for cheaper content.
type generator func(f *file, w io.Writer) error

// defaultGenerator draws data files from internal/synth.
func defaultGenerator(f *file, w io.Writer) error {
	_, err := f.aco.dataset().Write(w, synth.Request{Version: f.ver, Type: f.typ, First: f.first, Count: f.count, Since: f.since, ServiceDate: f.serviceDate})
	return err
}

// dataset is the ACO's synthetic population.
func (a *aco) dataset() synth.Dataset {
	return synth.Dataset{Seed: a.seed, Beneficiaries: a.Beneficiaries}
}
