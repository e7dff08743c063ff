package export

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bcda-go/bcda/internal/backoff"
	"github.com/bcda-go/bcda/internal/seam"
)

// Retry budget for one file: a resume or refetch that makes no progress
// counts against maxStalls; maxResumes bounds the total whatever happens.
const (
	maxStalls  = 5
	maxResumes = 50
	maxPause   = 5 * time.Second
)

// statusError is a file request answered with an unexpected status. It
// wraps the client's error and keeps what Download needs to throttle.
type statusError struct {
	code       int
	retryAfter time.Duration
	url        string
	total      int64 // a 416's "bytes */N", else -1
	err        error
}

func (e *statusError) Error() string {
	return fmt.Sprintf("export: downloading %s: %v", e.url, e.err)
}

func (e *statusError) Unwrap() error { return e.err }

func (e *statusError) transient() bool {
	switch e.code {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout, http.StatusInternalServerError:
		return true
	}
	return false
}

// Open streams a file of the job's manifest, decompressed. It asks for gzip
// and checks every gzip member's CRC and length; plain bodies are accepted
// too. The bearer token is sent only when the manifest requires one and the
// file is on the API's own origin. When the connection drops or the stream
// ends early, Open resumes transparently — with a Range request on the
// compressed bytes when the server honours it, otherwise by fetching the
// file again and skipping what was already delivered — so the reader sees
// every byte exactly once. When the retry budget is spent, Read returns a
// *FileError naming the file and the byte offset. A stream that arrives
// damaged (a bad checksum) is not patched up, since bytes already delivered
// may be wrong too: Read fails with a *FileError wrapping gzip.ErrChecksum
// or a flate error, and the caller reads the file again from the start.
//
// Before the job's manifest is known (Poll or Wait), Open assumes a token is
// required, as BCDA always does; it still goes only to the base origin.
//
// ctx governs the whole stream, not just the first request. Close the
// reader when done.
func (j *Job) Open(ctx context.Context, f File) (io.ReadCloser, error) {
	fr, err := j.openFile(ctx, f)
	if err != nil {
		return nil, err
	}
	return fr, nil
}

func (j *Job) openFile(ctx context.Context, f File) (*fileReader, error) {
	u, err := url.Parse(f.URL)
	if err != nil || !u.IsAbs() {
		return nil, invalidf("file URL %q is not absolute", f.URL)
	}
	token := true
	if m := j.knownManifest(); m != nil {
		token = m.RequiresAccessToken
	}
	fr := &fileReader{
		ctx:       ctx,
		conn:      &j.conn,
		hc:        j.conn.clientFor(u, token),
		u:         u,
		name:      redact(u),
		retryBase: j.retryBase,
	}
	resp, err := fr.get(-1)
	if err != nil {
		return nil, err
	}
	if err := fr.start(resp); err != nil {
		fr.Close()
		return nil, err
	}
	return fr, nil
}

// fileReader is the decompressed stream of one file. Below the gzip
// decoder sits a rawReader that resumes a cut body with Range without the
// decoder noticing; anything the decoder does notice (an early EOF, a bad
// checksum) makes fileReader fetch the file again and skip what it has
// already delivered.
type fileReader struct {
	ctx       context.Context
	conn      *connection
	hc        *http.Client
	u         *url.URL
	name      string
	retryBase time.Duration

	raw *rawReader
	br  *bufio.Reader
	gz  *gzip.Reader
	dec io.Reader // gz or br; nil when the pipeline needs rebuilding

	delivered int64 // decompressed bytes handed to the caller
	skip      int64 // bytes still to discard after a refetch
	pending   *http.Response
	cause     error // why the pipeline was dropped

	stalls, resumes int
	markDelivered   int64
	markRaw         int64
	markGen         int
	gen             int

	err    error
	closed bool
}

// get sends one GET for the file, with a Range from offset when from >= 0.
// A non-2xx response becomes a *statusError.
func (f *fileReader) get(from int64) (*http.Response, error) {
	req, err := f.conn.newRequest(f.ctx, http.MethodGet, f.u, mediaFHIRNDJSON, false)
	if err != nil {
		return nil, err
	}
	// Set by hand, so net/http leaves the body compressed for us to verify.
	req.Header.Set("Accept-Encoding", "gzip")
	if from >= 0 {
		req.Header.Set("Range", "bytes="+strconv.FormatInt(from, 10)+"-")
		if f.raw != nil && f.raw.validator != "" {
			req.Header.Set("If-Range", f.raw.validator)
		}
	}
	resp, err := f.hc.Do(req)
	if err != nil {
		// net/http names the full URL, query string (signatures) included.
		var ue *url.Error
		if errors.As(err, &ue) {
			ue.URL = f.name
		}
		return nil, fmt.Errorf("export: downloading %s: %w", f.name, err)
	}
	if resp.StatusCode/100 == 2 {
		return resp, nil
	}
	ra := parseRetryAfter(resp.Header, time.Now())
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		seam.ReportThrottle(f.ctx, resp.StatusCode, ra)
	}
	se := &statusError{code: resp.StatusCode, retryAfter: ra, url: f.name, total: -1}
	if resp.StatusCode == http.StatusRequestedRangeNotSatisfiable {
		se.total = unsatisfiedLength(resp.Header.Get("Content-Range"))
	}
	se.err = f.conn.CheckResponse(resp)
	return nil, se
}

// start builds the decoding pipeline on a full (200) response.
func (f *fileReader) start(resp *http.Response) error {
	if resp.StatusCode != http.StatusOK {
		drain(resp.Body)
		return fmt.Errorf("export: downloading %s: unexpected status %s", f.name, resp.Status)
	}
	f.gen++
	enc := contentEncoding(resp.Header)
	switch enc {
	case "", "identity", "gzip", "x-gzip":
	default:
		drain(resp.Body)
		return fmt.Errorf("export: downloading %s: unsupported Content-Encoding %q", f.name, enc)
	}
	f.raw = &rawReader{f: f, body: resp.Body, length: resp.ContentLength, encoding: enc}
	if et := resp.Header.Get("ETag"); et != "" && !strings.HasPrefix(et, "W/") {
		f.raw.validator = et
	} else if lm := resp.Header.Get("Last-Modified"); lm != "" {
		f.raw.validator = lm
	}
	if f.br == nil {
		f.br = bufio.NewReaderSize(f.raw, 64<<10)
	} else {
		f.br.Reset(f.raw)
	}
	isGzip := enc == "gzip" || enc == "x-gzip"
	if !isGzip {
		// Some object stores serve .gz files without Content-Encoding; NDJSON
		// never starts with the gzip magic.
		if b, err := f.br.Peek(2); err == nil && b[0] == 0x1f && b[1] == 0x8b {
			isGzip = true
		} else if err != nil && err != io.EOF {
			return f.pipelineError(err)
		}
	}
	if !isGzip {
		f.dec = f.br
		return nil
	}
	var err error
	if f.gz == nil {
		f.gz, err = gzip.NewReader(f.br)
	} else {
		err = f.gz.Reset(f.br)
	}
	if err == io.EOF && resp.ContentLength == 0 {
		f.dec = eofReader{}
		return nil
	}
	if err != nil {
		return f.pipelineError(err)
	}
	f.dec = f.gz
	return nil
}

// contentEncoding is the response's Content-Encoding, normalised so that a
// resumed range can be compared with the response it continues.
func contentEncoding(h http.Header) string {
	return strings.ToLower(strings.TrimSpace(h.Get("Content-Encoding")))
}

// pipelineError drops the current pipeline after a read failure so that the
// next Read refetches; it returns nil when a retry is allowed.
func (f *fileReader) pipelineError(err error) error {
	f.dec = nil
	f.cause = err
	if f.raw != nil {
		_ = f.raw.body.Close()
	}
	return nil
}

// corrupt reports a gzip stream that arrived damaged rather than short.
func corrupt(err error) bool {
	var ce flate.CorruptInputError
	return errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.As(err, &ce)
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

// Read implements io.Reader.
func (f *fileReader) Read(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	for {
		if f.dec == nil {
			if err := f.refetch(); err != nil {
				f.err = err
				return 0, err
			}
			continue
		}
		if f.skip > 0 {
			n, err := f.dec.Read(p[:min(int64(len(p)), f.skip)])
			f.skip -= int64(n)
			if err == io.EOF && f.skip > 0 {
				err = fmt.Errorf("file shorter on refetch (%d bytes missing)", f.skip)
			}
			if spent := f.budgetSpent(err); spent != nil {
				return 0, spent
			}
			if err != nil && err != io.EOF {
				_ = f.pipelineError(err)
			}
			continue
		}
		n, err := f.dec.Read(p)
		f.delivered += int64(n)
		switch {
		case err == nil:
			return n, nil
		case err == io.EOF:
			f.err = io.EOF
			f.release()
			return n, io.EOF
		case f.ctx.Err() != nil:
			f.err = &FileError{URL: f.name, Offset: f.delivered, Err: f.ctx.Err()}
			f.release()
			return n, f.err
		case f.budgetSpent(err) != nil:
			return n, f.err
		case corrupt(err):
			// The bytes already delivered may be wrong too: only a fetch from
			// the start can repair this, which is the caller's call.
			f.err = &FileError{URL: f.name, Offset: f.delivered, Err: err}
			f.release()
			return n, f.err
		}
		f.conn.debug("export: file stream broken", "url", f.name, "offset", f.delivered, "err", err)
		_ = f.pipelineError(err)
		if n > 0 {
			return n, nil
		}
	}
}

// budgetSpent reports, as the reader's final error, a *FileError that came
// up through the decoder: the raw stream's resumes used up the retry
// budget, and a refetch would only charge it again and wrap the error twice.
func (f *fileReader) budgetSpent(err error) error {
	var fe *FileError
	if !errors.As(err, &fe) {
		return nil
	}
	f.err = &FileError{URL: f.name, Offset: f.delivered, Err: fe.Err}
	f.release()
	return f.err
}

// refetch rebuilds the pipeline from a fresh full response and arranges to
// skip the bytes already delivered.
func (f *fileReader) refetch() error {
	resp := f.pending
	f.pending = nil
	if resp == nil {
		if err := f.allowRetry(f.cause); err != nil {
			return err
		}
		var err error
		resp, err = f.get(-1)
		if err != nil {
			var se *statusError
			if errors.As(err, &se) && !se.transient() {
				return &FileError{URL: f.name, Offset: f.delivered, Err: err}
			}
			f.cause = err
			if se != nil && se.retryAfter > 0 {
				if err := f.pause(se.retryAfter); err != nil {
					return err
				}
			}
			return nil // try again, within the budget
		}
	}
	f.conn.debug("export: refetching file", "url", f.name, "skip", f.delivered)
	f.skip = f.delivered
	if err := f.start(resp); err != nil {
		return &FileError{URL: f.name, Offset: f.delivered, Err: err}
	}
	return nil
}

// allowRetry charges one retry to the file's budget and pauses before it
// when the previous one made no progress.
func (f *fileReader) allowRetry(cause error) error {
	if err := f.ctx.Err(); err != nil {
		return &FileError{URL: f.name, Offset: f.delivered, Err: err}
	}
	rawOff := int64(0)
	if f.raw != nil {
		rawOff = f.raw.off
	}
	if f.delivered > f.markDelivered || (f.gen == f.markGen && rawOff > f.markRaw) {
		f.stalls = 0
	}
	f.markDelivered, f.markRaw, f.markGen = f.delivered, rawOff, f.gen
	f.stalls++
	f.resumes++
	if f.stalls > maxStalls || f.resumes > maxResumes {
		if cause == nil {
			cause = errors.New("retry budget spent")
		}
		return &FileError{URL: f.name, Offset: f.delivered, Err: fmt.Errorf("gave up after %d attempts: %w", f.resumes, cause)}
	}
	if f.stalls > 1 {
		return f.pause(backoff.Delay(f.stalls-2, f.retryBase, maxPause))
	}
	return nil
}

func (f *fileReader) pause(d time.Duration) error {
	if err := sleep(f.ctx, d); err != nil {
		return &FileError{URL: f.name, Offset: f.delivered, Err: err}
	}
	return nil
}

func (f *fileReader) release() {
	if f.raw != nil {
		_ = f.raw.body.Close()
	}
	if f.pending != nil {
		drain(f.pending.Body)
		f.pending = nil
	}
}

// Close releases the connection. It is safe to call more than once.
func (f *fileReader) Close() error {
	if f.closed {
		return nil
	}
	f.closed = true
	f.release()
	if f.err == nil {
		f.err = errors.New("export: read on closed file")
	}
	return nil
}

// rawReader is a response body that survives a cut connection: it asks for
// the rest with a Range request and carries on, so the decoder above it
// never sees the break. When the server will not resume, it hands the full
// response it got instead to fileReader and reports errRefetch.
type rawReader struct {
	f         *fileReader
	body      io.ReadCloser
	off       int64 // bytes of the (compressed) representation consumed
	length    int64 // full length when known, else -1
	encoding  string
	validator string
	held      error // an error that arrived together with data
}

var errRefetch = errors.New("export: server restarted the file")

func (r *rawReader) Read(p []byte) (int, error) {
	for {
		var n int
		var err error
		if r.held != nil {
			err, r.held = r.held, nil
		} else {
			n, err = r.body.Read(p)
			r.off += int64(n)
		}
		if err == io.EOF && r.length >= 0 && r.off < r.length {
			err = io.ErrUnexpectedEOF
		}
		if err == nil || err == io.EOF {
			return n, err
		}
		if n > 0 {
			r.held = err
			return n, nil
		}
		if r.f.ctx.Err() != nil {
			return 0, r.f.ctx.Err()
		}
		if rerr := r.resume(err); rerr != nil {
			return 0, rerr
		}
	}
}

// resume swaps in a body that continues at r.off. It returns nil when it
// did, and otherwise the error for the decoder.
func (r *rawReader) resume(cause error) error {
	f := r.f
	if err := f.allowRetry(cause); err != nil {
		return err
	}
	_ = r.body.Close()
	f.conn.debug("export: resuming file", "url", f.name, "offset", r.off, "cause", cause)
	resp, err := f.get(r.off)
	if err != nil {
		// The connection broke after the last byte but before the body's
		// end was seen: nothing is missing, so this is the end of the file.
		// The decoder still checks that its stream is complete.
		var se *statusError
		if errors.As(err, &se) && se.total == r.off {
			r.body = http.NoBody
			return io.EOF
		}
		return fmt.Errorf("%w (resume failed: %v)", cause, err)
	}
	if resp.StatusCode == http.StatusOK {
		f.pending = resp
		return errRefetch
	}
	start, total, ok := parseContentRange(resp.Header.Get("Content-Range"))
	enc := contentEncoding(resp.Header)
	if resp.StatusCode != http.StatusPartialContent || !ok || start != r.off || enc != r.encoding {
		drain(resp.Body)
		return fmt.Errorf("%w (server sent an unusable range response)", cause)
	}
	r.body = resp.Body
	if total >= 0 {
		r.length = total
	} else if r.length >= 0 && resp.ContentLength >= 0 && r.off+resp.ContentLength != r.length {
		r.length = r.off + resp.ContentLength
	}
	return nil
}

// unsatisfiedLength reads the complete length from a 416's Content-Range,
// "bytes */LENGTH" (RFC 9110 §14.4, unsatisfied-range); -1 when absent or
// malformed.
func unsatisfiedLength(v string) int64 {
	rest, ok := cutRangeUnit(v)
	if !ok {
		return -1
	}
	rest, ok = strings.CutPrefix(rest, "*/")
	if !ok {
		return -1
	}
	n, ok := rangeDigits(rest)
	if !ok {
		return -1
	}
	return n
}

// parseContentRange reads a 206's Content-Range, "bytes FIRST-LAST/LENGTH"
// with LENGTH possibly "*" (RFC 9110 §14.4, range-resp), and returns FIRST
// and LENGTH (-1 for "*"). Like the RFC it refuses a LAST below FIRST and a
// LENGTH not above LAST, and it takes plain digits only (no sign, no
// space): a resume must continue exactly where the server says it does.
func parseContentRange(v string) (start, total int64, ok bool) {
	rest, ok := cutRangeUnit(v)
	if !ok {
		return 0, 0, false
	}
	rng, length, ok := strings.Cut(rest, "/")
	if !ok {
		return 0, 0, false
	}
	first, last, ok := strings.Cut(rng, "-")
	if !ok {
		return 0, 0, false
	}
	start, ok1 := rangeDigits(first)
	end, ok2 := rangeDigits(last)
	if !ok1 || !ok2 || end < start {
		return 0, 0, false
	}
	total = -1
	if length != "*" {
		if total, ok = rangeDigits(length); !ok || total <= end {
			return 0, 0, false
		}
	}
	return start, total, true
}

// cutRangeUnit strips the "bytes " that starts a Content-Range (range units
// compare case-insensitively, RFC 9110 §14.1).
func cutRangeUnit(v string) (string, bool) {
	unit, rest, ok := strings.Cut(strings.TrimSpace(v), " ")
	return rest, ok && strings.EqualFold(unit, "bytes")
}

// rangeDigits reads 1*DIGIT, the RFC's first-pos, last-pos and
// complete-length, refusing signs and values beyond int64.
func rangeDigits(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}
