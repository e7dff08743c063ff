package synth

import "time"

// maxEOBLine caps an EOB line's size (bytes, before the newline). A claim
// whose planned line items would overflow it is rendered again with fewer
// items; the retry replays the same random draws, so output stays
// deterministic. It is far above the 74 KB real lines reach
// (shared/samples/README.md) so that long claims (longClaimItems) stay long.
const maxEOBLine = 1 << 20

func (w *writer) eobs(b *bene) error {
	for k := 0; k < b.nClaims; k++ {
		c := w.d.claimAt(b, k, -1)
		if f := w.req.ServiceDate; f != nil && !f(time.UnixMilli(c.start.ms()).UTC(), time.UnixMilli(c.end.ms()).UTC()) {
			continue
		}
		if w.skip(c.updated) {
			continue
		}
		w.eob(b, &c)
		if err := w.flush(); err != nil {
			return err
		}
	}
	return nil
}

// eob renders claim c into the line buffer in the request's version.
func (w *writer) eob(b *bene, c *claim) {
	for maxItems := c.items; ; maxItems-- {
		switch w.req.Version {
		case V1:
			w.writeSTU3EOB(b, c, maxItems)
		case V2:
			w.writeV2EOB(b, c, maxItems)
		default:
			w.writeV3EOB(b, c, maxItems)
		}
		if len(w.e.b) <= maxEOBLine || maxItems <= 1 {
			return
		}
		w.e.reset()
	}
}
