package export

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/bcda-go/bcda/internal/origin"
	"github.com/bcda-go/bcda/internal/seam"
)

// connection is the client's seam.Conn, with the methods export needs.
type connection seam.Conn

const (
	mediaFHIRJSON   = "application/fhir+json"
	mediaFHIRNDJSON = "application/fhir+ndjson"
)

func (c *connection) validate() error {
	switch {
	case c.BaseURL == nil || !c.BaseURL.IsAbs():
		return errors.New("export: Conn.BaseURL must be an absolute URL")
	case c.API == nil || c.Anonymous == nil:
		return errors.New("export: Conn.API and Conn.Anonymous are required")
	case c.CheckResponse == nil:
		return errors.New("export: Conn.CheckResponse is required")
	}
	switch c.Version {
	case "v1", "v2", "v3":
		return nil
	}
	return invalidf("API version %q: want v1, v2 or v3", c.Version)
}

// jobURL is the status URL of the job with this ID, or false for a text no
// job ID can be: empty, "." or "..", or holding a "/", any of which would
// name another path. JoinPath takes escaped path elements, so the ID is
// escaped first: "a%2Fb" stays those five characters.
func (c *connection) jobURL(id string) (*url.URL, bool) {
	if id == "" || id == "." || id == ".." || strings.Contains(id, "/") {
		return nil, false
	}
	return c.apiURL("jobs", url.PathEscape(id)), true
}

// apiURL joins elements under BaseURL's path, so a base mounted under a
// prefix keeps it.
func (c *connection) apiURL(elem ...string) *url.URL {
	u := c.BaseURL.JoinPath(append([]string{"api", c.Version}, elem...)...)
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path
		u.RawPath = ""
	}
	return u
}

func (c *connection) newRequest(ctx context.Context, method string, u *url.URL, accept string, preferAsync bool) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, u.String(), nil)
	if err != nil {
		return nil, err
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	if preferAsync {
		req.Header.Set("Prefer", "respond-async")
	}
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	return req, nil
}

// clientFor picks the http.Client for a URL: the token goes only to the base
// origin, and only when the caller says the URL needs one.
func (c *connection) clientFor(u *url.URL, tokenWanted bool) *http.Client {
	if tokenWanted && origin.Same(u, c.BaseURL) {
		return c.API
	}
	return c.Anonymous
}

// info logs what a caller would want to see live, such as a kick-off
// waiting for a blocking job.
func (c *connection) info(msg string, args ...any) {
	if c.Logger != nil {
		c.Logger.Info(msg, args...)
	}
}

func (c *connection) debug(msg string, args ...any) {
	if c.Logger != nil {
		c.Logger.Debug(msg, args...)
	}
}

// maxErrorBody bounds what export reads of an error body to classify it.
const maxErrorBody = 64 << 10

// peekBody reads up to maxErrorBody bytes of the body and puts them back, so
// that the client's checkResponse still sees the whole body afterwards.
func peekBody(resp *http.Response) []byte {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(b), resp.Body), resp.Body}
	return b
}

// drain reads a little of a body we do not need so the connection can be
// reused, then closes it.
func drain(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, 4<<10))
	_ = body.Close()
}
