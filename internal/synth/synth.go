package synth

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/bcda-go/bcda/fhir"
)

// Dataset is one ACO's synthetic population. Same Seed and index → same
// bytes, always.
type Dataset struct {
	Seed          int64 // selects the population
	Beneficiaries int   // population size
}

// Request selects one output file.
type Request struct {
	Version string            // "v1" (FHIR STU3, Blue Button v1 shape), "v2" or "v3" (R4; v3 = CARIN BB 2.2.0 as BCDA v3)
	Type    fhir.ResourceType // Patient, Coverage, ExplanationOfBenefit; Claim, ClaimResponse only for "v2"
	First   int               // first beneficiary index (0-based)
	Count   int               // number of beneficiaries [First, First+Count)
	Since   time.Time         // zero: everything; else only resources whose meta.lastUpdated is after Since
	// ServiceDate, when set, keeps only the ExplanationOfBenefits whose
	// billable period (start and end days, UTC midnight) it accepts: BCDA
	// v3 forwards a _typeFilter service-date to its data backend.
	ServiceDate func(start, end time.Time) bool
}

// Errors returned by [Dataset.Write] for a request it cannot serve; match
// them with errors.Is.
var (
	// ErrVersion: Request.Version is not "v1", "v2" or "v3".
	ErrVersion = errors.New("synth: unknown API version")
	// ErrType: the resource type does not exist for that version (Claim and
	// ClaimResponse are v2 only; OperationOutcome is never a data file).
	ErrType = errors.New("synth: resource type not served for this version")
	// ErrRange: First or Count is negative or the range goes past the
	// population.
	ErrRange = errors.New("synth: beneficiary range outside the dataset")
)

// MaxBeneficiaries is the largest population a Dataset can hold while
// keeping every patient id and MBI unique.
const MaxBeneficiaries = 1 << 29

// Version names as used in BCDA URLs.
const (
	V1 = "v1"
	V2 = "v2"
	V3 = "v3"
)

// Types returns the resource types BCDA serves for version, in the order
// BCDA lists them (nil for an unknown version).
func Types(version string) []fhir.ResourceType {
	switch version {
	case V1, V3:
		return []fhir.ResourceType{fhir.TypePatient, fhir.TypeCoverage, fhir.TypeExplanationOfBenefit}
	case V2:
		return []fhir.ResourceType{fhir.TypePatient, fhir.TypeCoverage, fhir.TypeExplanationOfBenefit, fhir.TypeClaim, fhir.TypeClaimResponse}
	}
	return nil
}

func (r Request) check(d Dataset) error {
	ts := Types(r.Version)
	if ts == nil {
		return fmt.Errorf("%w %q (want v1, v2 or v3)", ErrVersion, r.Version)
	}
	ok := false
	for _, t := range ts {
		ok = ok || t == r.Type
	}
	if !ok {
		return fmt.Errorf("%w: %s is not available in %s (available: %v)", ErrType, r.Type, r.Version, ts)
	}
	if d.Beneficiaries < 0 || d.Beneficiaries > MaxBeneficiaries {
		return fmt.Errorf("%w: a dataset holds 0..%d beneficiaries, not %d", ErrRange, MaxBeneficiaries, d.Beneficiaries)
	}
	if r.First < 0 || r.Count < 0 || r.First > d.Beneficiaries || r.Count > d.Beneficiaries-r.First {
		return fmt.Errorf("%w: [%d, %d+%d) of %d beneficiaries", ErrRange, r.First, r.First, r.Count, d.Beneficiaries)
	}
	return nil
}

// writer carries the per-call state of Write: one reusable line buffer, so
// memory is bounded by the largest resource whatever the file size.
type writer struct {
	d      Dataset
	req    Request
	e      enc
	w      io.Writer
	n      int
	since  int64 // Unix ms; resources must be strictly after it
	filter bool
	count  bool // count resources without rendering them
	// v2Lines is the scratch list of a v2 EOB's line amounts, reused
	// from claim to claim.
	v2Lines []v2Line
	// stu3Lines is the same for v1 EOBs.
	stu3Lines []stu3Line
}

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// Write streams the NDJSON lines of one output file to w (each line ends
// with '\n') and returns how many resources it wrote. It never holds more
// than one resource in memory: each line is passed to w as soon as it is
// complete, with one w.Write call per resource. Write is safe for
// concurrent use: a Dataset holds no state, so files can be generated in
// parallel.
func (d Dataset) Write(w io.Writer, r Request) (int, error) {
	return d.run(w, r, false)
}

func (d Dataset) run(w io.Writer, r Request, count bool) (int, error) {
	if err := r.check(d); err != nil {
		return 0, err
	}
	bp := bufPool.Get().(*[]byte)
	wr := &writer{d: d, req: r, w: w, e: enc{b: (*bp)[:0]}, count: count}
	defer func() {
		if cap(wr.e.b) <= 1<<20 { // don't keep a freak buffer around
			*bp = wr.e.b[:0]
			bufPool.Put(bp)
		}
	}()
	if !r.Since.IsZero() {
		wr.filter = true
		wr.since = r.Since.UnixMilli()
	}
	for i := r.First; i < r.First+r.Count; i++ {
		b := d.bene(i)
		var err error
		switch r.Type {
		case fhir.TypePatient:
			err = wr.patient(&b)
		case fhir.TypeCoverage:
			err = wr.coverages(&b)
		case fhir.TypeExplanationOfBenefit:
			err = wr.eobs(&b)
		case fhir.TypeClaim:
			err = wr.claims(&b)
		case fhir.TypeClaimResponse:
			err = wr.claimResponses(&b)
		}
		if err != nil {
			return wr.n, err
		}
	}
	return wr.n, nil
}

// after reports whether a resource last updated at ms (Unix milliseconds)
// passes the request's Since filter.
func (w *writer) after(ms int64) bool {
	if !w.filter {
		return true
	}
	// lastUpdated has whole milliseconds, so "after Since" is "after the
	// millisecond Since falls in".
	return ms > w.since
}

// flush writes the finished line in the buffer to the destination.
func (w *writer) flush() error {
	w.e.line()
	if _, err := w.w.Write(w.e.b); err != nil {
		return fmt.Errorf("synth: writing %s %s line %d: %w", w.req.Version, w.req.Type, w.n+1, err)
	}
	w.n++
	w.e.reset()
	return nil
}

// Reader returns the output file selected by r as a stream: the generator
// runs in a goroutine feeding a pipe. The reader must be read to EOF or
// closed. Errors (an invalid request) surface from Read.
func (d Dataset) Reader(r Request) io.ReadCloser {
	pr, pw := io.Pipe()
	go func() {
		_, err := d.Write(pw, r)
		pw.CloseWithError(err)
	}()
	return pr
}

// Count returns how many resources Write would write for r without
// rendering them: it draws only what the Since filter needs, so it is
// hundreds of times faster than Write.
func (d Dataset) Count(r Request) (int, error) {
	return d.run(nil, r, true)
}

// skip reports whether the resource last updated at ms is left out, and
// counts it instead when the writer only counts.
func (w *writer) skip(ms int64) bool {
	if !w.after(ms) {
		return true
	}
	if w.count {
		w.n++
		return true
	}
	return false
}
