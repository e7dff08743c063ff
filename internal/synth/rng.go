package synth

import "math/bits"

// rng is a SplitMix64 generator. It is tiny, fast and, above all, fully
// specified here, so the output can never change because a library changed
// its algorithm.
type rng struct{ s uint64 }

func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// stream derives an independent generator from a seed and a path of
// indices (beneficiary, claim, purpose...), so that each beneficiary and
// each claim can be generated on its own.
func stream(seed int64, path ...uint64) rng {
	h := mix64(uint64(seed) ^ 0x6a09e667f3bcc909)
	for _, p := range path {
		h = mix64(h ^ (p + 0x9e3779b97f4a7c15))
	}
	return rng{s: h}
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	return mix64(r.s)
}

// intn returns a value in [0, n); n must be > 0.
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.next(), uint64(n))
	return int(hi)
}

// between returns a value in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// float returns a value in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// chance reports true with probability pct/100.
func (r *rng) chance(pct int) bool { return r.intn(100) < pct }

// cents returns an amount in [lo, hi] dollars with cents, skewed towards
// the low end like real charges.
func (r *rng) cents(lo, hi int) int64 {
	f := r.float()
	f *= f
	return int64(lo)*100 + int64(f*float64(hi-lo)*100)
}

// pick returns a random element of list.
func pick[T any](r *rng, list []T) T { return list[r.intn(len(list))] }

// digits fills b with random decimal digits.
func (r *rng) digits(b []byte) {
	for i := range b {
		b[i] = byte('0' + r.intn(10))
	}
}
