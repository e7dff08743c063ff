package client

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
)

// retryLogger adapts a *slog.Logger to retryablehttp's LeveledLogger,
// scrubbing URLs on the way: retryablehttp logs request URLs with their
// query strings, which on presigned download URLs hold signatures.
// Its per-attempt "request failed" errors become warnings: a retried
// failure is not yet an error of the caller's.
type retryLogger struct{ l *slog.Logger }

func (r retryLogger) Error(msg string, kv ...any) { r.log(slog.LevelWarn, msg, kv) }
func (r retryLogger) Warn(msg string, kv ...any)  { r.log(slog.LevelWarn, msg, kv) }
func (r retryLogger) Info(msg string, kv ...any)  { r.log(slog.LevelInfo, msg, kv) }
func (r retryLogger) Debug(msg string, kv ...any) { r.log(slog.LevelDebug, msg, kv) }

func (r retryLogger) log(level slog.Level, msg string, kv []any) {
	ctx := context.Background()
	if !r.l.Enabled(ctx, level) {
		return
	}
	for i := 1; i < len(kv); i += 2 {
		switch v := kv[i].(type) {
		case string:
			kv[i] = scrubURLs(v)
		case error:
			kv[i] = scrubURLs(v.Error())
		case fmt.Stringer:
			kv[i] = scrubURLs(v.String())
		}
	}
	r.l.Log(ctx, level, "client: "+msg, kv...)
}

var urlPattern = regexp.MustCompile(`https?://[^\s"']+`)

// scrubURLs replaces every URL in s by its sanitized form.
func scrubURLs(s string) string {
	return urlPattern.ReplaceAllStringFunc(s, func(m string) string {
		u, err := url.Parse(m)
		if err != nil {
			return "<unparseable URL>"
		}
		return sanitizeURL(u)
	})
}
