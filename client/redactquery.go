package client

import (
	"net/url"
	"strings"
)

// redactQuery replaces the value of every secret-looking parameter of a raw
// query string by REDACTED and keeps the rest as written. It works on the
// raw text rather than on url.ParseQuery, which silently drops the pairs it
// cannot parse (a ";" or a bad escape) and would let their secrets
// through. Both "&" and ";" separate pairs here, as some servers accept
// either, and so does a "?" inside the query: a value such as
// "?sig=X" (a URL passed along unescaped) is then read as the pair it
// looks like and redacted, which costs nothing when it is only a value.
func redactQuery(raw string) string {
	var b strings.Builder
	for raw != "" {
		pair, rest := raw, ""
		if i := strings.IndexAny(raw, "&;?"); i >= 0 {
			pair, rest = raw[:i], raw[i:]
		}
		key, _, _ := strings.Cut(pair, "=")
		name, err := url.QueryUnescape(key)
		if err != nil {
			name = key
		}
		if secretParam(name) {
			pair = key + "=REDACTED"
		}
		b.WriteString(pair)
		if rest != "" {
			b.WriteByte(rest[0])
			rest = rest[1:]
		}
		raw = rest
	}
	return b.String()
}
