package export

import (
	"os"

	"github.com/bcda-go/bcda/internal/perm"
)

// DownloadOption configures Download.
type DownloadOption func(*downloadConfig) error

type downloadConfig struct {
	concurrency int
	checkpoint  string
	progress    func(FileProgress)
	// modes are the files' and folders' modes; modesSet says Permissions
	// was given, which also applies them to what exists already.
	modes    perm.Modes
	modesSet bool
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

// Permissions sets the modes of what Download writes (data, error and .part
// files, manifest.json, the checkpoint, and the folders it creates) in place
// of the private default, files 0600 and folders 0700. BCDA files hold
// protected health information for every beneficiary of the ACO, so by
// default only the owner can read them, whatever the umask.
//
// Use it to share a folder with a group, such as a loader's service
// account: Permissions(0o640, 0o750), or 0o750|os.ModeSetgid so that the
// files take the folder's group. Given explicitly, the modes also apply to
// the folder and the saved files that exist already; without it, Download
// changes the mode of nothing it did not create.
//
// file must be permission bits only and dir permission bits plus, at most,
// os.ModeSetgid. Both must leave the owner full use (rw- and rwx). Bits for
// others (world) are refused: no account outside the owner and the group
// has a reason to read PHI, and a group is the way to share it. Group bits
// on files need group r-x on the folder, or the group could not reach them.
func Permissions(file, dir os.FileMode) DownloadOption {
	return func(c *downloadConfig) error {
		switch {
		case file&^0o777 != 0:
			return invalidf("Permissions: file mode %v: want permission bits only", file)
		case dir&^(0o777|os.ModeSetgid) != 0:
			return invalidf("Permissions: folder mode %v: want permission bits and at most setgid", dir)
		case file&0o600 != 0o600 || dir&0o700 != 0o700:
			return invalidf("Permissions(%#o, %#o): the owner needs rw- on files and rwx on folders", file.Perm(), dir.Perm())
		case file&0o111 != 0:
			return invalidf("Permissions: file mode %#o: data files are not executable", file.Perm())
		case (file|dir)&0o007 != 0:
			return invalidf("Permissions(%#o, %#o): no bits for others: the files hold PHI; share them with a group (0o640, 0o750)", file.Perm(), dir.Perm())
		case file&0o070 != 0 && dir&0o050 != 0o050:
			return invalidf("Permissions(%#o, %#o): the group may read the files but cannot open the folder (want r-x for the group on it)", file.Perm(), dir.Perm())
		}
		c.modes, c.modesSet = perm.Modes{File: file, Dir: dir}, true
		return nil
	}
}
