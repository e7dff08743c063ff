package auth

import (
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
