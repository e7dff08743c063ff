package bcda

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bcda-go/bcda/fhir/view"
)

// render writes a row as text, one value per column separated by " | ",
// with its Go type visible where it matters: ∅ for nil, n:… for a decimal
// (json.Number), i:… for an integer.
func render(r view.Row) string {
	parts := make([]string, len(r))
	for i, v := range r {
		switch v := v.(type) {
		case nil:
			parts[i] = "∅"
		case json.Number:
			parts[i] = "n:" + string(v)
		case int64:
			parts[i] = fmt.Sprintf("i:%d", v)
		case string:
			parts[i] = v
		default:
			parts[i] = fmt.Sprintf("%T:%v", v, v)
		}
	}
	return strings.Join(parts, " | ")
}

// runFixture runs one built-in view over a hand-written fixture file in
// testdata (shapes reproduced from BCDA's real lines, values invented).
func runFixture(t *testing.T, v Version, name string, opts ...Option) []string {
	t.Helper()
	cv, err := Compile(v, name, opts...)
	if err != nil {
		t.Fatal(err)
	}
	file := map[string]string{"Patient": "Patient", "Coverage": "Coverage"}[cv.Resource()]
	if file == "" {
		file = "ExplanationOfBenefit"
	}
	data, err := os.ReadFile(filepath.Join("testdata", string(v)+"_"+file+".ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for row, err := range cv.Rows(context.Background(), bytes.NewReader(data)) {
		if err != nil {
			t.Fatalf("%s/%s: %v", v, name, err)
		}
		got = append(got, render(row))
	}
	return got
}

// fixtureCases are the exact rows each built-in view makes of the
// hand-written fixtures in testdata: per version, beneficiaries with current
// and historic MBIs marked the way that version marks them, Coverage parts,
// and claims including an adjusted claim whose earlier version is
// "cancelled" (outpatient-100 on v2, -11 on v3), which only AllVersions
// keeps.
var fixtureCases = []struct {
	v    Version
	name string
	opts []Option
	want []string
}{
	{V1, "beneficiaries", nil, []string{
		"-20000000000001 | 1S00E00AA66 | 1952-11-17 | ∅ | male | Schneider199 | Werner409 |  | ∅ | 22 | 01030 | 2021-08-17T13:43:00.037-04:00",
	}},
	{V1, "enrollment", nil, []string{
		"part-b--20000000000001 | -20000000000001 | Part B | active | ∅ | ∅ | Part B | ∅ | ∅ | ∅",
	}},
	{V1, "claims", nil, []string{
		"carrier-10300336722 | -20000000000001 | 10300336722 | 44077735787 | CARRIER | 71 | active | ∅ | ∅ | 2000-10-01 | 2000-10-01 | ∅ | ∅ | n:250 | ∅ | ∅ | Coverage/part-b--20000000000001 | ∅",
	}},
	{V1, "claim_lines", nil, []string{
		"carrier-10300336722 | -20000000000001 | CARRIER | i:1 | 45384 | https://bluebutton.cms.gov/resources/codesystem/hcpcs | ∅ | ∅ | ∅ | 99 | ∅ | 2000-10-01 | 2000-10-01 | n:1 | n:850 | n:300 | n:250",
	}},
	{V1, "diagnoses", nil, []string{
		"carrier-10300336722 | -20000000000001 | CARRIER | i:1 | 2113 | http://hl7.org/fhir/sid/icd-9-cm | principal",
	}},
	{V1, "procedures", nil, []string{}},
	{V1, "part_d_events", nil, []string{}},
	{V2, "beneficiaries", nil, []string{
		"567 | 1S00E00AA99 | 1981-03-17 | 2022-01-02T00:00:00+00:00 | male | Doe | John A | 204 SOUTH ST | PODUNK | MO | 12345 | 2023-01-01T00:00:00.000+00:00",
	}},
	{V2, "enrollment", nil, []string{
		"part-a-567 | 567 | Part A | active | 2020-03-17 | ∅ | SUBSIDIZ | ∅ | 1S00E00AA99 | 2023-01-01T00:00:00.000+00:00",
	}},
	{V2, "claims", nil, []string{
		"outpatient-101 | 567 | 101 | 900 | OUTPATIENT | 40 | active | complete | ∅ | 2011-01-24 | 2011-01-24 | ∅ | 4444444444 | n:693.11 | ∅ | n:8888.85 | ∅ | Coverage/part-b-567 | 2023-01-01T00:00:00.000+00:00",
		"pde-89 | 567 | 89 | 900 | PDE | ∅ | active | complete | ∅ | 2015-05-12 | 2015-05-12 | 1023011079 | ∅ | ∅ | 2015-05-27 | ∅ | ∅ | Coverage/part-d-567 | ∅",
	}},
	{V2, "claim_lines", nil, []string{
		"outpatient-101 | 567 | OUTPATIENT | i:25 | M99 | https://bluebutton.cms.gov/resources/codesystem/hcpcs | ∅ | ∅ | 1 | ∅ | 2011-01-24 | ∅ | ∅ | n:77 | n:5 | ∅ | ∅",
		"pde-89 | 567 | PDE | i:1 | 000000000 | http://hl7.org/fhir/sid/ndc | ∅ | ∅ | ∅ | ∅ | 2015-05-12 | ∅ | ∅ | n:60 | ∅ | ∅ | n:126.99",
	}},
	{V2, "diagnoses", nil, []string{
		"outpatient-101 | 567 | OUTPATIENT | i:1 | A40 | http://hl7.org/fhir/sid/icd-10-cm | principal | ∅",
	}},
	{V2, "procedures", nil, []string{
		"outpatient-101 | 567 | OUTPATIENT | i:1 | CD1YYZZ | http://www.cms.gov/Medicare/Coding/ICD10 | 2016-01-16T00:00:00+00:00",
	}},
	{V2, "part_d_events", nil, []string{
		"pde-89 | 567 | 89 | active | 2015-05-12 | 000000000 | Fake Diluent - WATER | n:60 | n:30 | n:3 | 1750384806 | n:235.85 | n:126.99 | n:550",
	}},
	{V3, "beneficiaries", nil, []string{
		"-1 | 1S00E00AA01 | 1940-02-03 | 2024-05-01 | female | Rabbit | Peter Paul |  | ∅ | TX | 77550 | 2026-05-01T10:00:00.000+00:00",
		"-2 | 1S00E00AA02 | 1950 | ∅ | male | ∅ |  | 1 Main St, Apt 2 | AUSTIN | TX | 78701 | ∅",
	}},
	{V3, "enrollment", nil, []string{
		"part-a--1 | -1 | Part A | active | 2019-01-01 | ∅ | 121 | MEDICARE FFS | 1S00E00AA01 | 2026-05-01T10:00:00.000+00:00",
		"part-d--1 | -1 | Part D | cancelled | 2020-01-01 | 2022-06-30 | ∅ | ∅ | 1S00E00AA01 | ∅",
	}},
	{V3, "claims", nil, []string{
		"-10 | -1 | -10 | ∅ | CARRIER | 71 | active | complete | FinalAction | 2025-01-16 | 2025-02-13 | 1111111111 | ∅ | n:12.5 | ∅ | n:100.0 | n:80.25 | Part B | 2026-03-05T21:29:18.902+00:00",
		"-12 | -2 | -12 | ∅ | INPATIENT | 60 | active | complete | FinalAction | 2024-03-01 | 2024-03-06 | 2222222222 | ∅ | n:1200.75 | ∅ | ∅ | ∅ | Part A | 2026-03-05T21:29:18.902+00:00",
		"-13 | -1 | -13 | ∅ | PDE | 1 | active | complete | FinalAction | 2025-04-02 | 2025-04-02 | ∅ | ∅ | ∅ | ∅ | ∅ | ∅ | Part D | 2026-03-05T21:29:18.902+00:00",
	}},
	{V3, "claim_lines", nil, []string{
		"-10 | -1 | CARRIER | i:1 | 99213 | http://www.ama-assn.org/go/cpt | 25 | GT | ∅ | 11 | ∅ | 2025-01-16 | 2025-01-17 | n:0.94 | n:60.0 | n:50.1 | n:40.08",
		"-10 | -1 | CARRIER | i:2 | 99453 | http://www.ama-assn.org/go/cpt | ∅ | ∅ | ∅ | ∅ | 2025-02-13 | ∅ | ∅ | n:1 | ∅ | ∅ | ∅",
		"-12 | -2 | INPATIENT | i:1 | J2270 | https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets | ∅ | ∅ | 0120 | ∅ | ∅ | 2024-03-01 | 2024-03-06 | n:4.45 | n:900.0 | ∅ | n:850.5",
		"-13 | -1 | PDE | i:1 | 00093017101 | http://hl7.org/fhir/sid/ndc | ∅ | ∅ | ∅ | ∅ | 2025-04-02 | ∅ | ∅ | n:60 | ∅ | ∅ | n:21.85",
	}},
	{V3, "diagnoses", nil, []string{
		"-10 | -1 | CARRIER | i:1 | Z63.1 | http://hl7.org/fhir/sid/icd-10-cm | principal | ∅",
		"-10 | -1 | CARRIER | i:2 | E11.69 | http://hl7.org/fhir/sid/icd-10-cm | secondary | ∅",
		"-12 | -2 | INPATIENT | i:1 | I10 | http://hl7.org/fhir/sid/icd-10-cm | principal | Y",
		"-12 | -2 | INPATIENT | i:2 | E78.5 | http://hl7.org/fhir/sid/icd-10-cm | other | N",
	}},
	{V3, "procedures", nil, []string{
		"-12 | -2 | INPATIENT | i:1 | 0DTJ4ZZ | http://www.cms.gov/Medicare/Coding/ICD10 | 2024-03-02",
		"-12 | -2 | INPATIENT | i:2 | 5A1955Z | http://www.cms.gov/Medicare/Coding/ICD10 | 2024-03-03",
	}},
	{V3, "part_d_events", nil, []string{
		"-13 | -1 | -13 | active | 2025-04-02 | 00093017101 | METFORMIN 500MG | n:60 | n:30 | n:2 | 3333333333 | n:4.15 | n:21.85 | ∅",
	}},
	{V2, "claims", []Option{AllVersions()}, []string{
		"outpatient-100 | 567 | 100 | 900 | OUTPATIENT | 40 | cancelled | complete | ∅ | 2011-01-24 | 2011-01-24 | ∅ | 4444444444 | n:600.0 | ∅ | n:8888.85 | ∅ | Coverage/part-b-567 | 2023-01-01T00:00:00.000+00:00",
		"outpatient-101 | 567 | 101 | 900 | OUTPATIENT | 40 | active | complete | ∅ | 2011-01-24 | 2011-01-24 | ∅ | 4444444444 | n:693.11 | ∅ | n:8888.85 | ∅ | Coverage/part-b-567 | 2023-01-01T00:00:00.000+00:00",
		"pde-89 | 567 | 89 | 900 | PDE | ∅ | active | complete | ∅ | 2015-05-12 | 2015-05-12 | 1023011079 | ∅ | ∅ | 2015-05-27 | ∅ | ∅ | Coverage/part-d-567 | ∅",
	}},
	{V3, "claims", []Option{AllVersions()}, []string{
		"-10 | -1 | -10 | ∅ | CARRIER | 71 | active | complete | FinalAction | 2025-01-16 | 2025-02-13 | 1111111111 | ∅ | n:12.5 | ∅ | n:100.0 | n:80.25 | Part B | 2026-03-05T21:29:18.902+00:00",
		"-11 | -2 | -11 | ∅ | INPATIENT | 60 | cancelled | complete | NotFinalAction | 2024-03-01 | 2024-03-05 | 2222222222 | ∅ | n:1000 | ∅ | ∅ | ∅ | Part A | 2026-03-05T21:29:18.902+00:00",
		"-12 | -2 | -12 | ∅ | INPATIENT | 60 | active | complete | FinalAction | 2024-03-01 | 2024-03-06 | 2222222222 | ∅ | n:1200.75 | ∅ | ∅ | ∅ | Part A | 2026-03-05T21:29:18.902+00:00",
		"-13 | -1 | -13 | ∅ | PDE | 1 | active | complete | FinalAction | 2025-04-02 | 2025-04-02 | ∅ | ∅ | ∅ | ∅ | ∅ | ∅ | Part D | 2026-03-05T21:29:18.902+00:00",
	}},
	{V3, "procedures", []Option{AllVersions()}, []string{
		"-11 | -2 | INPATIENT | i:1 | 0DTJ4ZZ | http://www.cms.gov/Medicare/Coding/ICD10 | 2024-03-02",
		"-12 | -2 | INPATIENT | i:1 | 0DTJ4ZZ | http://www.cms.gov/Medicare/Coding/ICD10 | 2024-03-02",
		"-12 | -2 | INPATIENT | i:2 | 5A1955Z | http://www.cms.gov/Medicare/Coding/ICD10 | 2024-03-03",
	}},
}

func TestViewsOverFixtures(t *testing.T) {
	for _, c := range fixtureCases {
		name := string(c.v) + "/" + c.name
		if len(c.opts) > 0 {
			name += "/all-versions"
		}
		t.Run(name, func(t *testing.T) {
			got := runFixture(t, c.v, c.name, c.opts...)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}
