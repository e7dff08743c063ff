package synth

import "strconv"

// ClaimType is a Medicare claim type as BCDA's EOB-TYPE code system names
// it.
type ClaimType int

// The claim types the generator produces. Their mix follows real Medicare
// claims volume: mostly professional (carrier) claims and Part D events.
const (
	Carrier ClaimType = iota
	PDE
	Outpatient
	DME
	HHA
	Inpatient
	SNF
	Hospice
	numClaimTypes
)

// ClaimTypes lists every claim type, in a fixed order.
func ClaimTypes() []ClaimType {
	out := make([]ClaimType, numClaimTypes)
	for i := range out {
		out[i] = ClaimType(i)
	}
	return out
}

// String returns the EOB-TYPE code: CARRIER, PDE, OUTPATIENT, DME, HHA,
// INPATIENT, SNF or HOSPICE.
func (c ClaimType) String() string {
	if c < 0 || c >= numClaimTypes {
		return "ClaimType(" + strconv.Itoa(int(c)) + ")"
	}
	return kinds[c].eobType
}

type family int

const (
	professional family = iota
	institutional
	pharmacy
)

type kindInfo struct {
	eobType, eobTypeDisp string // EOB-TYPE
	clmType, clmTypeDisp string // CLM-TYPE-CD
	family               family
	subType              string // C4BBInstitutionalClaimSubType
	profile              string // C4BB profile name
	coverage             string // insurance.coverage.display
	coverageID           string // Coverage id prefix (v1 and v2 EOBs reference it)
	v1                   string // v1/v2 id prefix
	weight               int    // share of claims, percent
	durMin, durMax       int    // days of service
	itemsMin, itemsMax   int    // line items before the size cap
	nearLine, nearDisp   string // NCH near-line record code (v1, v2)
}

var kinds = [numClaimTypes]kindInfo{
	Carrier: {"CARRIER", "Professional Physician/Supplier Claim", "71", "MEDICARE PART B PROFESSIONAL PHYSICIAN/SUPPLIER CLAIM (NON-DMEPOS)",
		professional, "", "C4BB-ExplanationOfBenefit-Professional-NonClinician", "Part B", "part-b-", "carrier", 41, 0, 3, 1, 4,
		"O", "Part B physician/supplier claim record (processed by local carriers; can include DMEPOS services)"},
	PDE: {"PDE", "Part D Event", "1", "MEDICARE PART D PRESCRIPTION DRUG EVENT",
		pharmacy, "", "C4BB-ExplanationOfBenefit-Pharmacy", "Part D", "part-d-", "pde", 30, 0, 0, 1, 1,
		"", ""},
	Outpatient: {"OUTPATIENT", "Outpatient Claim", "40", "MEDICARE OUTPATIENT CLAIM",
		institutional, "outpatient", "C4BB-ExplanationOfBenefit-Outpatient-Institutional", "Part B", "part-b-", "outpatient", 12, 0, 2, 1, 5,
		"W", "Part B institutional claim record (outpatient [HOP], HHA)"},
	DME: {"DME", "Durable Medical Equipment Claim", "82", "MEDICARE PART B DMEPOS CLAIM",
		professional, "", "C4BB-ExplanationOfBenefit-Professional-NonClinician", "Part B", "part-b-", "dme", 6, 0, 30, 2, 8,
		"M", "Part B DMEPOS claim record (processed by DME Regional Carrier)"},
	HHA: {"HHA", "Home Health Agency Claim", "10", "MEDICARE HOME HEALTH AGENCY CLAIM",
		institutional, "outpatient", "C4BB-ExplanationOfBenefit-Outpatient-Institutional", "Part A", "part-a-", "hha", 4, 30, 60, 1, 4,
		"V", "Part A institutional claim record (inpatient [IP], skilled nursing facility [SNF], hospice [HOS], or home health agency [HHA])"},
	Inpatient: {"INPATIENT", "Inpatient Claim", "60", "MEDICARE INPATIENT CLAIM",
		institutional, "inpatient", "C4BB-ExplanationOfBenefit-Inpatient-Institutional", "Part A", "part-a-", "inpatient", 4, 2, 12, 2, 6,
		"V", "Part A institutional claim record (inpatient [IP], skilled nursing facility [SNF], hospice [HOS], or home health agency [HHA])"},
	SNF: {"SNF", "Skilled Nursing Facility Care", "20", "MEDICARE NON-SWING BED SNF CLAIM",
		institutional, "inpatient", "C4BB-ExplanationOfBenefit-Inpatient-Institutional", "Part A", "part-a-", "snf", 2, 5, 40, 1, 4,
		"V", "Part A institutional claim record (inpatient [IP], skilled nursing facility [SNF], hospice [HOS], or home health agency [HHA])"},
	Hospice: {"HOSPICE", "Hospice Claim", "50", "MEDICARE HOSPICE CLAIM",
		institutional, "inpatient", "C4BB-ExplanationOfBenefit-Inpatient-Institutional", "Part A", "part-a-", "hospice", 1, 20, 60, 1, 3,
		"V", "Part A institutional claim record (inpatient [IP], skilled nursing facility [SNF], hospice [HOS], or home health agency [HHA])"},
}

// claim is a claim's header: what Since filtering and ordering need, and
// what every version's rendering of the claim shares.
type claim struct {
	k          int // position in the beneficiary's claim list
	kind       ClaimType
	info       *kindInfo
	num        int64 // claim id magnitude, unique within the dataset
	updated    int64 // meta.lastUpdated, Unix ms
	start, end day
	created    day
	final      bool
	items      int
	r          rng // continues after the header draws; the body's stream
}

// claimAt derives claim k of beneficiary b. Its stream is its own, so a
// claim's bytes do not depend on its neighbours or on Since.
func (d Dataset) claimAt(b *bene, k int, force ClaimType) claim {
	r := stream(d.Seed, streamClaim, uint64(b.index), uint64(k))
	c := claim{k: k, r: r}
	x := c.r.intn(100)
	c.kind = Carrier
	for i := range kinds {
		if x < kinds[i].weight {
			c.kind = ClaimType(i)
			break
		}
		x -= kinds[i].weight
	}
	if !b.partD && c.kind == PDE {
		c.kind = Carrier // no Part D, no drug events
	}
	if force >= 0 {
		c.kind = force
	}
	c.info = &kinds[c.kind]
	c.num = 1000000000000 + (b.id-100000000)*32 + int64(k)
	c.updated = b.ref - int64(c.r.float()*window)
	upDay := day(c.updated / msPerDay)
	c.end = upDay - day(c.r.between(14, 120))
	c.start = c.end - day(c.r.between(c.info.durMin, c.info.durMax))
	c.created = upDay
	c.final = c.r.chance(95)
	f := c.r.float()
	c.items = c.info.itemsMin + int(f*f*float64(c.info.itemsMax-c.info.itemsMin+1)) // few lines is typical
	c.items = longClaimItems(c.num, c.info.family, c.items)
	return c
}

// npi returns a 10-digit NPI with a valid Luhn check digit (computed with
// the 80840 prefix, as the NPI standard specifies).
func (r *rng) npi() string {
	var b [10]byte
	b[0] = '1' + byte(r.intn(2))
	r.digits(b[1:9])
	sum := 24 // the 80840 prefix contributes 24
	for i := 0; i < 9; i++ {
		v := int(b[8-i] - '0')
		if i%2 == 0 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	b[9] = byte('0' + (10-sum%10)%10)
	return string(b[:])
}

// longClaimItems makes a few claims long, as real data has them: the real
// v3 samples hold a 74,189-byte DME line and production lines can be larger
// (shared/samples/README.md), so a reader with a 64 KiB line limit must
// break on the fake's data as it would on BCDA's. About 1 claim in 100 gets
// 16–25 line items (≈ 75–130 KB), 1 in 4,000 gets 80 (over 256 KiB). Part D
// events have one line. The choice hashes the claim number instead of
// drawing from the claim's stream, so every other byte stays as it was.
func longClaimItems(num int64, fam family, items int) int {
	if fam == pharmacy {
		return items
	}
	switch h := mix64(uint64(num)^0x10a9c1a1) % 4000; {
	case h == 0:
		return 80
	case h < 40:
		return 16 + int(h%10)
	}
	return items
}
