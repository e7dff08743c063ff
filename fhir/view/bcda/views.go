package bcda

import (
	"embed"
	"errors"
	"fmt"
	"path"
	"slices"

	"github.com/bcda-go/bcda/fhir/view"
)

//go:embed views
var files embed.FS

// Version is the BCDA API version whose data a view reads. Its values are
// those of the client package's Version, so string(client.V3) converts.
type Version string

// The BCDA API versions the views cover.
const (
	V1 Version = "v1" // FHIR STU3, Blue Button 1
	V2 Version = "v2" // FHIR R4, Blue Button 2.0
	V3 Version = "v3" // FHIR R4, CARIN Blue Button 2.2 from CMS's IDR
)

// The names of the built-in views; each is also the table a loader fills.
const (
	Beneficiaries = "beneficiaries"
	Enrollment    = "enrollment"
	Claims        = "claims"
	ClaimLines    = "claim_lines"
	Diagnoses     = "diagnoses"
	Procedures    = "procedures"
	PartDEvents   = "part_d_events"
)

// CurrentVersionWhere is the where path, present in every claim view, that
// keeps only the current version of an adjusted claim. [AllVersions]
// removes it.
const CurrentVersionWhere = "status = 'active'"

var names = []string{Beneficiaries, Enrollment, Claims, ClaimLines, Diagnoses, Procedures, PartDEvents}

// Errors of [JSON], [Definition], [Compile] and [All], for errors.Is.
var (
	ErrUnknownView    = errors.New("bcda: unknown view")
	ErrUnknownVersion = errors.New("bcda: unknown BCDA version")
)

// Names returns the names of the built-in views in load order: the
// beneficiaries and enrollment first, then the claim views.
func Names() []string { return slices.Clone(names) }

// Versions returns the BCDA versions the views cover.
func Versions() []Version { return []Version{V1, V2, V3} }

// An Option changes a built-in view before it is compiled. A nil Option
// is an error.
type Option func(*config) error

type config struct {
	allVersions bool
}

// AllVersions keeps every version of an adjusted claim (both "active" and
// "cancelled" ExplanationOfBenefits) instead of only the current one: it
// removes the [CurrentVersionWhere] filter. It changes nothing in the
// beneficiaries and enrollment views.
func AllVersions() Option {
	return func(c *config) error {
		c.allVersions = true
		return nil
	}
}

// JSON returns the ViewDefinition of view name for BCDA version v, as
// shipped (SQL on FHIR v2 JSON).
func JSON(v Version, name string) ([]byte, error) {
	if !slices.Contains(Versions(), v) {
		return nil, fmt.Errorf("%w %q (want v1, v2 or v3)", ErrUnknownVersion, v)
	}
	if !slices.Contains(names, name) {
		return nil, fmt.Errorf("%w %q (want one of %v)", ErrUnknownView, name, names)
	}
	return files.ReadFile(path.Join("views", string(v), name+".json"))
}

// Definition returns the parsed ViewDefinition of view name for version v,
// with opts applied.
func Definition(v Version, name string, opts ...Option) (*view.Definition, error) {
	var cfg config
	for _, o := range opts {
		if o == nil {
			return nil, errors.New("bcda: nil Option")
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	data, err := JSON(v, name)
	if err != nil {
		return nil, err
	}
	d, err := view.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("bcda: %s/%s: %w", v, name, err)
	}
	if cfg.allVersions {
		d.Where = slices.DeleteFunc(d.Where, func(w view.Where) bool { return w.Path == CurrentVersionWhere })
	}
	return d, nil
}

// Compile returns view name for version v, compiled and ready to run.
func Compile(v Version, name string, opts ...Option) (*view.View, error) {
	d, err := Definition(v, name, opts...)
	if err != nil {
		return nil, err
	}
	cv, err := view.Compile(d, view.Shareable())
	if err != nil {
		return nil, fmt.Errorf("bcda: %s/%s: %w", v, name, err)
	}
	return cv, nil
}

// All returns every built-in view for version v, compiled, in [Names] order.
func All(v Version, opts ...Option) ([]*view.View, error) {
	out := make([]*view.View, 0, len(names))
	for _, n := range names {
		cv, err := Compile(v, n, opts...)
		if err != nil {
			return nil, err
		}
		out = append(out, cv)
	}
	return out, nil
}
