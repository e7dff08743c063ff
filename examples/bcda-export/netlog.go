package main

import (
	"log/slog"
	"strings"
)

// netLogger shows the client's warnings (a request that failed or timed
// out and is about to be retried, named with its step, URL and limit) above
// the progress display, so that a silent server is never a silent wait.
// The client never logs tokens or secrets, and scrubs URLs.
func netLogger(rep *reporter) *slog.Logger {
	return slog.New(slog.NewTextHandler(lineWriter{rep}, &slog.HandlerOptions{
		Level: slog.LevelWarn,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && (a.Key == slog.TimeKey || a.Key == slog.LevelKey) {
				return slog.Attr{}
			}
			return a
		},
	}))
}

// lineWriter hands each log line to the reporter.
type lineWriter struct{ rep *reporter }

func (w lineWriter) Write(p []byte) (int, error) {
	w.rep.logf("%s", strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
