// Package phiscan collects the beneficiary identifiers, names and MBIs a
// server sent, from the files of a saved export, so that tests can prove
// that none of them left through a side channel: logs, progress output,
// error texts, state and checkpoint files, manifest.json.
package phiscan

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/bcda-go/bcda/export"
	"github.com/bcda-go/bcda/fhir"
)

// mbiInDiagnostics finds the MBI that BCDA names in an error file's
// diagnostics ("Error retrieving ExplanationOfBenefit for beneficiary MBI
// a1000089833 in ACO …", ../shared/reference/bcda-server.md §7.3).
var mbiInDiagnostics = regexp.MustCompile(`MBI (\S+)`)

// minLen leaves out values shorter than four characters: a three-letter
// given name would match ordinary words.
const minLen = 4

// Collect reads every file of a saved export and returns, sorted and
// without repeats: Patient ids, identifier values (the MBI among them),
// family and given names and "given family"; the patient references of
// ExplanationOfBenefits and the beneficiary references of Coverages; the
// MBIs in error files' diagnostics.
func Collect(files []export.SavedFile) ([]string, error) {
	set := map[string]bool{}
	add := func(s string) {
		if len(s) >= minLen {
			set[s] = true
		}
	}
	for _, sf := range files {
		if err := collectFile(sf, add); err != nil {
			return nil, err
		}
	}
	var all []string
	for k := range set {
		all = append(all, k)
	}
	slices.Sort(all)
	return all, nil
}

func collectFile(sf export.SavedFile, add func(string)) error {
	f, err := os.Open(sf.Path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for line := 1; sc.Scan(); line++ {
		var r struct {
			ID         string `json:"id"`
			Identifier []struct {
				Value string `json:"value"`
			} `json:"identifier"`
			Name []struct {
				Family string   `json:"family"`
				Given  []string `json:"given"`
			} `json:"name"`
			Patient     struct{ Reference string }     `json:"patient"`
			Beneficiary struct{ Reference string }     `json:"beneficiary"`
			Issue       []struct{ Diagnostics string } `json:"issue"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return fmt.Errorf("%s line %d: %w", sf.Name, line, err)
		}
		switch sf.Type {
		case fhir.TypePatient:
			add(r.ID)
			for _, id := range r.Identifier {
				add(id.Value)
			}
			for _, n := range r.Name {
				add(n.Family)
				for _, g := range n.Given {
					add(g)
					add(g + " " + n.Family)
				}
			}
		case fhir.TypeExplanationOfBenefit:
			add(strings.TrimPrefix(r.Patient.Reference, "Patient/"))
		case fhir.TypeCoverage:
			add(strings.TrimPrefix(r.Beneficiary.Reference, "Patient/"))
		case fhir.TypeOperationOutcome:
			for _, is := range r.Issue {
				if m := mbiInDiagnostics.FindStringSubmatch(is.Diagnostics); m != nil {
					add(m[1])
				}
			}
		}
	}
	return sc.Err()
}

// Leaks returns the values of phi that occur in text.
func Leaks(text string, phi []string) []string {
	var found []string
	for _, v := range phi {
		if strings.Contains(text, v) {
			found = append(found, v)
		}
	}
	return found
}

// FromErrorFiles returns the values of phi that the error files of files
// name after "MBI ": a test checks it is not empty, or its scan would not
// cover what BCDA's error diagnostics carry.
func FromErrorFiles(files []export.SavedFile, phi []string) ([]string, error) {
	var text []byte
	for _, f := range files {
		if f.Kind == export.KindError {
			b, err := os.ReadFile(f.Path)
			if err != nil {
				return nil, err
			}
			text = append(text, b...)
		}
	}
	var found []string
	for _, v := range phi {
		if strings.Contains(string(text), "MBI "+v) {
			found = append(found, v)
		}
	}
	return found, nil
}
