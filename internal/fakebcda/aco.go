package fakebcda

import (
	"fmt"
	"hash/fnv"

	"github.com/bcda-go/bcda/auth"
)

// ACO is a model entity registered with the server: its credentials select
// it at POST /auth/token and its beneficiaries are what its exports return.
type ACO struct {
	Credentials auth.Credentials
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
	uuid string // the ACO's internal UUID, used in error-file diagnostics
	seed int64  // the dataset seed: the server seed mixed with the client ID
}

// The sandbox ACOs as BCDA's sandbox has them: five sizes behind the public
// credentials.
var sandboxACOs = []ACO{
	{Credentials: auth.SandboxExtraSmall, CMSID: "A9990", Beneficiaries: 50},
	{Credentials: auth.SandboxSmall, CMSID: "A9991", Beneficiaries: 2500},
	{Credentials: auth.SandboxMedium, CMSID: "A9992", Beneficiaries: 7500},
	{Credentials: auth.SandboxLarge, CMSID: "A9993", Beneficiaries: 20000},
	{Credentials: auth.SandboxExtraLarge, CMSID: "A9994", Beneficiaries: 30000},
}

// Register adds (or replaces) an ACO with the given credentials and number of
// beneficiaries, adjudicated claims only.
//
//	s.Register(auth.Credentials{ClientID: "id", ClientSecret: "secret"}, 120)
func (s *Server) Register(c auth.Credentials, beneficiaries int) {
	if err := s.RegisterACO(ACO{Credentials: c, Beneficiaries: beneficiaries}); err != nil {
		panic(err)
	}
}

// RegisterACO adds (or replaces) an ACO. It fails on an empty client ID or
// secret or a negative number of beneficiaries.
func (s *Server) RegisterACO(a ACO) error {
	if a.Credentials.ClientID == "" || a.Credentials.ClientSecret == "" {
		return fmt.Errorf("fakebcda: RegisterACO: client ID and secret must not be empty")
	}
	if a.Beneficiaries < 0 {
		return fmt.Errorf("fakebcda: RegisterACO: negative number of beneficiaries %d", a.Beneficiaries)
	}
	h := fnv.New64a()
	h.Write([]byte(a.Credentials.ClientID))
	sum := h.Sum64()
	if a.CMSID == "" {
		a.CMSID = fmt.Sprintf("A%04d", sum%10000)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.acos[a.Credentials.ClientID] = &aco{
		ACO:  a,
		uuid: uuidFrom(uint64(s.cfg.seed), sum, 0xac0),
		seed: s.cfg.seed ^ int64(sum&0x7fffffffffffffff),
	}
	return nil
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
