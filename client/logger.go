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

// Schemes are case-insensitive (RFC 3986 §3.1): "HTTPS://" is a URL too.
var urlPattern = regexp.MustCompile(`(?i)https?://[^\s"']+`)

// queryPairPattern is a query parameter anywhere in a text: a separator,
// a name, "=" and a value. A "?" ends the value, as it ends a pair in
// redactQuery: in "&next=?sig=X" the "?sig=" pair must be seen on its own,
// not swallowed as the value of "next".
var queryPairPattern = regexp.MustCompile(`[?&;][^=\s&;?#"'\\]+=[^\s&;?#"'\\]*`)

// scrubURLs redacts every secret-looking name=value pair anywhere in s,
// then replaces every URL by its sanitized form, which also drops user
// information. The pairs go first, on the text as written: a URL pattern
// can cut a URL short (a quote inside its query, as in a %q-quoted error),
// and sanitizing can remove the very separator that marks a pair (in
// "http://&@sig=X" the "&" is user information).
func scrubURLs(s string) string {
	s = queryPairPattern.ReplaceAllStringFunc(s, func(m string) string {
		return m[:1] + redactQuery(m[1:])
	})
	return urlPattern.ReplaceAllStringFunc(s, func(m string) string {
		u, err := url.Parse(m)
		if err != nil {
			return "<unparseable URL>"
		}
		return sanitizeURL(u)
	})
}
