package fakebcda

import (
	"crypto/subtle"
	"fmt"
	"hash/fnv"
	"regexp"
	"slices"
)

// ACO is a model entity registered with the server: its client ID and
// secret select it at POST /auth/token and its beneficiaries are what its
// exports return.
type ACO struct {
	ClientID     string
	ClientSecret string
	// CMSID is the ACO's CMS identifier (e.g. "A9994"), carried in the
	// token's dat claim. Generated from the client ID when empty.
	CMSID string
	// Beneficiaries is the number of synthetic beneficiaries attributed.
	Beneficiaries int
	// PartiallyAdjudicated grants the v2 Claim and ClaimResponse types (REACH
	// ACOs in BCDA) and adds them to v2's default _type. Others get 400
	// "unauthorized resource type Claim".
	PartiallyAdjudicated bool
}

type aco struct {
	ACO
	secrets []string // every secret accepted for the client ID
	uuid    string   // the ACO's internal UUID, used in error-file diagnostics
	seed    int64    // the dataset seed: the server seed mixed with the CMS ID
}

// accepts reports whether secret is one of the ACO's secrets, in constant
// time for each.
func (a *aco) accepts(secret string) bool {
	ok := false
	for _, s := range a.secrets {
		if subtle.ConstantTimeCompare([]byte(s), []byte(secret)) == 1 {
			ok = true
		}
	}
	return ok
}

// testACO is bcda-app's testACORegex (bcda/service/config.go): ACOs whose
// CMS ID matches are never rate limited.
var testACO = regexp.MustCompile(`^(TEST\d{3}|A999\d|A888\d|D999\d|E999\d|V994|T8882)$`)

// registerSandbox registers every published sandbox credential set.
func (s *Server) registerSandbox() {
	for _, e := range sandboxEntities {
		for _, set := range e.sets {
			a := ACO{ClientID: set.clientID, ClientSecret: set.secret, CMSID: e.cmsID,
				Beneficiaries: e.beneficiaries, PartiallyAdjudicated: e.partially}
			if err := s.registerACO(a, true); err != nil {
				panic(err)
			}
		}
	}
}

// Register adds (or replaces) an ACO with the given client ID, secret and
// number of beneficiaries, adjudicated claims only. It panics on an empty
// client ID or secret.
//
//	s.Register("id", "secret", 120)
func (s *Server) Register(clientID, clientSecret string, beneficiaries int) {
	if err := s.RegisterACO(ACO{ClientID: clientID, ClientSecret: clientSecret, Beneficiaries: beneficiaries}); err != nil {
		panic(err)
	}
}

// RegisterACO adds (or replaces) an ACO. It fails on an empty client ID or
// secret or a negative number of beneficiaries.
func (s *Server) RegisterACO(a ACO) error { return s.registerACO(a, false) }

// registerACO registers a; with keep, a client ID already registered gains
// a.ClientSecret as one more accepted secret (a rotated sandbox set).
func (s *Server) registerACO(a ACO, keep bool) error {
	if a.ClientID == "" || a.ClientSecret == "" {
		return fmt.Errorf("fakebcda: RegisterACO: client ID and secret must not be empty")
	}
	if a.Beneficiaries < 0 {
		return fmt.Errorf("fakebcda: RegisterACO: negative number of beneficiaries %d", a.Beneficiaries)
	}
	if a.CMSID == "" {
		a.CMSID = fmt.Sprintf("A%04d", hash(a.ClientID)%10000)
	}
	// The data follows the entity, not the credential set: every set that
	// selects the same CMS ID sees the same beneficiaries.
	sum := hash(a.CMSID)
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.acos[a.ClientID]; keep && ok && old.CMSID == a.CMSID {
		if !slices.Contains(old.secrets, a.ClientSecret) {
			old.secrets = append(old.secrets, a.ClientSecret)
		}
		return nil
	}
	s.acos[a.ClientID] = &aco{
		ACO:     a,
		secrets: []string{a.ClientSecret},
		uuid:    uuidFrom(uint64(s.cfg.seed), sum, 0xac0),
		seed:    s.cfg.seed ^ int64(sum&0x7fffffffffffffff),
	}
	return nil
}

func hash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// uuidFrom derives a version-4-shaped UUID from three numbers, so that file
// and ACO ids are deterministic for a given seed.
func uuidFrom(a, b, c uint64) string {
	x := splitmix(a ^ splitmix(b^splitmix(c)))
	y := splitmix(x ^ 0x9e3779b97f4a7c15)
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x",
		uint32(x>>32), uint16(x>>16), uint16(x)&0xfff,
		(uint16(y>>48)&0x3fff)|0x8000, y&0xffffffffffff)
}

func splitmix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
