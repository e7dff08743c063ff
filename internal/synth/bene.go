package synth

import (
	"math"
	"strconv"
	"time"
)

// Stream identifiers: the second element of a random-stream path, so that
// a beneficiary's demographics, coverage and each claim never share draws.
const (
	streamBene = iota + 1
	streamCoverage
	streamClaim
	streamPAC
)

// Reference returns the dataset's reference instant: every meta.lastUpdated
// lies in the two years before it (and never after it). It is derived from
// the seed, never from the clock, so output does not change from day to day.
// It is always in the past (between 2025-06-01 and 2025-08-30 UTC).
func (d Dataset) Reference() time.Time {
	m := uint64(d.Seed) % 90
	return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC).AddDate(0, 0, int(m))
}

// window is the span before Reference over which lastUpdated is spread.
const window = 730 * msPerDay

// bene holds one beneficiary's facts, drawn from its own stream. It is small
// and built per index, so nothing about the population stays in memory.
type bene struct {
	index   int
	id      int64 // positive; the FHIR id is "-" + id
	idStr   string
	mbi     string
	female  bool
	birth   day
	given   string
	given2  string // may be empty
	family  string
	state   stateZip
	zip     string
	race    int // index into races
	ms      int // index into msCodes: Medicare status
	lang    string
	deathDt day  // 0 when alive
	oldMBI  bool // had an earlier MBI (v3 lists it with its period)
	// enrolment
	entitled   day // Medicare entitlement start (Part A and B)
	partC      bool
	partD      bool
	dual       bool
	contractC  string
	contractD  string
	ref        int64 // Dataset.Reference in Unix ms
	patUpdated int64 // Patient meta.lastUpdated, Unix ms
	covUpdated int64 // Coverage meta.lastUpdated, Unix ms (per resource offsets added)
	nClaims    int
	nPAC       int // partially adjudicated claims (v2 Claim/ClaimResponse)
}

// PatientID returns the FHIR id of beneficiary index: a negative number,
// as the BCDA sandbox uses, unique within the dataset.
func (d Dataset) PatientID(index int) string { return "-" + strconv.FormatInt(d.patientNum(index), 10) }

// MBI returns the Medicare Beneficiary Identifier of beneficiary index:
// 11 characters in the CMS MBI pattern, unique within the dataset. Its
// second character is always 'S', which real MBIs never use; like the
// sandbox's 1S00E00AA71 this marks it as synthetic.
func (d Dataset) MBI(index int) string {
	var b [11]byte
	d.appendMBI(b[:0], index)
	return string(b[:])
}

// patientNum is a bijection of index onto [1e8, 1e8+2^30): ids look random
// yet can never collide.
func (d Dataset) patientNum(index int) int64 {
	off := mix64(uint64(d.Seed)^0xa5a5) & (1<<30 - 1)
	return 100000000 + int64((uint64(index)*0x2545F491+off)&(1<<30-1))
}

const (
	mbiAlpha = "ACDEFGHJKMNPQRTUVWXY" // letters allowed by CMS (no S L O I B Z)
	mbiAlnum = "0123456789" + mbiAlpha
)

func (d Dataset) appendMBI(b []byte, index int) []byte {
	// A different bijection than the id, plus a per-seed block so two
	// datasets rarely share MBIs.
	v := (uint64(index)*0x3C6EF35F + mix64(uint64(d.Seed))) & (1<<30 - 1)
	v += (mix64(uint64(d.Seed)^0x5bd1e995) % 500) << 30
	next := func(radix uint64) uint64 { r := v % radix; v /= radix; return r }
	var out [11]byte
	out[10] = byte('0' + next(10))
	out[9] = byte('0' + next(10))
	out[8] = mbiAlpha[next(20)]
	out[7] = mbiAlpha[next(20)]
	out[6] = byte('0' + next(10))
	out[5] = mbiAlnum[next(30)]
	out[4] = mbiAlpha[next(20)]
	out[3] = byte('0' + next(10))
	out[2] = mbiAlnum[next(30)]
	out[1] = 'S'
	out[0] = byte('1' + next(9))
	return append(b, out[:]...)
}

func (d Dataset) bene(index int) bene {
	r := stream(d.Seed, streamBene, uint64(index))
	ref := d.Reference().UnixMilli()
	refDay := day(ref / msPerDay)
	b := bene{index: index, id: d.patientNum(index), ref: ref}
	b.idStr = "-" + strconv.FormatInt(b.id, 10)
	b.mbi = d.MBI(index)
	b.female = r.chance(55)
	age := 66 + int(r.float()*r.float()*30) // skew towards the young-old
	if r.chance(8) {
		age = r.between(35, 64) // disability entitlement
	}
	b.birth = refDay - day(age*365+r.intn(365))
	if b.female {
		b.given = pick(&r, femaleNames)
	} else {
		b.given = pick(&r, maleNames)
	}
	if r.chance(30) {
		b.given2 = pick(&r, middleNames)
	}
	b.family = pick(&r, familyNames)
	b.state = pick(&r, states)
	b.zip = b.state.zip + strconv.Itoa(10+r.intn(90))
	b.race = r.intn(len(races))
	b.ms = r.intn(len(msCodes))
	b.lang = pick(&r, languages)
	b.oldMBI = r.chance(10)
	if r.chance(3) {
		b.deathDt = refDay - day(r.intn(700))
	}
	// Entitlement at 65 (or earlier for disability), at most 12 years ago.
	ent := b.birth + 65*365
	if age < 65 {
		ent = refDay - day(r.between(400, 4000))
	}
	if min := refDay - 12*365; ent < min {
		ent = min + day(r.intn(3000))
	}
	b.entitled = ent
	b.partC = r.chance(22)
	b.partD = r.chance(70)
	b.dual = r.chance(15)
	b.contractC = "H" + strconv.Itoa(1000+r.intn(9000))
	b.contractD = "S" + strconv.Itoa(4000+r.intn(6000))
	b.patUpdated = ref - int64(r.float()*window)
	b.covUpdated = ref - int64(r.float()*window)
	// Claims per beneficiary: exponential with mean ~9, capped at 30, so
	// most have a few and some have many, as in real claims data.
	n := int(-9 * math.Log(1-r.float()))
	if n > 30 {
		n = 30
	}
	b.nClaims = n
	b.nPAC = r.intn(4)
	return b
}
