package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bcda-go/bcda/auth"
)

// TestWalkthrough starts the sandbox on a free port and follows the printed
// curl walkthrough with net/http, then stops it as Ctrl-C would.
func TestWalkthrough(t *testing.T) {
	sb := startSandbox(t)
	var base string
	for _, line := range sb.out {
		if m := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(line); m != nil {
			base = m[1]
		}
	}
	out := strings.Join(sb.out, "\n")
	if base == "" {
		t.Fatalf("no base URL in output:\n%s", out)
	}
	for _, c := range []auth.Credentials{auth.SandboxSmall(), auth.SandboxLarge()} {
		if !strings.Contains(out, c.ClientID) || !strings.Contains(out, c.ClientSecret) {
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
			req.SetBasicAuth(auth.SandboxSmall().ClientID, auth.SandboxSmall().ClientSecret)
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
	m := regexp.MustCompile(`"access_token": "([^"]+)"`).FindStringSubmatch(string(body))
	if m == nil {
		t.Fatalf("token response %q", body)
	}
	token := m[1]
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
	if !strings.HasPrefix(string(plain), `{"`) || strings.Count(string(plain), "\n") != 100 {
		t.Fatalf("download: %.100s", plain)
	}
	sb.stop(t)
}

// sandbox is a running run() on a free loopback port.
type sandbox struct {
	out    []string // what it printed, up to the "Ctrl-C" line
	cancel context.CancelFunc
	errc   chan error
}

// startSandbox runs the command with args plus -addr 127.0.0.1:0 and reads
// its welcome text. stop it as Ctrl-C would.
func startSandbox(t *testing.T, args ...string) *sandbox {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	sb := &sandbox{cancel: cancel, errc: make(chan error, 1)}
	go func() {
		sb.errc <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), pw)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		sb.out = append(sb.out, sc.Text())
		if strings.HasPrefix(sc.Text(), "Ctrl-C") {
			break
		}
	}
	go io.Copy(io.Discard, pr) // the shutdown message; ends when run does
	t.Cleanup(func() { sb.stop(t) })
	return sb
}

// stop cancels the command and checks that it shuts down cleanly; later
// calls do nothing.
func (sb *sandbox) stop(t *testing.T) {
	t.Helper()
	if sb.cancel == nil {
		return
	}
	sb.cancel()
	sb.cancel = nil
	select {
	case err := <-sb.errc:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("sandbox did not stop")
	}
}

// TestWalkthroughWithCurl runs the printed walkthrough itself, as a user
// would paste it, with bash and curl against the sandbox on loopback. Jobs
// complete on the first poll here so that step 4 needs no repeating.
func TestWalkthroughWithCurl(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "gunzip", "sed", "grep", "cut"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed: %v", tool, err)
		}
	}
	sb := startSandbox(t, "-pending-polls", "0", "-progress-polls", "0")
	var script strings.Builder
	var base string
	inWalkthrough := false
	for _, line := range sb.out {
		if m := regexp.MustCompile(`^  BASE=(\S+)$`).FindStringSubmatch(line); m != nil {
			base = m[1]
		}
		switch {
		case strings.HasPrefix(line, "Walkthrough"):
			inWalkthrough = true
		case strings.HasPrefix(line, "Go:"):
			inWalkthrough = false
		case inWalkthrough:
			script.WriteString(strings.TrimPrefix(line, "  ") + "\n")
		}
	}
	if base == "" || !strings.Contains(script.String(), "curl") {
		t.Fatalf("no walkthrough printed; got script:\n%s", script.String())
	}

	cmdCtx, cmdCancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cmdCancel()
	cmd := exec.CommandContext(cmdCtx, "bash", "-e", "-c", script.String())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("walkthrough failed: %v\nscript:\n%s\noutput:\n%s", err, script.String(), out)
	}
	for _, want := range []string{
		`"resourceType":"CapabilityStatement"`,
		"HTTP/1.1 202 Accepted",
		"Content-Location: " + base + "/api/v3/jobs/1",
		"HTTP/1.1 200 OK",
		`"JobID":1`,
		`{"address":[`, // the downloaded Patient NDJSON, gunzipped
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("walkthrough output lacks %q:\n%s", want, out)
		}
	}
	sb.stop(t)
}

// TestHelp: -h is answered with the usage and an error main treats as
// success (exit 0, as bcda-export does); a bad flag is an error.
func TestHelp(t *testing.T) {
	if err := run(context.Background(), []string{"-h"}, io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("run -h = %v, want flag.ErrHelp", err)
	}
	if err := run(context.Background(), []string{"-no-such-flag"}, io.Discard); err == nil || errors.Is(err, flag.ErrHelp) {
		t.Errorf("run -no-such-flag = %v, want a usage error", err)
	}
}
