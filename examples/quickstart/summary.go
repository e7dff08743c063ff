package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/cockroachdb/apd/v3"

	"github.com/bcda-go/bcda/export"
	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/fhir/stu3"
	"github.com/bcda-go/bcda/ndjson"
)

// summary accumulates what an ACO analyst reads first, one resource at a
// time, so that memory does not grow with the export.
type summary struct {
	now           time.Time
	beneficiaries int
	withMBI       int
	coverage      map[fhir.MedicarePart]int
	activeCov     map[fhir.MedicarePart]int
	claims        map[fhir.ClaimType]int
	claimTotal    int
	paid          apd.Decimal // exact: a float sum of cents drifts
	first, last   time.Time
	issues        map[string]int // error-file issues by severity
	badLines      int
	firstBad      error
}

func newSummary() *summary {
	return &summary{
		now:       time.Now(),
		coverage:  map[fhir.MedicarePart]int{},
		activeCov: map[fhir.MedicarePart]int{},
		claims:    map[fhir.ClaimType]int{},
		issues:    map[string]int{},
	}
}

func (s *summary) patient(mbi string) {
	s.beneficiaries++
	if mbi != "" {
		s.withMBI++
	}
}

func (s *summary) cov(part fhir.MedicarePart, active bool) {
	if part == "" {
		part = "dual/other"
	}
	s.coverage[part]++
	if active {
		s.activeCov[part]++
	}
}

func (s *summary) eob(t fhir.ClaimType, paid *apd.Decimal, hasPaid bool, start, end time.Time) {
	if t == "" {
		t = "unknown"
	}
	s.claims[t]++
	s.claimTotal++
	if hasPaid {
		apd.BaseContext.Add(&s.paid, &s.paid, paid) // BaseContext: exact, no rounding
	}
	if !start.IsZero() && (s.first.IsZero() || start.Before(s.first)) {
		s.first = start
	}
	if end.IsZero() {
		end = start
	}
	if end.After(s.last) {
		s.last = end
	}
}

// bad records a line that did not decode; the iteration goes on.
func (s *summary) bad(err error) {
	s.badLines++
	if s.firstBad == nil {
		s.firstBad = err
	}
}

// readFile streams one file of the manifest through the typed iterator for
// its type and feeds the summary. It returns the resources and the
// (decompressed) bytes read.
func readFile(ctx context.Context, job *export.Job, f export.File, version string, s *summary) (int, int64, error) {
	rc, err := job.Open(ctx, f)
	if err != nil {
		return 0, 0, err
	}
	defer rc.Close()
	cr := &countingReader{r: rc}
	n := 0
	// each walks a typed iterator: a bad line is counted and skipped, any
	// other error (the stream itself failed) ends the file.
	each := func(seq iter.Seq2[bool, error]) error {
		for _, err := range seq {
			if err != nil {
				var le *ndjson.LineError
				if !errors.As(err, &le) {
					return fmt.Errorf("%s: %w", shortURL(f.URL), err)
				}
				s.bad(fmt.Errorf("%s: %w", shortURL(f.URL), err))
				continue
			}
			n++
		}
		return nil
	}
	stu3Data := version == "v1"
	switch {
	case f.Type == fhir.TypePatient && stu3Data:
		err = each(visit(ndjson.Decode[stu3.Patient](cr), func(p *stu3.Patient) { s.patient(stu3.MBI(p)) }))
	case f.Type == fhir.TypePatient:
		err = each(visit(ndjson.Decode[fhir.Patient](cr), func(p *fhir.Patient) { s.patient(fhir.MBI(p)) }))
	case f.Type == fhir.TypeCoverage && stu3Data:
		err = each(visit(ndjson.Decode[stu3.Coverage](cr), func(c *stu3.Coverage) { s.cov(stu3.Part(c), stu3.ActiveOn(c, s.now)) }))
	case f.Type == fhir.TypeCoverage:
		err = each(visit(ndjson.Decode[fhir.Coverage](cr), func(c *fhir.Coverage) { s.cov(fhir.Part(c), fhir.ActiveOn(c, s.now)) }))
	case f.Type == fhir.TypeExplanationOfBenefit && stu3Data:
		err = each(visit(ndjson.Decode[stu3.ExplanationOfBenefit](cr), func(e *stu3.ExplanationOfBenefit) {
			start, end, _ := stu3.BillablePeriod(e)
			paid, ok := stu3.Payment(e)
			s.eob(stu3.ClaimTypeOf(e), paid, ok, start, end)
		}))
	case f.Type == fhir.TypeExplanationOfBenefit:
		err = each(visit(ndjson.Decode[fhir.ExplanationOfBenefit](cr), func(e *fhir.ExplanationOfBenefit) {
			start, end, _ := fhir.BillablePeriod(e)
			paid, ok := fhir.Payment(e)
			s.eob(fhir.ClaimTypeOf(e), paid, ok, start, end)
		}))
	case f.Type == fhir.TypeOperationOutcome:
		err = each(visit(ndjson.Decode[fhir.OperationOutcome](cr), func(o *fhir.OperationOutcome) {
			for _, is := range o.Issue {
				s.issues[is.Severity.Code()]++
			}
		}))
	default:
		// Claim and ClaimResponse (v2) and anything newer: count the lines.
		err = each(visit(ndjson.Lines(cr), func([]byte) {}))
	}
	return n, cr.n, err
}

// visit adapts a typed iterator: fn sees each decoded resource; the result
// yields only whether there was one, and the errors.
func visit[T any](seq iter.Seq2[T, error], fn func(T)) iter.Seq2[bool, error] {
	return func(yield func(bool, error) bool) {
		for v, err := range seq {
			if err == nil {
				fn(v)
			}
			if !yield(err == nil, err) {
				return
			}
		}
	}
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (s *summary) print(out io.Writer) {
	p := func(label, format string, args ...any) {
		fmt.Fprintf(out, "  %-18s %s\n", label, fmt.Sprintf(format, args...))
	}
	fmt.Fprintln(out, "What the ACO analyst sees")
	p("Beneficiaries", "%s (%s with an MBI)", commas(int64(s.beneficiaries)), commas(int64(s.withMBI)))

	var parts []string
	for _, part := range slices.Sorted(maps.Keys(s.coverage)) {
		label := "Part " + string(part)
		if part == "dual/other" {
			label = string(part) // v3's dual Medicare/Medicaid coverage, for instance
		}
		parts = append(parts, fmt.Sprintf("%s %s (%s active)", label, commas(int64(s.coverage[part])), commas(int64(s.activeCov[part]))))
	}
	p("Coverage by part", "%s", orNone(strings.Join(parts, " · ")))

	type kv struct {
		t fhir.ClaimType
		n int
	}
	var claims []kv
	for t, n := range s.claims {
		claims = append(claims, kv{t, n})
	}
	slices.SortFunc(claims, func(a, b kv) int { return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(a.t, b.t)) })
	var cl []string
	for _, c := range claims {
		cl = append(cl, fmt.Sprintf("%s %s", claimLabel(c.t), commas(int64(c.n))))
	}
	p("Claims by type", "%s", orNone(strings.Join(cl, " · ")))
	p("Claims in total", "%s", commas(int64(s.claimTotal)))
	p("Total paid", "%s", dollars(&s.paid))
	if s.first.IsZero() {
		p("Dates covered", "none")
	} else {
		p("Dates covered", "%s to %s (claims' billable periods)", s.first.Format("2006-01-02"), s.last.Format("2006-01-02"))
	}
	if len(s.issues) > 0 {
		var is []string
		for _, sev := range slices.Sorted(maps.Keys(s.issues)) {
			is = append(is, fmt.Sprintf("%s %d", sev, s.issues[sev]))
		}
		p("Error files", "%s", strings.Join(is, " · "))
	}
	if s.badLines > 0 {
		p("Unreadable lines", "%d (first: %v)", s.badLines, s.firstBad)
	}
}

// claimLabel names a claim type as analysts say it.
func claimLabel(t fhir.ClaimType) string {
	switch t {
	case fhir.ClaimCarrier:
		return "carrier"
	case fhir.ClaimInpatient:
		return "inpatient"
	case fhir.ClaimOutpatient:
		return "outpatient"
	case fhir.ClaimPDE:
		return "Part D events"
	case fhir.ClaimSNF:
		return "skilled nursing"
	case fhir.ClaimHHA:
		return "home health"
	case fhir.ClaimHospice:
		return "hospice"
	case fhir.ClaimDME:
		return "DME"
	}
	return string(t)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// commas formats 1234567 as 1,234,567.
func commas(n int64) string {
	if n < 0 {
		return "-" + commas(-n)
	}
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// dollars formats an exact amount as $1,234.56, rounding half up to cents.
// Rounding needs a precision (apd.BaseContext has none, which keeps sums
// exact); 34 digits is IEEE decimal128's, far beyond any Medicare total.
func dollars(d *apd.Decimal) string {
	var cents apd.Decimal
	if _, err := apd.BaseContext.WithPrecision(34).Quantize(&cents, d, -2); err != nil {
		return d.String()
	}
	s := cents.Text('f')
	whole, frac, _ := strings.Cut(s, ".")
	sign := ""
	if strings.HasPrefix(whole, "-") {
		sign, whole = "-", whole[1:]
	}
	var n int64
	fmt.Sscan(whole, &n)
	return sign + "$" + commas(n) + "." + frac
}

// describeServer summarises a CapabilityStatement in one line.
func describeServer(cs *fhir.CapabilityStatement) string {
	name, version := "unknown server", ""
	if cs.Software != nil {
		name = cs.Software.Name
		if cs.Software.Version != nil {
			version = " " + *cs.Software.Version
		}
	}
	return fmt.Sprintf("%s%s, FHIR %s", name, version, cs.FhirVersion.Code())
}
