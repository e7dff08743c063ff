package fakebcda

import (
	"net/http"
	"time"
)

// responseWriter records status and size for the request log and applies
// the bandwidth cap and the mid-file cut.
type responseWriter struct {
	http.ResponseWriter
	s       *Server
	rec     *Request
	status  int
	written int64

	rate    int64 // bytes per second, 0 unlimited
	started time.Time

	cutAt   int64 // with cut: abort once this many body bytes are written
	cut     bool
	aborted bool
}

func (w *responseWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *responseWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if w.aborted {
		return 0, http.ErrAbortHandler
	}
	total := 0
	for len(p) > 0 {
		chunk := p
		if w.rate > 0 {
			// Small chunks so that the cap holds over short windows too.
			if max := max(int(w.rate/20), 512); len(chunk) > max {
				chunk = chunk[:max]
			}
		}
		if w.cut && w.written+int64(len(chunk)) >= w.cutAt {
			chunk = chunk[:w.cutAt-w.written]
			n, _ := w.ResponseWriter.Write(chunk)
			w.written += int64(n)
			if f, ok := w.ResponseWriter.(http.Flusher); ok {
				f.Flush()
			}
			w.aborted = true
			// Abort: net/http drops the connection without finishing the
			// chunked body, so the client sees an unexpected EOF.
			panic(http.ErrAbortHandler)
		}
		n, err := w.ResponseWriter.Write(chunk)
		w.written += int64(n)
		total += n
		if err != nil {
			return total, err
		}
		p = p[len(chunk):]
		if w.rate > 0 {
			w.throttle()
		}
	}
	return total, nil
}

func (w *responseWriter) throttle() {
	if w.started.IsZero() {
		w.started = time.Now()
	}
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
	due := w.started.Add(time.Duration(float64(w.written) / float64(w.rate) * float64(time.Second)))
	if d := time.Until(due); d > 0 {
		time.Sleep(d)
	}
}

// Flush passes through, so that streamed bodies reach the client as written.
func (w *responseWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *responseWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
