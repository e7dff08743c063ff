package auth_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/bcda-go/bcda/auth"
)

// newServer stands in for BCDA: a token endpoint and one protected route.
func newServer() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /auth/token", func(w http.ResponseWriter, r *http.Request) {
		if id, secret, _ := r.BasicAuth(); id != "my-id" || secret != "my-secret" {
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token": "header.payload.signature", "expires_in": "1200", "token_type":"bearer"}`)
	})
	mux.HandleFunc("GET /auth/welcome", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer header.payload.signature" {
			http.Error(w, "Invalid Token", http.StatusUnauthorized)
			return
		}
		io.WriteString(w, `{"success":"Welcome to the Beneficiary Claims Data API!"}`)
	})
	return httptest.NewServer(mux)
}

func ExampleNewBasic() {
	srv := newServer()
	defer srv.Close()

	src, err := auth.NewBasic(srv.URL+"/auth/token", auth.Credentials{ClientID: "my-id", ClientSecret: "my-secret"}, nil,
		auth.WithLeeway(2*time.Minute)) // replace tokens two minutes before they expire
	if err != nil {
		log.Fatal(err)
	}
	tok, err := src.Token(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("lifetime:", time.Until(tok.Expiry).Round(time.Minute))
	// A Token never prints its access token, whatever the verb.
	fmt.Println("leaks:", strings.Contains(fmt.Sprintf("%v %+v %#v", tok, tok, tok), tok.AccessToken))
	// Output:
	// lifetime: 20m0s
	// leaks: false
}

func ExampleTransport() {
	srv := newServer()
	defer srv.Close()

	src, err := auth.NewBasic(srv.URL+"/auth/token", auth.Credentials{ClientID: "my-id", ClientSecret: "my-secret"}, nil)
	if err != nil {
		log.Fatal(err)
	}
	hc := &http.Client{Transport: &auth.Transport{Source: src}}
	resp, err := hc.Get(srv.URL + "/auth/welcome")
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, string(body))
	// Output: 200 {"success":"Welcome to the Beneficiary Claims Data API!"}
}

func ExampleCredentials_String() {
	c := auth.Credentials{ClientID: "3841c594", ClientSecret: "c29dd70c"}
	fmt.Println(c)
	fmt.Printf("%#v\n", c)
	// Output:
	// Credentials{ClientID: 3841c594, ClientSecret: <redacted>}
	// Credentials{ClientID: 3841c594, ClientSecret: <redacted>}
}
