package auth

import (
	"errors"
	"fmt"
	"os"
)

// Credentials are a BCDA client ID and secret, exchanged for bearer tokens
// with HTTP Basic at POST /auth/token.
type Credentials struct {
	ClientID     string
	ClientSecret string
}

// String identifies the credentials without revealing the secret, so a
// Credentials value is safe to print or log.
func (c Credentials) String() string {
	if c.ClientSecret == "" {
		return "Credentials{ClientID: " + c.ClientID + ", ClientSecret: <empty>}"
	}
	return "Credentials{ClientID: " + c.ClientID + ", ClientSecret: <redacted>}"
}

// Format makes every verb print String, %#v included: without it, verbs
// that ignore String (%d, %t …) would print the fields, secret included.
func (c Credentials) Format(f fmt.State, _ rune) { fmt.Fprint(f, c.String()) }

// Environment variables read by CredentialsFromEnv.
const (
	envClientID     = "BCDA_CLIENT_ID"
	envClientSecret = "BCDA_CLIENT_SECRET"
)

// ErrNoCredentials reports that the environment holds no BCDA credentials.
var ErrNoCredentials = errors.New("auth: BCDA_CLIENT_ID and BCDA_CLIENT_SECRET are not set")

// CredentialsFromEnv reads BCDA_CLIENT_ID and BCDA_CLIENT_SECRET. Both must be
// set; when neither is, the error is ErrNoCredentials so that callers can fall
// back to the sandbox.
func CredentialsFromEnv() (Credentials, error) {
	c := Credentials{ClientID: os.Getenv(envClientID), ClientSecret: os.Getenv(envClientSecret)}
	switch {
	case c.ClientID == "" && c.ClientSecret == "":
		return Credentials{}, ErrNoCredentials
	case c.ClientID == "":
		return Credentials{}, errors.New("auth: " + envClientSecret + " is set but " + envClientID + " is not")
	case c.ClientSecret == "":
		return Credentials{}, errors.New("auth: " + envClientID + " is set but " + envClientSecret + " is not")
	}
	return c, nil
}
