package bcda

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/bcda-go/bcda/fhir/view"
)

func TestJSONErrors(t *testing.T) {
	if _, err := JSON("v4", Claims); !errors.Is(err, ErrUnknownVersion) {
		t.Errorf("JSON(v4): %v, want ErrUnknownVersion", err)
	}
	if _, err := JSON(V3, "claim"); !errors.Is(err, ErrUnknownView) {
		t.Errorf("JSON(claim): %v, want ErrUnknownView", err)
	}
	if _, err := Compile(V3, Claims, nil); err == nil {
		t.Error("Compile with a nil Option: no error")
	}
	if _, err := All(V2, nil); err == nil {
		t.Error("All with a nil Option: no error")
	}
}

// Every built-in view is a Shareable and Tabular ViewDefinition whose name
// is the table name, whose columns are all typed, single-valued and
// documented, and whose first column is the resource key the warehouse
// loader relies on.
func TestViewsAreShareableAndTabular(t *testing.T) {
	for _, v := range Versions() {
		views, err := All(v)
		if err != nil {
			t.Fatal(err)
		}
		if len(views) != len(Names()) {
			t.Fatalf("%s: %d views, want %d", v, len(views), len(Names()))
		}
		for i, cv := range views {
			if cv.Name() != Names()[i] {
				t.Errorf("%s: view %d is %q, want %q", v, i, cv.Name(), Names()[i])
			}
			cols := cv.Columns()
			if cols[0].Path != "getResourceKey()" {
				t.Errorf("%s/%s: first column %s is %q, want getResourceKey()", v, cv.Name(), cols[0].Name, cols[0].Path)
			}
			for _, c := range cols {
				if c.Type == "" || c.Collection || c.Description == "" {
					t.Errorf("%s/%s.%s: type %q, collection %v, description %q: want a type, one value and a description",
						v, cv.Name(), c.Name, c.Type, c.Collection, c.Description)
				}
			}
			data, _ := JSON(v, cv.Name())
			var raw struct {
				URL         string   `json:"url"`
				FHIRVersion []string `json:"fhirVersion"`
				Meta        struct {
					Profile []string `json:"profile"`
				} `json:"meta"`
			}
			if err := json.Unmarshal(data, &raw); err != nil {
				t.Fatal(err)
			}
			wantFHIR := "4.0.1"
			if v == V1 {
				wantFHIR = "3.0.1"
			}
			if raw.URL == "" || !slices.Equal(raw.FHIRVersion, []string{wantFHIR}) ||
				!slices.Contains(raw.Meta.Profile, "https://sql-on-fhir.org/ig/StructureDefinition/TabularViewDefinition") {
				t.Errorf("%s/%s: url %q, fhirVersion %v, profiles %v", v, cv.Name(), raw.URL, raw.FHIRVersion, raw.Meta.Profile)
			}
		}
	}
}

// The claim views, and only they, carry the current-version where, and
// AllVersions removes exactly that where.
func TestAllVersionsRemovesOnlyTheCurrentVersionWhere(t *testing.T) {
	for _, v := range Versions() {
		for _, n := range Names() {
			d, err := Definition(v, n)
			if err != nil {
				t.Fatal(err)
			}
			all, err := Definition(v, n, AllVersions())
			if err != nil {
				t.Fatal(err)
			}
			claim := n != Beneficiaries && n != Enrollment
			has := slices.ContainsFunc(d.Where, func(w view.Where) bool { return w.Path == CurrentVersionWhere })
			if has != claim {
				t.Errorf("%s/%s: current-version where present %v, want %v", v, n, has, claim)
			}
			if len(all.Where) != len(d.Where)-btoi(has) {
				t.Errorf("%s/%s: AllVersions left %d wheres of %d", v, n, len(all.Where), len(d.Where))
			}
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Definition returns a fresh copy each time: changing one must not change
// the embedded view the next caller gets.
func TestDefinitionIsACopy(t *testing.T) {
	d, _ := Definition(V3, Claims)
	d.Where = nil
	again, _ := Definition(V3, Claims)
	if len(again.Where) == 0 {
		t.Fatal("a caller's change leaked into the built-in view")
	}
	a, _ := JSON(V3, Claims)
	a[0] = 'x'
	b, _ := JSON(V3, Claims)
	if bytes.Equal(a, b) {
		t.Fatal("JSON returned shared bytes")
	}
}
