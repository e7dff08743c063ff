package fhirpath

import "strings"

// fhirTypes are the FHIR R4 data types a choice element value[x] can take
// (https://hl7.org/fhir/R4/datatypes.html and the "Open" type list of
// https://hl7.org/fhir/R4/datatypes.html#open), by the suffix they give the
// element name: valueQuantity → Quantity, deceasedBoolean → boolean.
var fhirTypes = map[string]string{}

func init() {
	for _, t := range []string{
		"base64Binary", "boolean", "canonical", "code", "date", "dateTime", "decimal", "id",
		"instant", "integer", "integer64", "markdown", "oid", "positiveInt", "string", "time",
		"unsignedInt", "uri", "url", "uuid",
		"Address", "Age", "Annotation", "Attachment", "CodeableConcept", "CodeableReference",
		"Coding", "ContactDetail", "ContactPoint", "Contributor", "Count", "DataRequirement",
		"Distance", "Dosage", "Duration", "Expression", "HumanName", "Identifier", "Meta",
		"Money", "ParameterDefinition", "Period", "Quantity", "Range", "Ratio", "RatioRange",
		"Reference", "RelatedArtifact", "SampledData", "Signature", "Timing", "TriggerDefinition",
		"UsageContext", "Availability", "ExtendedContactDetail",
	} {
		fhirTypes[strings.ToUpper(t[:1])+t[1:]] = t
	}
}

// stringTypes are the FHIR primitive types represented as JSON strings.
var stringTypes = map[string]bool{
	"base64Binary": true, "canonical": true, "code": true, "date": true, "dateTime": true,
	"id": true, "instant": true, "markdown": true, "oid": true, "string": true, "time": true,
	"uri": true, "url": true, "uuid": true, "xhtml": true, "integer64": true,
}

var intTypes = map[string]bool{"integer": true, "positiveInt": true, "unsignedInt": true, "integer64": true}

// systemType maps FHIRPath's System types to the FHIR types they cover.
func systemMatch(sys, fhirType string, k Kind) bool {
	switch sys {
	case "String":
		return k == KString || stringTypes[fhirType] && k != KDate && k != KDateTime && k != KTime
	case "Boolean":
		return k == KBool
	case "Integer":
		return k == KInt
	case "Decimal":
		return k == KDecimal
	case "Date":
		return k == KDate
	case "DateTime":
		return k == KDateTime
	case "Time":
		return k == KTime
	}
	return false
}

// IsPrimitive reports whether t names a FHIR primitive type.
func IsPrimitive(t string) bool {
	return stringTypes[t] || intTypes[t] || t == "boolean" || t == "decimal"
}

// NormalizeType strips a type URI or namespace down to the FHIR type name:
// "http://hl7.org/fhir/StructureDefinition/string" and "FHIR.string" both
// give "string".
func NormalizeType(t string) string {
	t = strings.TrimPrefix(t, "http://hl7.org/fhir/StructureDefinition/")
	t = strings.TrimPrefix(t, "FHIR.")
	return t
}
