package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bcda-go/bcda/auth"
)

// TestWalkthrough starts the sandbox on a free port and follows the printed
// curl walkthrough with net/http, then stops it as Ctrl-C would.
func TestWalkthrough(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	errc := make(chan error, 1)
	go func() {
		errc <- run(ctx, []string{"-addr", "127.0.0.1:0"}, pw)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var base string
	var out strings.Builder
	for sc.Scan() {
		out.WriteString(sc.Text() + "\n")
		if m := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(sc.Text()); m != nil {
			base = m[1]
		}
		if strings.HasPrefix(sc.Text(), "Ctrl-C") {
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if base == "" {
		t.Fatalf("no base URL in output:\n%s", out.String())
	}
	for _, c := range []auth.Credentials{auth.SandboxExtraSmall, auth.SandboxExtraLarge} {
		if !strings.Contains(out.String(), c.ClientID) || !strings.Contains(out.String(), c.ClientSecret) {
			t.Errorf("credentials %s not printed", c.ClientID)
		}
	}

	do := func(method, url string, hdr ...string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(method, url, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		if method == "POST" {
			req.SetBasicAuth(auth.SandboxExtraSmall.ClientID, auth.SandboxExtraSmall.ClientSecret)
		}
		resp, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	_, body := do("POST", base+"/auth/token", "Accept", "application/json")
	token := regexp.MustCompile(`"access_token": "([^"]+)"`).FindStringSubmatch(string(body))[1]
	if resp, _ := do("GET", base+"/api/v3/metadata", "Accept", "application/json"); resp.StatusCode != 200 {
		t.Fatalf("metadata %d", resp.StatusCode)
	}
	resp, _ := do("GET", base+"/api/v3/Patient/$export?_type=Patient,Coverage",
		"Accept", "application/fhir+json", "Prefer", "respond-async", "Authorization", "Bearer "+token)
	job := resp.Header.Get("Content-Location")
	if resp.StatusCode != 202 || job != base+"/api/v3/jobs/1" {
		t.Fatalf("kick-off %d %q", resp.StatusCode, job)
	}
	var manifest struct{ Output []struct{ Type, URL string } }
	for i := 0; ; i++ {
		resp, body = do("GET", job, "Authorization", "Bearer "+token)
		if resp.StatusCode == 200 {
			break
		}
		if resp.StatusCode != 202 || i > 10 {
			t.Fatalf("poll %d", resp.StatusCode)
		}
	}
	if err := json.Unmarshal(body, &manifest); err != nil || len(manifest.Output) != 2 {
		t.Fatalf("manifest %s", body)
	}
	resp, body = do("GET", manifest.Output[0].URL, "Authorization", "Bearer "+token, "Accept-Encoding", "gzip")
	zr, err := gzip.NewReader(strings.NewReader(string(body)))
	if err != nil || resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatal(err, resp.Header)
	}
	plain, _ := io.ReadAll(zr)
	if !strings.HasPrefix(string(plain), `{"`) || strings.Count(string(plain), "\n") != 50 {
		t.Fatalf("download: %.100s", plain)
	}

	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("sandbox did not stop")
	}
}
