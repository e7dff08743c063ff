package auth

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
)

// TestSandboxSetsPinned pins the built-in sets to the values the BCDA
// documentation publishes, copied by hand from
// shared/reference/sandbox-credentials.md (CMSgov/bcda-static-site
// src/_data/credentials.yml at commit 68f055e). If CMS rotates a secret,
// update both the function and this table from that file.
func TestSandboxSetsPinned(t *testing.T) {
	tests := []struct {
		name         string
		got          Credentials
		id, secretOK string
	}{
		{"adv.small (100)", SandboxSmall(), "6dc59a4c-ef93-46c0-9c00-02e500e13731",
			"48fe3a3731ee5b68cf4ebeea6d93fa2d9db3396e94f6830f17d7d7c0fa1fb61f413fcde6f6322f84"},
		{"adv.large (10,000)", SandboxLarge(), "f5b6a686-0d7b-4080-873a-e60534fd2995",
			"96ac1483449c652f363396737937f23cdae47a56a116c8a4405dbd54b31d2686f005df502c5c86ab"},
		{"enhancement.small (110)", SandboxREACHSmall(), "7e57394f-eddb-46c7-a87b-a23f14ded95d",
			"2c5130031150cd43afdc24659de2210086f6115fc8d897d7547faaa26c827b53bb70c14089bdeb17"},
		{"enhancement.large (11,000)", SandboxREACHLarge(), "1f4575c9-80ea-425c-9d3e-c2b79e9159da",
			"78389f5e9a9148cfd14832b4dfa89d8ebf3d09e178763ec3cdfee1373068e3b60f66c1bed2c14025"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got.ClientID != tt.id || tt.got.ClientSecret != tt.secretOK {
				t.Errorf("%s = %q / %q…, want the published %q", tt.name, tt.got.ClientID, tt.got.ClientSecret[:8], tt.id)
			}
		})
	}
}

// TestSandboxRotatedHint: a 401 for a built-in set names the rotation and
// the page that publishes the current secrets, and still matches
// ErrInvalidCredentials; a 401 for any other client says nothing of it.
func TestSandboxRotatedHint(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodPost, testTokenURL,
		httpmock.NewStringResponder(http.StatusUnauthorized, "Unauthorized\n"))
	hc := &http.Client{Transport: mt}
	tests := []struct {
		name  string
		creds Credentials
		hint  bool
	}{
		{"small", SandboxSmall(), true},
		{"large", SandboxLarge(), true},
		{"REACH small", SandboxREACHSmall(), true},
		{"REACH large", SandboxREACHLarge(), true},
		{"rotated secret of a built-in ID", Credentials{ClientID: SandboxSmall().ClientID, ClientSecret: "an-older-rotated-secret"}, true},
		{"own credentials", Credentials{ClientID: "mine", ClientSecret: "x"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mustBasic(t, testTokenURL, tt.creds, hc).Token(t.Context())
			if !errors.Is(err, ErrInvalidCredentials) {
				t.Fatalf("err = %v, want ErrInvalidCredentials", err)
			}
			msg := err.Error()
			has := strings.Contains(msg, "CMS rotates the sandbox secrets") && strings.Contains(msg, SandboxCredentialsURL)
			if has != tt.hint {
				t.Errorf("hint present = %v, want %v: %q", has, tt.hint, msg)
			}
			if strings.Contains(msg, tt.creds.ClientSecret) {
				t.Errorf("error text holds the secret: %q", msg)
			}
		})
	}
}
