package fhir

import "strings"

// PatientID returns the logical id of the beneficiary a resource is about:
// the Patient's own id, an ExplanationOfBenefit's "patient" reference or a
// Coverage's "beneficiary" reference, with the "Patient/" prefix removed
// (see [ReferenceID]). It is the key that joins the three files of an export.
// It returns "" for a nil resource or a missing reference.
func PatientID[R *Patient | *ExplanationOfBenefit | *Coverage](r R) string {
	switch v := any(r).(type) {
	case *Patient:
		if v != nil && v.Id != nil {
			return *v.Id
		}
	case *ExplanationOfBenefit:
		if v != nil && v.Patient.Reference != nil {
			return ReferenceID(*v.Patient.Reference, TypePatient)
		}
	case *Coverage:
		if v != nil && v.Beneficiary.Reference != nil {
			return ReferenceID(*v.Beneficiary.Reference, TypePatient)
		}
	}
	return ""
}

// ReferenceID extracts the id from a literal FHIR reference to a resource of
// type t: "Patient/123", "https://host/fhir/Patient/123" and
// "Patient/123/_history/2" all give "123". It returns "" when ref does not
// point at a resource of type t (a contained "#id" reference, another type).
func ReferenceID(ref string, t ResourceType) string {
	if i := strings.Index(ref, "/_history/"); i >= 0 {
		ref = ref[:i]
	}
	prefix := string(t) + "/"
	switch {
	case strings.HasPrefix(ref, prefix):
		ref = ref[len(prefix):]
	default:
		i := strings.LastIndex(ref, "/"+prefix)
		if i < 0 {
			return ""
		}
		ref = ref[i+1+len(prefix):]
	}
	if ref == "" || strings.Contains(ref, "/") {
		return ""
	}
	return ref
}
