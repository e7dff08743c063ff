package export

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bcda-go/bcda/fhir"
)

// Manifest is a completed job's list of files.
type Manifest struct {
	// TransactionTime is what BCDA reports the export's data as of; use it
	// as the since of the next incremental export, as BCDA's documentation
	// recommends. Its meaning differs by version (bcda-server.md §4.1): on
	// v1 and v2 it is the data backend's last load time (BFD's bundle
	// meta.lastUpdated), on v3 the time the job was prepared.
	TransactionTime time.Time `json:"transactionTime"`
	// Request is the kick-off URL.
	Request string `json:"request"`
	// RequiresAccessToken says whether file downloads need the bearer
	// token. Export sends it only to the API's own origin either way.
	RequiresAccessToken bool `json:"requiresAccessToken"`
	// Output lists the data files: one entry per file, several per type.
	Output []File `json:"output"`
	// Error lists OperationOutcome files: failures for some beneficiaries
	// and, on v3, warnings-and-info.ndjson (warnings, not failures).
	Error []File `json:"error"`
	// Deleted lists Bundle files of deletions (bulk data 2.0; BCDA sends
	// none).
	Deleted []File `json:"deleted,omitempty"`
	// JobID is BCDA's job number (its non-standard "JobID" field).
	JobID int `json:"JobID,omitempty"`

	// next is a partial manifest's link to the next page, which Poll and
	// Wait follow, merging every page into one manifest.
	next string
}

// File is one file of a manifest.
type File struct {
	// Type is the resource type of every line (OperationOutcome for error
	// files).
	Type fhir.ResourceType `json:"type"`
	// URL is the absolute download URL.
	URL string `json:"url"`
	// Count is the number of resources when the server says (BCDA does
	// not); 0 means unknown.
	Count int `json:"count,omitempty"`
}

type wireManifest struct {
	TransactionTime     string          `json:"transactionTime"`
	Request             string          `json:"request"`
	RequiresAccessToken bool            `json:"requiresAccessToken"`
	Output              []File          `json:"output"`
	Error               []File          `json:"error"`
	Deleted             []File          `json:"deleted"`
	JobID               json.RawMessage `json:"JobID"`
	Link                []struct {
		Relation string `json:"relation"`
		URL      string `json:"url"`
	} `json:"link"`
}

// decodeManifest reads one manifest page; file and next URLs are resolved
// against the page's own URL.
func decodeManifest(r io.Reader, base *url.URL) (*Manifest, error) {
	var w wireManifest
	if err := json.NewDecoder(r).Decode(&w); err != nil {
		return nil, fmt.Errorf("export: decoding manifest: %w", err)
	}
	m := &Manifest{
		Request:             w.Request,
		RequiresAccessToken: w.RequiresAccessToken,
	}
	if w.TransactionTime != "" {
		t, err := time.Parse(time.RFC3339Nano, w.TransactionTime)
		if err != nil {
			return nil, fmt.Errorf("export: manifest transactionTime %q: %w", w.TransactionTime, err)
		}
		m.TransactionTime = t
	}
	if len(w.JobID) > 0 && string(w.JobID) != "null" {
		s := strings.Trim(string(w.JobID), `"`)
		if id, err := strconv.Atoi(s); err == nil {
			m.JobID = id
		}
	}
	var err error
	if m.Output, err = resolveFiles(w.Output, base); err != nil {
		return nil, err
	}
	if m.Error, err = resolveFiles(w.Error, base); err != nil {
		return nil, err
	}
	if m.Deleted, err = resolveFiles(w.Deleted, base); err != nil {
		return nil, err
	}
	if m.Output == nil {
		m.Output = []File{}
	}
	if m.Error == nil {
		m.Error = []File{}
	}
	for _, l := range w.Link {
		if strings.EqualFold(l.Relation, "next") && l.URL != "" {
			u, err := base.Parse(l.URL)
			if err != nil {
				return nil, fmt.Errorf("export: manifest next link %q: %w", l.URL, err)
			}
			m.next = u.String()
		}
	}
	return m, nil
}

func resolveFiles(files []File, base *url.URL) ([]File, error) {
	for i := range files {
		u, err := base.Parse(files[i].URL)
		if err != nil || files[i].URL == "" {
			return nil, fmt.Errorf("export: manifest file URL %q is not a URL", files[i].URL)
		}
		files[i].URL = u.String()
	}
	return files, nil
}

// maxManifestPages stops a server whose next links go round in circles.
const maxManifestPages = 10000

// followPages fetches a partial manifest's remaining pages and merges their
// files into m.
func (j *Job) followPages(ctx context.Context, m *Manifest) error {
	seen := map[string]bool{j.url.String(): true}
	for pages := 1; m.next != ""; pages++ {
		u, err := url.Parse(m.next)
		if err != nil {
			return fmt.Errorf("export: manifest next link: %w", err)
		}
		if seen[m.next] || pages > maxManifestPages {
			return fmt.Errorf("export: manifest pages loop at %s", redact(u))
		}
		seen[m.next] = true
		req, err := j.conn.newRequest(ctx, http.MethodGet, u, "application/json", false)
		if err != nil {
			return err
		}
		resp, err := j.conn.clientFor(u, true).Do(req)
		if err != nil {
			return fmt.Errorf("export: manifest page %s: %w", redact(u), err)
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("export: manifest page %s: %w", redact(u), j.conn.CheckResponse(resp))
		}
		page, err := decodeManifest(resp.Body, u)
		drain(resp.Body)
		if err != nil {
			return err
		}
		m.Output = append(m.Output, page.Output...)
		m.Error = append(m.Error, page.Error...)
		m.Deleted = append(m.Deleted, page.Deleted...)
		m.next = page.next
	}
	return nil
}
