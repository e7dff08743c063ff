package auth

import (
	"context"
	"fmt"
	"time"
)

// Token is a bearer access token and the time it stops being accepted.
//
// A Token never prints its access token: String and every fmt verb (%#v
// included) show only whether it is set and when it expires, so a Token may
// be logged.
type Token struct {
	AccessToken string
	Expiry      time.Time
}

// valid reports whether t is set and still has more than leeway left before
// it expires. A zero Expiry means the token never expires.
func (t Token) valid(leeway time.Duration) bool {
	if t.AccessToken == "" {
		return false
	}
	return t.Expiry.IsZero() || time.Now().Add(leeway).Before(t.Expiry)
}

// String describes the token without revealing it.
func (t Token) String() string {
	if t.AccessToken == "" {
		return "Token{<empty>}"
	}
	if t.Expiry.IsZero() {
		return "Token{<redacted>}"
	}
	return "Token{<redacted>, expires " + t.Expiry.UTC().Format(time.RFC3339) + "}"
}

// Format applies to every verb (%v, %+v, %s, %q, %x …) so that no format
// string can print the access token.
func (t Token) Format(f fmt.State, _ rune) { fmt.Fprint(f, t.String()) }

// TokenSource supplies bearer tokens. Implementations must be safe for
// concurrent use.
//
// Token returns a token that is valid now, fetching a new one when needed.
// Invalidate tells the source that the server rejected t (HTTP 401); the
// source must stop returning t, but must keep a newer token it may have
// obtained in the meantime.
type TokenSource interface {
	Token(ctx context.Context) (Token, error)
	Invalidate(t Token)
}

// StaticTokenSource returns a TokenSource that always returns t and cannot
// replace it: Invalidate does nothing, so a rejected token stays rejected. It
// suits tests and tokens obtained outside this package. An empty t makes
// every Token call fail with an error matching ErrNoCredentials.
func StaticTokenSource(t Token) TokenSource { return static{t} }

type static struct{ tok Token }

func (s static) Token(context.Context) (Token, error) {
	if s.tok.AccessToken == "" {
		return Token{}, errEmptyStatic
	}
	return s.tok, nil
}

var errEmptyStatic = fmt.Errorf("auth: StaticTokenSource holds no token: %w", ErrNoCredentials)

func (static) Invalidate(Token) {}

// Format keeps every verb from printing the token.
func (s static) Format(f fmt.State, _ rune) {
	fmt.Fprint(f, "auth.StaticTokenSource("+s.tok.String()+")")
}
