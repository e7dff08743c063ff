package client

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/bcda-go/bcda/auth"
	"github.com/bcda-go/bcda/internal/seam"
)

// Version selects the BCDA API version, the path element after /api/.
type Version string

// The BCDA API versions. V1 serves FHIR STU3 3.0.1; V2 and V3 serve FHIR R4
// 4.0.1 (V3, generally available since July 2026, is backed by CMS's IDR and
// follows CARIN Blue Button 2.2.0). V1 and V2 are scheduled to be switched
// off on 30 July 2027.
const (
	V1 Version = "v1"
	V2 Version = "v2"
	V3 Version = "v3"
)

func (v Version) valid() bool { return v == V1 || v == V2 || v == V3 }

// Hosts of the public BCDA environments.
const (
	// SandboxURL is the public sandbox, which serves synthetic data to the
	// credentials in auth.SandboxSmall() … auth.SandboxLarge().
	SandboxURL = "https://sandbox.bcda.cms.gov"
	// ProductionURL is the production API; it admits only allow-listed IPs.
	ProductionURL = "https://api.bcda.cms.gov"
)

// defaultUserAgent is sent when WithUserAgent is not used.
const defaultUserAgent = "bcda-go/0.1 (+https://github.com/bcda-go/bcda)"

// Client talks to one BCDA server with one API version. It is safe for
// concurrent use; create one and share it.
type Client struct {
	base      *url.URL
	version   Version
	userAgent string
	logger    *slog.Logger
	source    auth.TokenSource
	api       *http.Client // retries, bearer token for the base origin
	anon      *http.Client // retries, never a token
}

// baseURL returns a copy of the server's base URL, e.g.
// https://sandbox.bcda.cms.gov.
func (c *Client) baseURL() *url.URL {
	u := *c.base
	return &u
}

// httpClient returns a copy of the client's authenticated HTTP client:
// requests to the base URL's origin carry the bearer token (refreshed and
// replayed once on 401, request body included), requests elsewhere do not,
// and the retry policy applies to all.
func (c *Client) httpClient() *http.Client {
	hc := *c.api
	return &hc
}

// String describes the client without any secret.
func (c *Client) String() string {
	return "client.Client{" + c.base.String() + ", " + string(c.version) + "}"
}

// Format makes every verb print String, %#v included, so no format can
// reach a secret.
func (c *Client) Format(f fmt.State, _ rune) { fmt.Fprint(f, c.String()) }

// exportConn returns what the export package needs for this client's jobs.
func (c *Client) exportConn() seam.Conn {
	return seam.Conn{
		BaseURL:       c.baseURL(),
		Version:       string(c.version),
		API:           c.api,
		Anonymous:     c.anon,
		CheckResponse: checkResponse,
		UserAgent:     c.userAgent,
		Logger:        c.logger,
	}
}
