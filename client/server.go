package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bcda-go/bcda/fhir"
)

// maxJSONBody bounds a JSON answer read into memory, far above anything BCDA
// sends, so that a misbehaving server cannot exhaust memory.
const maxJSONBody = 16 << 20

// get sends a GET through hc and returns the response when it is a
// success; otherwise the error is an *APIError (or a transport error).
func (c *Client) get(ctx context.Context, hc *http.Client, rawURL, accept string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, fmt.Errorf("client: %w", err)
	}
	req.Header.Set("Accept", accept)
	req.Header.Set("User-Agent", c.userAgent)
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	if err := checkResponse(resp); err != nil {
		return nil, err
	}
	return resp, nil
}

// getJSON GETs rawURL and decodes its JSON body into v.
func (c *Client) getJSON(ctx context.Context, hc *http.Client, rawURL, accept string, v any) error {
	resp, err := c.get(ctx, hc, rawURL, accept)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxJSONBody)).Decode(v); err != nil {
		return fmt.Errorf("client: GET %s: decoding response: %w", pathOf(rawURL), err)
	}
	return nil
}

// Metadata returns the server's CapabilityStatement (GET /api/vN/metadata,
// no token needed). Version 1 answers in FHIR STU3; its statement is decoded
// leniently: members whose STU3 shape does not fit the R4 struct (an
// operation's definition, codes R4 does not know) are dropped rather than
// failing the call.
func (c *Client) Metadata(ctx context.Context) (*fhir.CapabilityStatement, error) {
	u := c.apiEndpoint("/metadata")
	resp, err := c.get(ctx, c.anon, u, "application/fhir+json, application/json")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxJSONBody))
	if err != nil {
		return nil, fmt.Errorf("client: GET %s: %w", pathOf(u), err)
	}
	cs := new(fhir.CapabilityStatement)
	if err := decodeLenient(body, cs); err != nil {
		return nil, fmt.Errorf("client: GET %s: decoding CapabilityStatement: %w", pathOf(u), err)
	}
	return cs, nil
}

// ServerVersion returns the server's release tag from GET /_version, e.g.
// "r292".
func (c *Client) ServerVersion(ctx context.Context) (string, error) {
	var v struct {
		Version string `json:"version"`
	}
	if err := c.getJSON(ctx, c.anon, c.endpoint("/_version"), "application/json", &v); err != nil {
		return "", err
	}
	return v.Version, nil
}

// Health checks GET /_health once, without retrying. It returns nil when
// the server reports itself healthy, and otherwise an *APIError (BCDA says
// 502 and lists which of its dependencies failed in Body).
func (c *Client) Health(ctx context.Context) error {
	resp, err := c.get(withoutRetry(ctx), c.anon, c.endpoint("/_health"), "application/json")
	if err != nil {
		return err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.Body.Close()
}

// Ingestion is one entry of AttributionStatus: when CMS last loaded an
// attribution file of some type for the ACO.
type Ingestion struct {
	// Type is "last_attribution_update" or "last_runout_update".
	Type string
	// Timestamp is when the file was ingested.
	Timestamp time.Time
}

// The Ingestion types BCDA reports (../shared/reference/bcda-server.md,
// GET /attribution_status).
const (
	ingestionAttribution = "last_attribution_update"
	ingestionRunout      = "last_runout_update"
)

// AttributionStatus returns when the ACO's attribution and runout files
// were last ingested (GET /api/vN/attribution_status). A 404 (ErrNotFound)
// means none has been ingested yet.
func (c *Client) AttributionStatus(ctx context.Context) ([]Ingestion, error) {
	var body struct {
		IngestionDates []struct {
			Timestamp string `json:"timestamp"`
			Type      string `json:"type"`
		} `json:"ingestion_dates"`
	}
	if err := c.getJSON(ctx, c.api, c.apiEndpoint("/attribution_status"), "application/json", &body); err != nil {
		return nil, err
	}
	out := make([]Ingestion, 0, len(body.IngestionDates))
	for _, d := range body.IngestionDates {
		ts, err := parseTimestamp(d.Timestamp)
		if err != nil {
			return nil, fmt.Errorf("client: attribution_status: %s: %w", d.Type, err)
		}
		out = append(out, Ingestion{Type: d.Type, Timestamp: ts})
	}
	return out, nil
}

// parseTimestamp reads RFC 3339, which the server emits, or the Postgres
// form the documentation shows ("2020-12-22 22:31:40.397916+00").
func parseTimestamp(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999Z07", "2006-01-02 15:04:05.999999999Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("unreadable timestamp %q", s)
}

// pathOf returns the path of a URL this package built, for error messages.
func pathOf(rawURL string) string {
	if u, err := url.Parse(rawURL); err == nil {
		return u.Path
	}
	return rawURL
}
