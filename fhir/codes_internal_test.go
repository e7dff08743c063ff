package fhir

import "testing"

func TestClaimTypeFromCodings(t *testing.T) {
	type cd struct{ system, code string }
	tests := []struct {
		name string
		in   []cd
		want ClaimType
	}{
		{"v3 EOB-TYPE", []cd{{systemEOBType, "HHA"}}, ClaimHHA},
		{"v1/v2 eob-type", []cd{{systemEOBTypeLegacy, "hospice"}}, ClaimHospice},
		{"EOB-TYPE beats CLM-TYPE-CD", []cd{{systemClaimTypeCode, "72"}, {systemEOBType, "DME"}}, ClaimDME},
		{"NCH code alone", []cd{{systemNCHClaimType, "60"}}, ClaimInpatient},
		{"IDR code alone", []cd{{systemClaimTypeCode, "40"}}, ClaimOutpatient},
		{"pharmacy", []cd{{systemFHIRClaimType, "pharmacy"}}, ClaimPDE},
		{"professional is ambiguous", []cd{{systemFHIRClaimType, "professional"}}, ""},
		{"unknown EOB-TYPE code", []cd{{systemEOBType, "XYZ"}}, ""},
		{"nothing", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := claimTypeFromCodings(func(yield func(string, string) bool) {
				for _, c := range tt.in {
					if !yield(c.system, c.code) {
						return
					}
				}
			})
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseMedicarePart(t *testing.T) {
	for in, want := range map[string]MedicarePart{
		"Part A": PartA, "PART B": PartB, "c": PartC, "part-d--123": PartD,
		"part-a": PartA, "Dual Medicare/Medicaid": "", "part-e--1": "", "Part AB": "", "": "",
		"part-ab-1": "",
	} {
		if got := parseMedicarePart(in); got != want {
			t.Errorf("parseMedicarePart(%q) = %q, want %q", in, got, want)
		}
	}
}
