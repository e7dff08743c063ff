package client

import (
	"errors"
	"net/http"
	"testing"
	"time"

	r4 "github.com/samply/golang-fhir-models/fhir-models/fhir"
)

// stu3Capability has the STU3 shapes R4 rejects: operation.definition is a
// Reference object, and acceptUnknown no longer exists.
const stu3Capability = `{
  "resourceType": "CapabilityStatement",
  "status": "active",
  "date": "2026-08-21",
  "publisher": "Centers for Medicare & Medicaid Services",
  "kind": "capability",
  "software": {"name": "Beneficiary Claims Data API", "version": "r292", "releaseDate": "2026-08-21"},
  "implementation": {"url": "https://bcda.test", "description": "test"},
  "fhirVersion": "3.0.1",
  "acceptUnknown": "extensions",
  "format": ["application/json", "application/fhir+json"],
  "rest": [{
    "mode": "server",
    "security": {"cors": true, "extension": [{"url": "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
      "extension": [{"url": "token", "valueUri": "https://bcda.test/auth/token"}]}]},
    "interaction": [{"code": "batch"}, {"code": "search-system"}],
    "operation": [
      {"name": "export", "definition": {"reference": "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export"}},
      {"name": "group-export", "definition": {"reference": "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export"}}
    ]
  }]
}`

const r4Capability = `{
  "resourceType": "CapabilityStatement",
  "status": "active", "date": "2026-08-21", "kind": "instance", "fhirVersion": "4.0.1",
  "format": ["application/json", "application/fhir+json"],
  "software": {"name": "Beneficiary Claims Data API", "version": "r292"},
  "rest": [{"mode": "server", "operation": [
    {"name": "patient-export", "definition": "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export"}]}]
}`

func TestMetadata(t *testing.T) {
	tests := []struct {
		version Version
		body    string
		fhirV   r4.FHIRVersion
		opDef   string
	}{
		{V1, stu3Capability, r4.FHIRVersion3_0_1, ""},
		{V3, r4Capability, r4.FHIRVersion4_0_1, "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export"},
	}
	for _, tt := range tests {
		t.Run(string(tt.version), func(t *testing.T) {
			c, mt, tk := newMocked(t, WithVersion(tt.version))
			var s seen
			u := testBase + "/api/" + string(tt.version) + "/metadata"
			mt.RegisterResponder(http.MethodGet, u, s.record(200, tt.body, "Content-Type", "application/json"))
			cs, err := c.Metadata(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if cs.FhirVersion != tt.fhirV || cs.Software == nil || cs.Software.Name != "Beneficiary Claims Data API" {
				t.Errorf("decoded %+v", cs)
			}
			if len(cs.Rest) != 1 || len(cs.Rest[0].Operation) == 0 || cs.Rest[0].Operation[0].Definition != tt.opDef {
				t.Errorf("rest = %+v", cs.Rest)
			}
			if s.auth[u][0] != "" || tk.n.Load() != 0 {
				t.Error("metadata must be fetched without a token")
			}
		})
	}
}

func TestMetadataNotJSON(t *testing.T) {
	c, mt, _ := newMocked(t)
	mt.RegisterResponder(http.MethodGet, testBase+"/api/v3/metadata", status(200, "<html>"))
	if _, err := c.Metadata(t.Context()); err == nil {
		t.Fatal("HTML accepted as a CapabilityStatement")
	}
}

func TestServerVersion(t *testing.T) {
	c, mt, _ := newMocked(t)
	mt.RegisterResponder(http.MethodGet, testBase+"/_version", status(200, `{"version":"r292"}`+"\n"))
	v, err := c.ServerVersion(t.Context())
	if err != nil || v != "r292" {
		t.Fatalf("%q, %v", v, err)
	}
}

func TestHealth(t *testing.T) {
	c, mt, _ := newMocked(t)
	mt.RegisterResponder(http.MethodGet, testBase+"/_health",
		sequence(status(200, `{"database":"ok","ssas":"ok","ssas_introspect":"ok"}`),
			status(502, `{"database":"ok","ssas":"ok","ssas_introspect":"unable to reach SSAS"}`)))
	if err := c.Health(t.Context()); err != nil {
		t.Fatalf("healthy: %v", err)
	}
	err := c.Health(t.Context())
	var e *APIError
	if !errors.As(err, &e) || e.StatusCode != 502 || !errors.Is(err, ErrUnavailable) {
		t.Fatalf("unhealthy: %v", err)
	}
	if n := mt.GetCallCountInfo()["GET "+testBase+"/_health"]; n != 2 {
		t.Errorf("Health retried: %d calls", n)
	}
}

func TestAttributionStatus(t *testing.T) {
	c, mt, tk := newMocked(t, WithVersion(V2))
	var s seen
	u := testBase + "/api/v2/attribution_status"
	mt.RegisterResponder(http.MethodGet, u, sequence(
		s.record(200, `{"ingestion_dates":[{"timestamp":"2026-11-01T10:00:00.123456Z","type":"last_attribution_update"},{"timestamp":"2020-12-22 22:31:40.397916+00","type":"last_runout_update"}]}`+"\n"),
		s.record(404, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","diagnostics":"Attribution files not found"}]}`)))
	got, err := c.AttributionStatus(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := []Ingestion{
		{ingestionAttribution, time.Date(2026, 11, 1, 10, 0, 0, 123456000, time.UTC)},
		{ingestionRunout, time.Date(2020, 12, 22, 22, 31, 40, 397916000, time.UTC)},
	}
	if len(got) != 2 || got[0].Type != want[0].Type || !got[0].Timestamp.Equal(want[0].Timestamp) ||
		got[1].Type != want[1].Type || !got[1].Timestamp.Equal(want[1].Timestamp) {
		t.Errorf("got %+v", got)
	}
	if s.auth[u][0] != "Bearer tok-1" || tk.n.Load() != 1 {
		t.Errorf("authorization %q", s.auth[u][0])
	}
	if _, err := c.AttributionStatus(t.Context()); !errors.Is(err, ErrNotFound) {
		t.Errorf("none ingested: %v", err)
	}
}
