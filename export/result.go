package export

import "time"

// FileKind says which manifest list a file came from.
type FileKind string

// File kinds.
const (
	KindOutput  FileKind = "output"
	KindError   FileKind = "error"
	KindDeleted FileKind = "deleted"
)

// FileResult describes one downloaded file.
type FileResult struct {
	File File
	Kind FileKind
	// Name is the file's name in the directory ("Patient-001.ndjson": by
	// type, kind and manifest order; the server's name is in File.URL) and
	// Path its full path.
	Name string
	Path string
	// Bytes and Lines count the decompressed content; SHA256 is its hex
	// digest.
	Bytes  int64
	Lines  int64
	SHA256 string
	// Duration is the time spent fetching and writing the file.
	Duration time.Duration
	// Skipped is true when the checkpoint showed the file already complete
	// and its bytes on disk matched.
	Skipped bool
	// Err is why the file could not be downloaded; nil on success.
	Err error
}

// DownloadResult is the outcome of Download.
type DownloadResult struct {
	// Dir is the directory the files were written to; Manifest the job's
	// manifest they came from.
	Dir      string
	Manifest *Manifest
	// Files holds one entry per manifest file, in manifest order (output,
	// then error, then deleted).
	Files []FileResult
	// Bytes is the total size written by this call (skipped files excluded).
	Bytes int64
	// Errors and Warnings are the issues of the error files: severity fatal
	// or error, and warning or information (v3's warnings-and-info.ndjson).
	// At most 1,000 of each are kept; the counts are exact.
	Errors       []Issue
	Warnings     []Issue
	ErrorCount   int
	WarningCount int
	// Throttles counts how often the server pushed back (429/503) and
	// MinConcurrency the lowest concurrency that caused.
	Throttles      int
	MinConcurrency int
	// Duration is the wall time of the whole Download.
	Duration time.Duration
}
