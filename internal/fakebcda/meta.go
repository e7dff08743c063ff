package fakebcda

import (
	"encoding/json"
	"net/http"
	"time"
)

// releaseDate is the date the CapabilityStatement gives for the release.
var releaseDate = time.Date(2026, 8, 21, 0, 0, 0, 0, time.UTC)

// serveInfo answers /_version, /_health and /_auth.
func (s *Server) serveInfo(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/_version":
		writeJSON(w, http.StatusOK, map[string]string{"version": s.cfg.releaseVersion})
	case "/_health":
		// BCDA writes the status before any Content-Type, so net/http
		// sniffs the JSON body as text/plain.
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"database":"ok","ssas":"ok","ssas_introspect":"ok"}`))
	case "/_auth":
		writeJSON(w, http.StatusOK, map[string]string{"auth_provider": "ssas", "version": s.cfg.releaseVersion})
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// serveAttribution is GET /api/vN/attribution_status.
func (s *Server) serveAttribution(w http.ResponseWriter, r *http.Request, version string) {
	if _, ok := s.requireToken(w, r, version); !ok {
		return
	}
	type status struct {
		Timestamp time.Time `json:"timestamp"`
		Type      string    `json:"type"`
	}
	resp := struct {
		Data []status `json:"ingestion_dates"`
	}{[]status{
		{time.Date(2026, 1, 12, 22, 31, 40, 397916000, time.UTC), "last_attribution_update"},
		{s.cfg.runoutIngested, "last_runout_update"}, // WithRunoutIngestion
	}}
	w.Header().Set("Content-Type", "application/json")
	// json.Encoder, as BCDA: the body ends with a newline.
	_ = json.NewEncoder(w).Encode(resp)
}

// R4 CapabilityStatement pieces in the field order of BCDA's own r4 models.
type (
	r4Coding struct {
		System  string `json:"system,omitempty"`
		Code    string `json:"code,omitempty"`
		Display string `json:"display,omitempty"`
	}
	r4Concept struct {
		Coding []r4Coding `json:"coding,omitempty"`
		Text   string     `json:"text,omitempty"`
	}
	r4Extension struct {
		URL       string        `json:"url"`
		ValueURI  string        `json:"valueUri,omitempty"`
		Extension []r4Extension `json:"extension,omitempty"`
	}
	r4Security struct {
		Cors      bool          `json:"cors,omitempty"`
		Service   []r4Concept   `json:"service,omitempty"`
		Extension []r4Extension `json:"extension,omitempty"`
	}
	r4Operation struct {
		Name          string `json:"name"`
		Definition    string `json:"definition"`
		Documentation string `json:"documentation,omitempty"`
	}
	r4SearchParam struct {
		Name          string `json:"name"`
		Type          string `json:"type"`
		Documentation string `json:"documentation,omitempty"`
	}
	r4Resource struct {
		Type        string          `json:"type"`
		Operation   []r4Operation   `json:"operation,omitempty"`
		SearchParam []r4SearchParam `json:"searchParam,omitempty"`
	}
	r4Interaction struct {
		Code string `json:"code"`
	}
	r4Rest struct {
		Mode        string          `json:"mode"`
		Security    *r4Security     `json:"security,omitempty"`
		Interaction []r4Interaction `json:"interaction,omitempty"`
		Resource    []r4Resource    `json:"resource,omitempty"`
		Operation   []r4Operation   `json:"operation,omitempty"`
	}
	r4Software struct {
		Name        string `json:"name"`
		Version     string `json:"version,omitempty"`
		ReleaseDate string `json:"releaseDate,omitempty"`
	}
	r4Implementation struct {
		Description string `json:"description,omitempty"`
		URL         string `json:"url,omitempty"`
	}
	r4Capability struct {
		ResourceType   string           `json:"resourceType"`
		Status         string           `json:"status"`
		Date           string           `json:"date"`
		Publisher      string           `json:"publisher,omitempty"`
		Kind           string           `json:"kind"`
		Instantiates   []string         `json:"instantiates,omitempty"`
		Software       r4Software       `json:"software"`
		Implementation r4Implementation `json:"implementation"`
		FhirVersion    string           `json:"fhirVersion"`
		Format         []string         `json:"format"`
		Rest           []r4Rest         `json:"rest,omitempty"`
	}
)

const implementationText = "The Beneficiary Claims Data API (BCDA) enables Accountable Care Organizations (ACOs) participating in the Shared Savings Program to retrieve Medicare Part A, Part B, and Part D claims data for their prospectively assigned or assignable beneficiaries."

// serveMetadata is GET /api/vN/metadata: a CapabilityStatement, STU3 for v1
// and R4 for v2 and v3, with the token URL in the oauth-uris extension.
func (s *Server) serveMetadata(w http.ResponseWriter, r *http.Request, version string) {
	base := requestScheme(r) + "://" + r.Host
	api := base + "/api/" + version
	date := releaseDate.Format("2006-01-02")
	security := r4Security{
		Cors: true,
		Service: []r4Concept{{
			Coding: []r4Coding{{System: "http://terminology.hl7.org/CodeSystem/restful-security-service", Code: "OAuth", Display: "OAuth"}},
			Text:   "OAuth",
		}},
		Extension: []r4Extension{{
			URL:       "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
			Extension: []r4Extension{{URL: "token", ValueURI: base + "/auth/token"}},
		}},
	}
	interactions := []r4Interaction{{"batch"}, {"search-system"}}
	ops := []struct{ name, def string }{
		{"patient-export", api + "/Patient/$export"},
		{"group-export", api + "/Group/[id]/$export"},
		{"jobs", api + "/jobs/[jobId]"},
		{"metadata", api + "/metadata"},
		{"version", base + "/_version"},
		{"data", base + "/data/[jobID]/[random_UUID].ndjson"},
	}
	if version == "v1" {
		// bcda-app CreateCapabilityStatement (bcda/responseutils/writer.go):
		// STU3, date and releaseDate are the time of the request, the data
		// backend's /baseDstu3/metadata/ is instantiated (here the fake
		// itself stands in for BB_SERVER_LOCATION), and only the two export
		// operations appear, pointing at the HL7 OperationDefinitions.
		type ref struct {
			Reference string `json:"reference"`
		}
		type op struct {
			Name       string `json:"name"`
			Definition ref    `json:"definition"`
		}
		type rest struct {
			Mode        string          `json:"mode"`
			Security    *r4Security     `json:"security,omitempty"`
			Interaction []r4Interaction `json:"interaction,omitempty"`
			Operation   []op            `json:"operation,omitempty"`
		}
		now := s.cfg.clock().UTC().Format("2006-01-02T15:04:05Z")
		writeJSON(w, http.StatusOK, struct {
			ResourceType   string           `json:"resourceType"`
			Status         string           `json:"status"`
			Date           string           `json:"date"`
			Publisher      string           `json:"publisher"`
			Kind           string           `json:"kind"`
			Instantiates   []string         `json:"instantiates"`
			Software       r4Software       `json:"software"`
			Implementation r4Implementation `json:"implementation"`
			FhirVersion    string           `json:"fhirVersion"`
			AcceptUnknown  string           `json:"acceptUnknown"`
			Format         []string         `json:"format"`
			Rest           []rest           `json:"rest"`
		}{
			ResourceType:   "CapabilityStatement",
			Status:         "active",
			Date:           now,
			Publisher:      "Centers for Medicare & Medicaid Services",
			Kind:           "instance",
			Instantiates:   []string{base + "/baseDstu3/metadata/", "http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data"},
			Software:       r4Software{Name: "Beneficiary Claims Data API", Version: s.cfg.releaseVersion, ReleaseDate: now},
			Implementation: r4Implementation{Description: implementationText, URL: base},
			FhirVersion:    "3.0.1",
			AcceptUnknown:  "extensions",
			Format:         []string{"application/json", "application/fhir+json"},
			Rest: []rest{{Mode: "server", Security: &security, Interaction: interactions, Operation: []op{
				{"patient-export", ref{"http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export"}},
				{"group-export", ref{"http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export"}},
			}}},
		})
		return
	}
	rest := r4Rest{Mode: "server", Security: &security, Interaction: interactions}
	for _, o := range ops {
		rest.Operation = append(rest.Operation, r4Operation{Name: o.name, Definition: o.def})
	}
	if version == "v3" {
		rest.Operation[0].Documentation = "Parameters: _since (FHIR instant with zone), _type (Patient, Coverage, ExplanationOfBenefit), _typeFilter (one ExplanationOfBenefit subquery, percent-encoded once)"
		rest.Resource = []r4Resource{{
			Type: "ExplanationOfBenefit",
			SearchParam: []r4SearchParam{
				{"_tag", "token", "System-Type (SharedSystem, NationalClaimsHistory, DDPS) or Final-Action (FinalAction, NotFinalAction), via _typeFilter=ExplanationOfBenefit?_tag=<system>|<code>"},
				{"outcome", "token", "complete or partial, via _typeFilter=ExplanationOfBenefit?outcome=<code>"},
				{"service-date", "date", "via _typeFilter=ExplanationOfBenefit?service-date=[eq|lt|gt|le|ge]<date>"},
			},
		}}
	}
	writeJSON(w, http.StatusOK, r4Capability{
		ResourceType:   "CapabilityStatement",
		Status:         "active",
		Date:           date,
		Publisher:      "Centers for Medicare & Medicaid Services",
		Kind:           "instance",
		Instantiates:   []string{"http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data"},
		Software:       r4Software{Name: "Beneficiary Claims Data API", Version: s.cfg.releaseVersion, ReleaseDate: date},
		Implementation: r4Implementation{Description: implementationText, URL: base},
		FhirVersion:    "4.0.1",
		Format:         []string{"application/json", "application/fhir+json"},
		Rest:           []r4Rest{rest},
	})
}
