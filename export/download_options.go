package export

// DownloadOption configures Download.
type DownloadOption func(*downloadConfig) error

type downloadConfig struct {
	concurrency int
	checkpoint  string
	progress    func(FileProgress)
}

// FileProgress reports how far one file has got, for OnFileProgress.
type FileProgress struct {
	File File
	Kind FileKind
	// Name is the file's name in the directory.
	Name string
	// Bytes is the number of decompressed bytes written so far.
	Bytes int64
	// Done is true on the file's last report; Skipped then says the
	// checkpoint showed it complete, and Err is set if it failed.
	Done    bool
	Skipped bool
	Err     error
}

// OnFileProgress calls fn as files progress: about every 256 KiB written,
// and once more when a file is done (or skipped, or failed). fn is called
// from the download goroutines, concurrently; keep it quick.
func OnFileProgress(fn func(FileProgress)) DownloadOption {
	return func(c *downloadConfig) error {
		if fn == nil {
			return invalidf("OnFileProgress: nil function")
		}
		c.progress = fn
		return nil
	}
}

// Concurrency sets how many files download at once (default 4, at most 64).
// When the server answers 429 or 503 the number in flight halves, then grows
// back by one per run of successful files.
func Concurrency(n int) DownloadOption {
	return func(c *downloadConfig) error {
		if n < 1 || n > 64 {
			return invalidf("Concurrency(%d): want 1..64", n)
		}
		c.concurrency = n
		return nil
	}
}

// Checkpoint keeps a JSON record at path of every finished file (SHA-256,
// bytes, lines). A later Download of the same job with the same checkpoint
// skips files whose bytes on disk still match and fetches the rest again.
func Checkpoint(path string) DownloadOption {
	return func(c *downloadConfig) error {
		if path == "" {
			return invalidf("Checkpoint: empty path")
		}
		c.checkpoint = path
		return nil
	}
}
