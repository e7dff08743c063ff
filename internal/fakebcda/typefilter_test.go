package fakebcda

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/url"
	"testing"
	"time"
)

func TestServiceDateMatch(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	// A claim billed 2024-03-10 … 2024-03-20 (days inclusive).
	start, end := day("2024-03-10"), day("2024-03-20")
	tests := []struct {
		value string
		want  bool
	}{
		{"2024", true}, {"eq2024-03", true}, {"eq2024-03-10", false}, {"2023", false},
		{"lt2024-03-11", true}, {"lt2024-03-10", false},
		{"gt2024-03-19", true}, {"gt2024-03-20", false},
		{"le2024-03-10", true}, {"le2024-03-09", false},
		{"ge2024-03-20", true}, {"ge2024-03-21", false},
		{"ge2024-03-15T00:00:00Z", true},
	}
	for _, tt := range tests {
		c, ok := parseServiceDate(tt.value)
		if !ok {
			t.Fatalf("parseServiceDate(%q) failed", tt.value)
		}
		if got := c.match(start, end); got != tt.want {
			t.Errorf("%s on 2024-03-10…20 = %v, want %v", tt.value, got, tt.want)
		}
	}
}

// eobPeriods exports EOBs at target and returns each line's billable period.
func eobPeriods(t *testing.T, target string) [][2]time.Time {
	t.Helper()
	e := newExport(t, target)
	var out [][2]time.Time
	for _, f := range e.output {
		_, body, err := e.get(t, f.URL)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(body))
		sc.Buffer(nil, 4<<20)
		for sc.Scan() {
			var eob struct {
				BillablePeriod struct{ Start, End string } `json:"billablePeriod"`
			}
			if err := json.Unmarshal(sc.Bytes(), &eob); err != nil {
				t.Fatal(err)
			}
			s, _ := time.Parse(time.DateOnly, eob.BillablePeriod.Start)
			en, _ := time.Parse(time.DateOnly, eob.BillablePeriod.End)
			out = append(out, [2]time.Time{s, en})
		}
	}
	return out
}

// TestTypeFilterApplied: on v3 a service-date _typeFilter selects the
// EOBs; v1 and v2 ignore _typeFilter, even a malformed one, as bcda-app's
// validateTypeFilterParameter returns early for them.
func TestTypeFilterApplied(t *testing.T) {
	all := eobPeriods(t, "/api/v3/Patient/$export?_type=ExplanationOfBenefit")
	cut := time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC)
	tf := url.QueryEscape("ExplanationOfBenefit?service-date=ge2024-12-01")
	got := eobPeriods(t, "/api/v3/Patient/$export?_type=ExplanationOfBenefit&_typeFilter="+tf)
	if len(got) == 0 || len(got) >= len(all) {
		t.Fatalf("filtered %d of %d EOBs: want some, not all", len(got), len(all))
	}
	for _, p := range got {
		if p[1].Before(cut) {
			t.Errorf("EOB ending %s passed service-date=ge2024-12-01", p[1].Format(time.DateOnly))
		}
	}
	want := 0
	for _, p := range all {
		if !p[1].Before(cut) {
			want++
		}
	}
	if len(got) != want {
		t.Errorf("filtered %d EOBs, want the %d that end on or after the cut", len(got), want)
	}
	for _, v := range []string{"v1", "v2"} {
		base := eobPeriods(t, "/api/"+v+"/Patient/$export?_type=ExplanationOfBenefit")
		for _, filter := range []string{tf, "not-even-a-filter", url.QueryEscape("Patient?x=y")} {
			if n := len(eobPeriods(t, "/api/"+v+"/Patient/$export?_type=ExplanationOfBenefit&_typeFilter="+filter)); n != len(base) {
				t.Errorf("%s with _typeFilter=%s: %d EOBs, want all %d", v, filter, n, len(base))
			}
		}
	}
}

// TestServiceDatePrefixes: BFD supports eq, lt, gt, le, ge only; the others
// are 400 "invalid service-date value" (bcda-app
// validateServiceDateSubqueryParameter).
func TestServiceDatePrefixes(t *testing.T) {
	s := New()
	defer s.Close()
	a := bearer(t, s, guideXS)
	for _, p := range []string{"eq", "lt", "gt", "le", "ge", "ne", "sa", "eb", "ap"} {
		tf := url.QueryEscape("ExplanationOfBenefit?service-date=" + p + "2024-01-01")
		w := do(t, s, "GET", "/api/v3/Patient/$export?_type=ExplanationOfBenefit&_typeFilter="+tf, kickoffHeaders(a)...)
		ok := p == "eq" || p == "lt" || p == "gt" || p == "le" || p == "ge"
		if ok && w.Code != 202 || !ok && (w.Code != 400 || !bytes.Contains(w.Body.Bytes(), []byte("invalid service-date value: "+p+"2024-01-01"))) {
			t.Errorf("%s: %d %s", p, w.Code, w.Body)
		}
	}
}
