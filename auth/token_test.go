package auth

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestTokenValid(t *testing.T) {
	now := time.Now()
	tests := []struct {
		tok  Token
		want bool
	}{
		{Token{}, false},
		{Token{AccessToken: "x"}, true},
		{Token{AccessToken: "x", Expiry: now.Add(2 * time.Minute)}, true},
		{Token{AccessToken: "x", Expiry: now.Add(30 * time.Second)}, false},
		{Token{AccessToken: "x", Expiry: now.Add(-time.Second)}, false},
	}
	for _, tt := range tests {
		if got := tt.tok.valid(time.Minute); got != tt.want {
			t.Errorf("%v.valid(1m) = %v", tt.tok, got)
		}
	}
}

func FuzzDecodeToken(f *testing.F) {
	f.Add([]byte(`{"access_token": "abc", "expires_in": "1200", "token_type":"bearer"}`))
	f.Add([]byte(`{"access_token": "abc", "expires_in": 1e400}`))
	f.Add([]byte(`{"access_token": "", "expires_in": "x"}`))
	f.Add([]byte(`not json`))
	sent := time.Unix(1795608000, 0)
	f.Fuzz(func(t *testing.T, b []byte) {
		tok, err := decodeToken(bytes.NewReader(b), sent)
		if err != nil {
			if tok.AccessToken != "" {
				t.Fatal("token returned with an error")
			}
			if len(b) > 3 && strings.Contains(err.Error(), string(b)) {
				t.Fatal("error quotes the response body")
			}
			return
		}
		if tok.AccessToken == "" || !tok.Expiry.After(sent) {
			t.Fatalf("decoded %v", tok)
		}
	})
}
