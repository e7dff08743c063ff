package export

import (
	"context"
	"time"
)

type throttleKey struct{}

type throttleFunc func(statusCode int, retryAfter time.Duration)

// ReportThrottle tells an export download in progress that a request made
// with ctx was answered 429 or 503 and is about to be retried after
// retryAfter (0 when unknown). The client's retry policy calls it, so that
// Download can lower its concurrency even when the retry then succeeds. It
// does nothing for a context that no download created.
func ReportThrottle(ctx context.Context, statusCode int, retryAfter time.Duration) {
	if ctx == nil {
		return
	}
	if fn, ok := ctx.Value(throttleKey{}).(throttleFunc); ok {
		fn(statusCode, retryAfter)
	}
}

func withThrottle(ctx context.Context, fn throttleFunc) context.Context {
	return context.WithValue(ctx, throttleKey{}, fn)
}
