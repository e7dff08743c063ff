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

// GoString keeps %#v from printing the secret too.
func (c Credentials) GoString() string { return c.String() }

// Format makes every verb print String: without it, verbs that ignore
// String (%d, %t …) would print the fields, secret included.
func (c Credentials) Format(f fmt.State, _ rune) { fmt.Fprint(f, c.String()) }

// Environment variables read by CredentialsFromEnv.
const (
	EnvClientID     = "BCDA_CLIENT_ID"
	EnvClientSecret = "BCDA_CLIENT_SECRET"
)

// ErrNoCredentials reports that the environment holds no BCDA credentials.
var ErrNoCredentials = errors.New("auth: " + EnvClientID + " and " + EnvClientSecret + " are not set")

// CredentialsFromEnv reads BCDA_CLIENT_ID and BCDA_CLIENT_SECRET. Both must be
// set; when neither is, the error is ErrNoCredentials so that callers can fall
// back to the sandbox.
func CredentialsFromEnv() (Credentials, error) {
	c := Credentials{ClientID: os.Getenv(EnvClientID), ClientSecret: os.Getenv(EnvClientSecret)}
	switch {
	case c.ClientID == "" && c.ClientSecret == "":
		return Credentials{}, ErrNoCredentials
	case c.ClientID == "":
		return Credentials{}, errors.New("auth: " + EnvClientSecret + " is set but " + EnvClientID + " is not")
	case c.ClientSecret == "":
		return Credentials{}, errors.New("auth: " + EnvClientID + " is set but " + EnvClientSecret + " is not")
	}
	return c, nil
}
