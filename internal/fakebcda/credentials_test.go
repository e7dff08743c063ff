package fakebcda

import (
	"encoding/json"
	"net/http"
	"testing"
)

// TestPublishedCredentials: every set in the table gets a token whose CMS
// ID and data size are the entity's, and an old secret of a rotated client
// ID still works while a made-up one does not.
func TestPublishedCredentials(t *testing.T) {
	s := New()
	defer s.Close()
	n := 0
	for _, e := range sandboxEntities {
		for _, set := range e.sets {
			n++
			t.Run(set.name+" "+set.source, func(t *testing.T) {
				w := do(t, s, "POST", "/auth/token", "Authorization", basic(creds{set.clientID, set.secret}))
				if w.Code != http.StatusOK {
					t.Fatalf("token: %d %s", w.Code, w.Body)
				}
				var body struct {
					AccessToken string `json:"access_token"`
				}
				if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
					t.Fatal(err)
				}
				if got := tokenCMSID(t, body.AccessToken); got != e.cmsID {
					t.Errorf("token for CMS ID %s, want %s", got, e.cmsID)
				}
				a := s.acos[set.clientID]
				if a.CMSID != e.cmsID || a.Beneficiaries != e.beneficiaries || a.PartiallyAdjudicated != e.partially {
					t.Errorf("ACO %+v, want %s with %d", a.ACO, e.cmsID, e.beneficiaries)
				}
			})
		}
	}
	// 4 current + 5 guide + 5 (2026-04-29) + 5 (2026-04-30, current four
	// unchanged) + 2 adv (2026-04-29) + 9 (2025-08-26).
	if n != 4+5+5+5+2+9 {
		t.Errorf("%d published sets, want 30", n)
	}
	w := do(t, s, "POST", "/auth/token", "Authorization", basic(creds{guideXS.id, "not-a-published-secret"}))
	if w.Code != http.StatusUnauthorized {
		t.Errorf("made-up secret: %d", w.Code)
	}
}

// TestPublishedSizes pins the sizes the documentation prints for each set.
func TestPublishedSizes(t *testing.T) {
	want := map[string]int{
		"adv.small": 100, "adv.large": 10000, "enhancement.small": 110, "enhancement.large": 11000,
		"Extra-Small ACO": 50, "Small ACO": 2500, "Medium ACO": 7500, "Large ACO": 20000, "Extra-Large ACO": 30000,
	}
	seen := 0
	for _, e := range sandboxEntities {
		for _, set := range e.sets {
			if n, ok := want[set.name]; ok {
				seen++
				if e.beneficiaries != n {
					t.Errorf("%s: %d beneficiaries, want %d", set.name, e.beneficiaries, n)
				}
			}
		}
	}
	if seen < len(want) {
		t.Errorf("only %d of the %d documented sets present", seen, len(want))
	}
}

// tokenCMSID reads the cms_ids of a token's dat claim.
func tokenCMSID(t *testing.T, tok string) string {
	t.Helper()
	c, ok := decodeClaims(tok)
	if !ok {
		t.Fatalf("undecodable token")
	}
	var dat struct {
		CMSIDs []string `json:"cms_ids"`
	}
	if err := json.Unmarshal([]byte(c.Data), &dat); err != nil || len(dat.CMSIDs) != 1 {
		t.Fatalf("dat %q", c.Data)
	}
	return dat.CMSIDs[0]
}
