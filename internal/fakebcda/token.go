package fakebcda

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

type token struct {
	jti     string
	aco     *aco
	expires time.Time
	revoked bool
}

// claims is the payload of the JWT-looking tokens, with the claims SSAS puts
// in its tokens.
type claims struct {
	ClientID string `json:"cid"`
	Data     string `json:"dat"`
	Expires  int64  `json:"exp"`
	IssuedAt int64  `json:"iat"`
	Issuer   string `json:"iss"`
	ID       string `json:"jti"`
	System   string `json:"sys"`
	Use      string `json:"use"`
}

var b64 = base64.RawURLEncoding

// IssueToken returns a fresh access token for the given client ID and
// secret, as POST /auth/token would, for tests that want to skip the token
// call.
func (s *Server) IssueToken(clientID, clientSecret string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.acos[clientID]
	if !ok || !a.accepts(clientSecret) {
		return "", fmt.Errorf("fakebcda: IssueToken: unknown client ID %q or wrong secret", clientID)
	}
	return s.issueLocked(a), nil
}

func (s *Server) issueLocked(a *aco) string {
	var rnd [16 + 64]byte
	_, _ = rand.Read(rnd[:])
	jti := fmt.Sprintf("%x-%x-%x-%x-%x", rnd[0:4], rnd[4:6], rnd[6:8], rnd[8:10], rnd[10:16])
	now := s.cfg.clock()
	exp := now.Add(s.cfg.tokenLifetime)
	dat, _ := json.Marshal(map[string][]string{"cms_ids": {a.CMSID}})
	payload, _ := json.Marshal(claims{
		ClientID: a.ClientID,
		Data:     string(dat),
		Expires:  exp.Unix(),
		IssuedAt: now.Unix(),
		Issuer:   "ssas",
		ID:       jti,
		System:   "fakebcda-" + a.CMSID,
		Use:      "AccessToken",
	})
	s.tokens[jti] = &token{jti: jti, aco: a, expires: exp}
	return b64.EncodeToString([]byte(`{"alg":"RS512","typ":"JWT"}`)) + "." +
		b64.EncodeToString(payload) + "." + b64.EncodeToString(rnd[16:])
}

// serveToken is POST /auth/token: HTTP Basic in, BCDA's hand-formatted JSON
// out, plain-text errors.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	id, secret, ok := r.BasicAuth()
	if !ok {
		http.Error(w, http.StatusText(http.StatusBadRequest), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	a, known := s.acos[id]
	if !known || !a.accepts(secret) {
		s.mu.Unlock()
		http.Error(w, http.StatusText(http.StatusUnauthorized), http.StatusUnauthorized)
		return
	}
	tok := s.issueLocked(a)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	w.WriteHeader(http.StatusOK)
	secs := strconv.FormatInt(int64(s.cfg.tokenLifetime/time.Second), 10)
	_, _ = fmt.Fprintf(w, `{"access_token": "%s", "expires_in": "%s", "token_type":"bearer"}`, tok, secs)
}

var bearerRE = regexp.MustCompile(`^Bearer (\S+)$`)

// parseToken checks the Authorization header, if any, like BCDA's ParseToken
// and the SSAS introspection behind it. It returns (nil, true) when the
// request carries no token and (nil, false) after answering an error.
func (s *Server) parseToken(w http.ResponseWriter, r *http.Request, version string) (*token, bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return nil, true
	}
	m := bearerRE.FindStringSubmatch(h)
	if m == nil {
		writeOutcome(w, version, http.StatusUnauthorized, codeForbidden, "Invalid Token")
		return nil, false
	}
	c, ok := decodeClaims(m[1])
	if !ok {
		// BCDA answers an undecodable JWT with a RequestorDataError.
		writeOutcome(w, version, http.StatusBadRequest, codeStructure, "Request Error")
		return nil, false
	}
	s.mu.Lock()
	t, known := s.tokens[c.ID]
	live := known && !t.revoked && s.cfg.clock().Before(t.expires)
	if live && s.expireNext {
		t.revoked, live, s.expireNext = true, false, false
	}
	s.mu.Unlock()
	if !live {
		// SSAS introspection calls unknown, revoked and expired tokens
		// inactive alike.
		writeOutcome(w, version, http.StatusUnauthorized, codeForbidden, "Expired Token")
		return nil, false
	}
	return t, true
}

// requireToken is parseToken plus RequireTokenAuth: a token is mandatory.
func (s *Server) requireToken(w http.ResponseWriter, r *http.Request, version string) (*token, bool) {
	t, ok := s.parseToken(w, r, version)
	if !ok {
		return nil, false
	}
	if t == nil {
		writeOutcome(w, version, http.StatusUnauthorized, codeForbidden, "Invalid Token")
		return nil, false
	}
	return t, true
}

func decodeClaims(tok string) (claims, bool) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return claims{}, false
	}
	raw, err := b64.DecodeString(parts[1])
	if err != nil {
		return claims{}, false
	}
	var c claims
	if json.Unmarshal(raw, &c) != nil || c.Issuer != "ssas" || c.ID == "" || c.Data == "" {
		return claims{}, false
	}
	return c, true
}

// serveWelcome is GET /auth/welcome, BCDA's token test.
func (s *Server) serveWelcome(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.requireToken(w, r, "v1"); !ok {
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(`{"success":"Welcome to the Beneficiary Claims Data API!"}`))
}
