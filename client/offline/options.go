package offline

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/bcda-go/bcda/internal/fakebcda"
)

// An Option configures Start. Each checks its argument and Start returns the
// first error; a nil Option is an error too.
type Option func(*config) error

type config struct {
	addr          string
	beneficiaries int
	fake          []fakebcda.Option
}

// Beneficiaries sets how many synthetic beneficiaries the server's ACO has
// (default 100, the size of the sandbox's small model entity). Every 50
// beneficiaries make one ExplanationOfBenefit file, as in BCDA. n must be at
// least 1.
func Beneficiaries(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("offline: Beneficiaries(%d): at least 1 is needed", n)
		}
		c.beneficiaries = n
		return nil
	}
}

// Seed selects the synthetic population (default 1). The same seed always
// gives byte-identical files.
func Seed(seed int64) Option {
	return func(c *config) error {
		c.fake = append(c.fake, fakebcda.WithSeed(seed))
		return nil
	}
}

// Polls sets how many status polls answer 202 "Pending" and then
// "In Progress (NN%)" before a job completes (default 1 and 2). Polls(0, 0)
// completes a job on its first poll. Neither may be negative.
func Polls(pending, inProgress int) Option {
	return func(c *config) error {
		if pending < 0 || inProgress < 0 {
			return fmt.Errorf("offline: Polls(%d, %d): counts must not be negative", pending, inProgress)
		}
		c.fake = append(c.fake, fakebcda.WithPendingPolls(pending), fakebcda.WithInProgressPolls(inProgress))
		return nil
	}
}

// JobDuration makes jobs progress with time instead of per poll: Pending for
// the first tenth of d, then In Progress, complete once d has passed since
// the kick-off. Polls is ignored then. d must be positive.
func JobDuration(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("offline: JobDuration(%v): the duration must be positive", d)
		}
		c.fake = append(c.fake, fakebcda.WithJobDuration(d))
		return nil
	}
}

// Latency delays every request by d before it is answered. d must be
// positive.
func Latency(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("offline: Latency(%v): the delay must be positive", d)
		}
		c.fake = append(c.fake, fakebcda.WithLatency(d))
		return nil
	}
}

// Bandwidth caps every response body at bytesPerSec, each response
// separately. It must be positive.
func Bandwidth(bytesPerSec int64) Option {
	return func(c *config) error {
		if bytesPerSec <= 0 {
			return fmt.Errorf("offline: Bandwidth(%d): the rate must be positive", bytesPerSec)
		}
		c.fake = append(c.fake, fakebcda.WithBandwidth(bytesPerSec))
		return nil
	}
}

// RequestLog sends one debug event per request the server answers to l
// (method, path, status; never a token or secret). Without it the server is
// silent. l must not be nil.
func RequestLog(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("offline: RequestLog(nil)")
		}
		c.fake = append(c.fake, fakebcda.WithLogger(l))
		return nil
	}
}

// ListenAddr sets the TCP address the server listens on (default
// "127.0.0.1:0", a free loopback port). Clients reach a non-loopback
// address only with client.WithInsecureHTTP, as the server speaks plain
// HTTP.
func ListenAddr(addr string) Option {
	return func(c *config) error {
		if addr == "" {
			return errors.New(`offline: ListenAddr(""): an address is needed, e.g. "127.0.0.1:8080"`)
		}
		c.addr = addr
		return nil
	}
}

// SandboxRateLimit applies the real sandbox's duplicate-job rule instead of
// production's: BCDA's sandbox configuration (bcda-app
// conf/configs/sandbox.yml, rate_limit_config) lists a single model entity,
// SBXBM0002, so a second export while one runs is refused with 429 for that
// ACO only, and the documentation's curl commands run back to back. The
// default is production's rule: every ACO but BCDA's test ACOs.
func SandboxRateLimit() Option {
	return func(c *config) error {
		c.fake = append(c.fake, fakebcda.WithRateLimit(false, "SBXBM0002"))
		return nil
	}
}
