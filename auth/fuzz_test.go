package auth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// tokenMarker stands for a secret inside a token response. The fuzzer
// decides where in the body it goes; error texts and Token's printed forms
// must never contain it. (Issue 13: the earlier check, "the error does not
// contain the body", fired whenever the body was a word of the error text,
// such as "not ".)
const tokenMarker = "Qz7mSECRETk2Vx"

func FuzzDecodeToken(f *testing.F) {
	f.Add([]byte(`{"access_token": "abc", "expires_in": "1200", "token_type":"bearer"}`), uint16(17))
	f.Add([]byte(`{"access_token": "abc", "expires_in": 1e400}`), uint16(0))
	f.Add([]byte(`{"access_token": "", "expires_in": "x"}`), uint16(18))
	f.Add([]byte(`not json`), uint16(3))
	f.Add([]byte(`not `), uint16(0)) // issue 13
	f.Add([]byte(`{"access_token": "a.eyJleHAiOjE3OTU2MDkyMDB9.c"}`), uint16(0))
	f.Add([]byte(`{"access_token": 7, "error": ""}`), uint16(30))
	sent := time.Unix(1795608000, 0)
	f.Fuzz(func(t *testing.T, b []byte, at uint16) {
		for _, body := range [][]byte{b, withMarker(b, at)} {
			tok, err := decodeToken(bytes.NewReader(body), sent)
			if err != nil {
				// The error is one fixed text: it cannot quote the body.
				if err != errBadTokenResponse || tok != (Token{}) {
					t.Fatalf("%q: %v, %v", body, tok, err)
				}
				te := &TokenError{URL: "https://h/auth/token", StatusCode: 200, Err: err}
				if strings.Contains(te.Error(), tokenMarker) {
					t.Fatalf("error quotes the body: %v", te)
				}
				continue
			}
			var want struct {
				AccessToken string `json:"access_token"`
			}
			if json.NewDecoder(bytes.NewReader(body)).Decode(&want) != nil || tok.AccessToken != want.AccessToken || want.AccessToken == "" {
				t.Fatalf("%q: token %q, its access_token is %q", body, tok.AccessToken, want.AccessToken)
			}
			// expires_in is believed up to 1e9 s, a JWT's exp up to a day.
			if life := tok.Expiry.Sub(sent); life <= 0 || life > 1e9*time.Second {
				t.Fatalf("%q: lifetime %v", body, life)
			}
			for _, s := range []string{tok.String(), fmt.Sprintf("%v %+v %#v %s", tok, tok, tok, tok)} {
				if strings.Contains(s, tokenMarker) {
					t.Fatalf("printing the token reveals it: %s", s)
				}
			}
		}
	})
}

// withMarker returns b with tokenMarker inserted at position at (modulo the
// length), so that the secret lands anywhere: inside a string, a key, or
// between values.
func withMarker(b []byte, at uint16) []byte {
	i := int(at) % (len(b) + 1)
	return append(append(append([]byte{}, b[:i]...), tokenMarker...), b[i:]...)
}
