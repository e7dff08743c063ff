package main

import (
	"bytes"
	"context"
	"fmt"
	"github.com/cockroachdb/apd/v3"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/bcda-go/bcda/client/clienttest"
	"github.com/bcda-go/bcda/client/offline"
)

// The quickstart as a newcomer runs it: no credentials, so the built-in
// sandbox, the whole flow, and the analyst's summary at the end.
func TestQuickstartSandbox(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), func(string) string { return "" }, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []string{
		"built-in sandbox",
		"Step 1", "POST /auth/token",
		"Step 2", "FHIR 4.0.1",
		"Step 3", "202 Accepted: job 1",
		"Step 4", "X-Progress: Pending", "200 OK",
		"Step 5", "transactionTime",
		"Step 6", "ExplanationOfBenefit",
		"Beneficiaries      100", "Coverage by part", "Part A", "Claims by type", "carrier", "Total paid         $", "Dates covered",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(got, "Unreadable lines") {
		t.Errorf("the sandbox's data did not all decode:\n%s", got)
	}
	checkConsistent(t, got)
	if t.Failed() {
		t.Log(got)
	}
}

// checkConsistent cross-checks the analyst's figures against the download
// step: claims by type add up to the claims in total, which is the number of
// ExplanationOfBenefit resources downloaded; beneficiaries are the Patients.
func checkConsistent(t *testing.T, out string) {
	t.Helper()
	field := func(label string) string {
		for _, l := range strings.Split(out, "\n") {
			if rest, ok := strings.CutPrefix(strings.TrimSpace(l), label); ok {
				return strings.TrimSpace(rest)
			}
		}
		t.Errorf("no %q line", label)
		return ""
	}
	leadingInt := func(s string) int {
		n, _ := strconv.Atoi(strings.Fields(s + " x")[0])
		return n
	}
	byType := 0
	for _, part := range strings.Split(field("Claims by type"), "·") {
		f := strings.Fields(part)
		if len(f) > 0 {
			n, err := strconv.Atoi(f[len(f)-1])
			if err != nil {
				t.Errorf("claims by type: %q", part)
			}
			byType += n
		}
	}
	total := leadingInt(field("Claims in total"))
	eobs := 0 // one line per EOB file (50 beneficiaries a file)
	for _, l := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), "ExplanationOfBenefit"); ok {
			eobs += leadingInt(strings.TrimSpace(rest))
		}
	}
	if total == 0 || byType != total || total != eobs {
		t.Errorf("claims by type add up to %d, claims in total %d, EOBs downloaded %d: want all equal and > 0", byType, total, eobs)
	}
	if b, p := leadingInt(field("Beneficiaries")), leadingInt(field("Patient")); b == 0 || b != p {
		t.Errorf("%d beneficiaries, %d Patient resources downloaded", b, p)
	}
}

func TestQuickstartHalfCredentials(t *testing.T) {
	env := map[string]string{"BCDA_CLIENT_ID": "x"}
	err := run(context.Background(), func(k string) string { return env[k] }, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "set both") {
		t.Errorf("err = %v", err)
	}
}

func TestFormatting(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := commas(n); got != want {
			t.Errorf("commas(%d) = %q, want %q", n, got, want)
		}
	}
	for in, want := range map[string]string{"0": "$0.00", "1234.5": "$1,234.50", "123.455": "$123.46", "-0.004": "-$0.00", "257663.58": "$257,663.58"} {
		d, _, _ := apd.NewFromString(in)
		if got := dollars(d); got != want {
			t.Errorf("dollars(%s) = %q, want %q", in, got, want)
		}
	}
}

// With credentials in the environment the quickstart uses BCDA_BASE_URL and
// BCDA_API_VERSION; v1 exercises the STU3 decoding (v2 decodes like v3).
func TestQuickstartWithCredentials(t *testing.T) {
	for _, version := range []string{"v1"} {
		t.Run(version, func(t *testing.T) {
			srv := clienttest.NewServer(t, offline.Polls(0, 0))
			env := map[string]string{
				"BCDA_CLIENT_ID":     srv.Credentials.ClientID,
				"BCDA_CLIENT_SECRET": srv.Credentials.ClientSecret,
				"BCDA_BASE_URL":      srv.URL,
				"BCDA_API_VERSION":   version,
			}
			var out bytes.Buffer
			if err := run(context.Background(), func(k string) string { return env[k] }, &out); err != nil {
				t.Fatalf("run: %v\n%s", err, out.String())
			}
			got := out.String()
			for _, want := range []string{"Server   " + srv.URL, "API      " + version, "Beneficiaries      100", "Claims by type", "Total paid"} {
				if !strings.Contains(got, want) {
					t.Errorf("output lacks %q\n%s", want, got)
				}
			}
			if strings.Contains(got, "Unreadable lines") {
				t.Errorf("data did not all decode:\n%s", got)
			}
			checkConsistent(t, got)
			if !regexp.MustCompile(`Total paid\s+\$[1-9][0-9,]*\.[0-9]{2}\n`).MatchString(got) {
				t.Errorf("no total paid in dollars and cents:\n%s", got)
			}
			if n := srv.Exports(); n != 1 {
				t.Errorf("%d kick-offs on %s", n, version)
			}
		})
	}
}

// Wrong credentials: the error says so and hints where the sandbox values are.
func TestQuickstartBadCredentials(t *testing.T) {
	srv := clienttest.NewServer(t)
	env := map[string]string{"BCDA_CLIENT_ID": "nobody", "BCDA_CLIENT_SECRET": "wrong", "BCDA_BASE_URL": srv.URL}
	err := run(context.Background(), func(k string) string { return env[k] }, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "401") || !strings.Contains(err.Error(), "auth.SandboxSmall()") {
		t.Errorf("err = %v", err)
	}
	if strings.Contains(fmt.Sprint(err), "wrong") {
		t.Errorf("the error reveals the secret: %v", err)
	}
	if n := srv.Requests("GET", "/api/"); n != 0 {
		t.Errorf("%d API requests after the token was refused", n)
	}
}
