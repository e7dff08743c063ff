package fakebcda

import (
	"compress/gzip"
	"fmt"
	"log/slog"
	"time"

	"github.com/bcda-go/bcda/fhir"
)

// Option configures a Server. Options validate their arguments; New panics
// with the option's message when one is out of range, since a fake configured
// wrongly is a bug in the test that builds it.
type Option func(*config) error

type config struct {
	clock          func() time.Time
	tokenLifetime  time.Duration
	seed           int64
	pendingPolls   int
	progressPolls  int
	jobDuration    time.Duration
	latency        time.Duration
	bandwidth      int64
	retryAfter     int
	rateLimitAll   bool     // rate_limit_config.all
	rateLimitACOs  []string // rate_limit_config.acos
	batch          map[fhir.ResourceType]int
	logger         *slog.Logger
	gzipLevel      int
	cacheDir       string
	releaseVersion string
	// runoutIngested is when the runout attribution file was ingested;
	// zero until New fills in the default from the clock.
	runoutIngested time.Time
}

func defaultConfig() config {
	return config{
		clock:         time.Now,
		tokenLifetime: 20 * time.Minute,
		seed:          1,
		pendingPolls:  1,
		progressPolls: 2,
		retryAfter:    1,
		rateLimitAll:  true,
		batch: map[fhir.ResourceType]int{
			fhir.TypeExplanationOfBenefit: 50,
			fhir.TypePatient:              5000,
			fhir.TypeCoverage:             4000,
			fhir.TypeClaim:                4000,
			fhir.TypeClaimResponse:        4000,
		},
		logger:         slog.New(slog.DiscardHandler),
		gzipLevel:      gzip.BestSpeed,
		releaseVersion: "r292",
	}
}

// WithClock sets the clock used for token expiry, job times, the manifest's
// transactionTime and the 24 h file expiry. Default time.Now.
//
//	now := time.Now(); s := fakebcda.New(fakebcda.WithClock(func() time.Time { return now }))
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return fmt.Errorf("fakebcda: WithClock: nil clock")
		}
		c.clock = now
		return nil
	}
}

// WithTokenLifetime sets how long an access token lives. Default 20 minutes,
// as BCDA (expires_in "1200").
func WithTokenLifetime(d time.Duration) Option {
	return func(c *config) error {
		if d < time.Second {
			return fmt.Errorf("fakebcda: WithTokenLifetime(%v): must be at least 1s", d)
		}
		c.tokenLifetime = d
		return nil
	}
}

// WithSeed sets the seed of the synthetic data. Equal seeds give byte-equal
// files. Default 1.
func WithSeed(seed int64) Option {
	return func(c *config) error { c.seed = seed; return nil }
}

// WithPendingPolls sets how many status polls answer 202 "X-Progress: Pending"
// before the job is In Progress. Default 1.
func WithPendingPolls(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return fmt.Errorf("fakebcda: WithPendingPolls(%d): negative", n)
		}
		c.pendingPolls = n
		return nil
	}
}

// WithInProgressPolls sets how many status polls after the Pending ones
// answer 202 "X-Progress: In Progress (NN%)" before the job completes.
// NN rises evenly: with n=3 it is 25, 50, 75. Default 2. With
// WithPendingPolls(0) and WithInProgressPolls(0) the first poll completes.
func WithInProgressPolls(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return fmt.Errorf("fakebcda: WithInProgressPolls(%d): negative", n)
		}
		c.progressPolls = n
		return nil
	}
}

// WithJobDuration makes jobs progress with time on the server's clock
// instead of per poll: Pending for the first tenth of d, then
// "In Progress (NN%)" with NN the elapsed share, then complete once d has
// passed since the kick-off. The poll-count options are ignored then.
//
//	fakebcda.WithJobDuration(30 * time.Second) // with testing/synctest, fake seconds
func WithJobDuration(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return fmt.Errorf("fakebcda: WithJobDuration(%v): negative", d)
		}
		c.jobDuration = d
		return nil
	}
}

// WithLatency delays every request by d before it is handled (time.Sleep,
// so it runs on fake time inside a testing/synctest bubble).
func WithLatency(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return fmt.Errorf("fakebcda: WithLatency(%v): negative", d)
		}
		c.latency = d
		return nil
	}
}

// WithBandwidth caps every response body at bytesPerSec (each response
// separately, as BCDA closes the connection after every response).
// 0 means unlimited, the default.
func WithBandwidth(bytesPerSec int64) Option {
	return func(c *config) error {
		if bytesPerSec < 0 {
			return fmt.Errorf("fakebcda: WithBandwidth(%d): negative", bytesPerSec)
		}
		c.bandwidth = bytesPerSec
		return nil
	}
}

// WithRetryAfter sets the Retry-After seconds sent with the duplicate-job 429
// (BCDA's CLIENT_RETRY_AFTER_IN_SECONDS). Default 1; 0 is allowed and sent as
// "0", as BCDA's code default does.
func WithRetryAfter(seconds int) Option {
	return func(c *config) error {
		if seconds < 0 {
			return fmt.Errorf("fakebcda: WithRetryAfter(%d): negative", seconds)
		}
		c.retryAfter = seconds
		return nil
	}
}

// WithRateLimit sets which ACOs the duplicate-job rule applies to, as
// bcda-app's rate_limit_config: all ACOs (all, as in production) or only the
// listed CMS IDs (the real sandbox lists one model entity,
// conf/configs/sandbox.yml). Test ACOs (bcda-app's testACORegex: TEST001,
// A9990…A9999, …) are exempt either way. Default: all.
//
//	fakebcda.New(fakebcda.WithRateLimit(false, "SBXAS001"))
func WithRateLimit(all bool, cmsIDs ...string) Option {
	return func(c *config) error {
		for _, id := range cmsIDs {
			if id == "" {
				return fmt.Errorf("fakebcda: WithRateLimit: empty CMS ID")
			}
		}
		c.rateLimitAll, c.rateLimitACOs = all, cmsIDs
		return nil
	}
}

// WithBatchSize sets how many beneficiaries go into one output file of type t
// (BCDA_FHIR_MAX_RECORDS_*). Defaults as BCDA: ExplanationOfBenefit 50,
// Patient 5000, Coverage 4000, Claim 4000, ClaimResponse 4000.
//
//	fakebcda.WithBatchSize(fhir.TypePatient, 10) // 50 beneficiaries → 5 Patient files
func WithBatchSize(t fhir.ResourceType, beneficiaries int) Option {
	return func(c *config) error {
		if beneficiaries < 1 {
			return fmt.Errorf("fakebcda: WithBatchSize(%s, %d): must be positive", t, beneficiaries)
		}
		switch t {
		case fhir.TypePatient, fhir.TypeCoverage, fhir.TypeExplanationOfBenefit, fhir.TypeClaim, fhir.TypeClaimResponse:
		default:
			return fmt.Errorf("fakebcda: WithBatchSize: unknown resource type %q", t)
		}
		c.batch[t] = beneficiaries
		return nil
	}
}

// WithLogger sets a logger for one debug line per request (never a token or
// secret). Default silent.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return fmt.Errorf("fakebcda: WithLogger: nil logger")
		}
		c.logger = l
		return nil
	}
}

// WithGzipLevel sets the compression level of stored files. Default
// gzip.BestSpeed (a legal BCDA COMPRESSION_LEVEL; files about 9x smaller
// than NDJSON, generated twice as fast as level 6). BCDA's own default is
// gzip.DefaultCompression (about 15x smaller): use it when the size on the
// wire matters, e.g. bandwidth-capped benchmarks.
func WithGzipLevel(level int) Option {
	return func(c *config) error {
		if level < gzip.HuffmanOnly || level > gzip.BestCompression {
			return fmt.Errorf("fakebcda: WithGzipLevel(%d): out of range", level)
		}
		c.gzipLevel = level
		return nil
	}
}

// WithCacheDir sets the directory where stored (gzipped) files are cached
// once generated. Default: a fresh temporary directory, removed by Close.
// A directory given here is not removed.
func WithCacheDir(dir string) Option {
	return func(c *config) error {
		if dir == "" {
			return fmt.Errorf("fakebcda: WithCacheDir: empty path")
		}
		c.cacheDir = dir
		return nil
	}
}

// WithReleaseVersion sets what GET /_version reports. Default "r292".
func WithReleaseVersion(v string) Option {
	return func(c *config) error { c.releaseVersion = v; return nil }
}

// WithRunoutIngestion sets when the ACOs' runout attribution data was
// ingested. BCDA serves Group/runout for 180 days after that and then
// answers 404 "runout data is no longer available. Runout data expires 180
// days after ingestion" (bcda-server.md §3.3; CMSgov/bcda-app
// bcda/api/requests.go bulkRequest, bcda/service/service.go
// GetCutoffTime); GET attribution_status reports the same instant as
// last_runout_update. Default: 30 days before the clock's time when the
// server is built, so runout exports work.
func WithRunoutIngestion(t time.Time) Option {
	return func(c *config) error {
		if t.IsZero() {
			return fmt.Errorf("fakebcda: WithRunoutIngestion: zero time")
		}
		c.runoutIngested = t
		return nil
	}
}
