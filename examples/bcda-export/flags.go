package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// defaultBaseURL is the public BCDA sandbox; production is https://api.bcda.cms.gov.
const defaultBaseURL = "https://sandbox.bcda.cms.gov"

// stateFileName is the state file's name inside -out when -state is not given.
// It must never end in .ndjson: everything under -out with that suffix is data.
const stateFileName = ".bcda-export-state.json"

// config is the validated command line.
type config struct {
	BaseURL      string
	BaseURLSet   bool // -base-url or BCDA_BASE_URL was given explicitly
	ClientID     string
	ClientSecret string
	Version      string   // v1, v2 or v3
	Group        string   // "", "all" or "runout"
	Types        []string // nil: every type the server offers this ACO on this version
	Since        time.Time
	SinceAuto    bool
	TypeFilter   string
	Out          string
	Concurrency  int
	StatePath    string
	KeepJob      bool
	NoProgress   bool
	Sandbox      bool
	// GroupReadable widens what the command writes from 0600 files and
	// 0700 folders to 0640 and 0750.
	GroupReadable bool
	BusyWait      time.Duration // how long a refused kick-off (429) may wait in all
	IdleTimeout   time.Duration // a connection silent this long is abandoned
}

// Defaults of -busy-wait and -idle-timeout.
const (
	defaultBusyWait    = 30 * time.Minute
	defaultIdleTimeout = 30 * time.Second
)

// usageError is a bad flag or argument: exit status 2, detected before any request.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// versionTypes lists the resource types each API version exports. Claim and
// ClaimResponse (v2) are served only to ACOs entitled to partially adjudicated
// claims; the server refuses them for others with a clear message.
var versionTypes = map[string][]string{
	"v1": {"Patient", "Coverage", "ExplanationOfBenefit"},
	"v2": {"Patient", "Coverage", "ExplanationOfBenefit", "Claim", "ClaimResponse"},
	"v3": {"Patient", "Coverage", "ExplanationOfBenefit"},
}

const usageText = `Usage: bcda-export [flags]

Runs a BCDA bulk export ($export), waits for it, and saves every output and
error file decompressed as NDJSON under -out. Reruns with the same -out/-state
re-attach to an unfinished job and skip files already saved and verified.

Flags:
  -base-url URL      API base (env BCDA_BASE_URL; default https://sandbox.bcda.cms.gov)
  -client-id ID      (env BCDA_CLIENT_ID)
  -client-secret S   (env BCDA_CLIENT_SECRET)
  -api v1|v2|v3      API version (default v3)
  -group all|runout  Group export (default: none, i.e. Patient/$export)
  -types T1,T2       resource types (default: every type the version offers)
  -since INSTANT|auto  only data changed since INSTANT (RFC 3339 with a zone);
                     auto = the transactionTime of the last successful run
  -type-filter Q     _typeFilter, v3 only (e.g. "ExplanationOfBenefit?outcome=complete")
  -out DIR           output directory (default ./bcda-data)
  -concurrency N     parallel downloads (default 4)
  -state FILE        state file (default DIR/.bcda-export-state.json)
  -keep-job          on interrupt, leave the server job running (a job this
                     command adopted from another process is always left running)
  -busy-wait D       while BCDA refuses the kick-off because an overlapping job
                     runs (429), wait and retry for up to D in all (default 30m; 0: fail at once)
  -idle-timeout D    abandon a request whose server sends nothing for D (no
                     response headers, or a body gone silent) and retry or resume
                     (default 30s)
  -no-progress       no progress display
  -sandbox           use the built-in sandbox (the default when no credentials are set)
  -group-readable    let the folder's group read what is saved: files 0640 and
                     folders 0750 instead of 0600 and 0700 (the files hold PHI)

Exit status: 0 success; 1 the export or a download failed; 2 bad flags or
arguments; 130 interrupted (the server job is cancelled if this command
started it, unless -keep-job).
`

// parseFlags parses and validates args. now is the current time, used to
// refuse a -since in the future. Errors are *usageError, except for -h
// (flag.ErrHelp).
func parseFlags(args []string, getenv func(string) string, now time.Time, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("bcda-export", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported once, by the caller
	fs.Usage = func() {}
	var (
		baseURL    = fs.String("base-url", "", "")
		clientID   = fs.String("client-id", "", "")
		secret     = fs.String("client-secret", "", "")
		version    = fs.String("api", "v3", "")
		group      = fs.String("group", "", "")
		types      = fs.String("types", "", "")
		since      = fs.String("since", "", "")
		typeFilter = fs.String("type-filter", "", "")
		out        = fs.String("out", "./bcda-data", "")
		conc       = fs.Int("concurrency", 4, "")
		statePath  = fs.String("state", "", "")
		keepJob    = fs.Bool("keep-job", false, "")
		noProgress = fs.Bool("no-progress", false, "")
		sandbox    = fs.Bool("sandbox", false, "")
		groupRead  = fs.Bool("group-readable", false, "")
		busyWait   = fs.Duration("busy-wait", defaultBusyWait, "")
		idle       = fs.Duration("idle-timeout", defaultIdleTimeout, "")
	)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stderr, usageText)
			return nil, err
		}
		return nil, &usageError{msg: err.Error()}
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q (all options are flags)", fs.Arg(0))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	cfg := &config{
		BaseURL:      *baseURL,
		ClientID:     *clientID,
		ClientSecret: *secret,
		Version:      strings.ToLower(strings.TrimSpace(*version)),
		Group:        strings.TrimSpace(*group),
		TypeFilter:   *typeFilter,
		Out:          *out,
		Concurrency:  *conc,
		StatePath:    *statePath,
		KeepJob:      *keepJob,
		NoProgress:   *noProgress,
		Sandbox:      *sandbox,

		GroupReadable: *groupRead,
		BusyWait:      *busyWait,
		IdleTimeout:   *idle,
	}
	if cfg.Sandbox && set["base-url"] {
		return nil, usagef("-sandbox and -base-url exclude each other: -sandbox runs the built-in sandbox on this machine (drop -base-url), -base-url names a real server (drop -sandbox)")
	}
	if cfg.BusyWait < 0 {
		return nil, usagef("-busy-wait %v: want 0 or more", cfg.BusyWait)
	}
	if cfg.IdleTimeout <= 0 {
		return nil, usagef("-idle-timeout %v: want more than 0 (a connection may not hang for ever)", cfg.IdleTimeout)
	}
	cfg.BaseURLSet = set["base-url"]
	if !set["base-url"] {
		if v := getenv("BCDA_BASE_URL"); v != "" {
			cfg.BaseURL, cfg.BaseURLSet = v, true
		} else {
			cfg.BaseURL = defaultBaseURL
		}
	}
	if !set["client-id"] {
		cfg.ClientID = getenv("BCDA_CLIENT_ID")
	}
	if !set["client-secret"] {
		cfg.ClientSecret = getenv("BCDA_CLIENT_SECRET")
	}

	if _, ok := versionTypes[cfg.Version]; !ok {
		return nil, usagef("-api %q: want v1, v2 or v3", *version)
	}
	switch cfg.Group {
	case "", "all", "runout":
	default:
		return nil, usagef("-group %q: want all or runout (or omit it for Patient/$export)", cfg.Group)
	}
	if err := cfg.parseTypes(*types); err != nil {
		return nil, err
	}
	if err := cfg.parseSince(*since, now); err != nil {
		return nil, err
	}
	if cfg.TypeFilter != "" && cfg.Version != "v3" {
		return nil, usagef("-type-filter is supported on v3 only (got -api %s)", cfg.Version)
	}
	if cfg.Concurrency < 1 || cfg.Concurrency > 64 {
		return nil, usagef("-concurrency %d: want 1 to 64", cfg.Concurrency)
	}
	if cfg.Out == "" {
		return nil, usagef("-out must not be empty")
	}
	if cfg.StatePath == "" {
		cfg.StatePath = filepath.Join(cfg.Out, stateFileName)
	}
	if strings.HasSuffix(cfg.StatePath, ".ndjson") {
		return nil, usagef("-state %q must not end in .ndjson", cfg.StatePath)
	}

	if (cfg.ClientID == "") != (cfg.ClientSecret == "") {
		return nil, usagef("set both -client-id and -client-secret (or BCDA_CLIENT_ID and BCDA_CLIENT_SECRET), or neither to use the built-in sandbox")
	}
	if cfg.ClientID == "" && !cfg.Sandbox {
		if cfg.BaseURLSet {
			return nil, usagef("no credentials for %s: set -client-id and -client-secret (or BCDA_CLIENT_ID and BCDA_CLIENT_SECRET), or use -sandbox", cfg.BaseURL)
		}
		cfg.Sandbox = true
	}
	if !cfg.Sandbox {
		if err := checkBaseURL(cfg.BaseURL); err != nil {
			return nil, err
		}
	}
	return cfg, nil
}

func (cfg *config) parseTypes(list string) error {
	if strings.TrimSpace(list) == "" {
		return nil
	}
	allowed := versionTypes[cfg.Version]
	for _, t := range strings.Split(list, ",") {
		t = strings.TrimSpace(t)
		if t == "" {
			return usagef("-types %q: empty type name", list)
		}
		if !slices.Contains(allowed, t) {
			return usagef("-types: %s is not a resource type of BCDA %s (want one of %s)", t, cfg.Version, strings.Join(allowed, ", "))
		}
		if slices.Contains(cfg.Types, t) {
			return usagef("-types: %s is repeated", t)
		}
		cfg.Types = append(cfg.Types, t)
	}
	return nil
}

// parseSince accepts "auto" or a FHIR instant: a date, a time and a zone.
// BCDA rejects a date alone, a time without a zone and a future instant; so do we,
// before any request.
func (cfg *config) parseSince(s string, now time.Time) error {
	s = strings.TrimSpace(s)
	switch s {
	case "":
		return nil
	case "auto":
		cfg.SinceAuto = true
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return usagef("-since %q: want an instant with a time and a zone, like 2024-01-02T15:04:05Z or 2024-01-02T10:04:05-05:00 (or auto)", s)
	}
	if t.After(now) {
		return usagef("-since %s is in the future", s)
	}
	cfg.Since = t
	return nil
}

func checkBaseURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return usagef("-base-url %q: want an absolute http(s) URL such as %s", s, defaultBaseURL)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return usagef("-base-url %q: want scheme, host and optional path only", s)
	}
	// BCDA serves /auth, /api and /data from the host root (bcda-app
	// bcda/bcdacli/cli.go); a URL naming one of them would fail only after
	// requests, with a 404 from /api/v3/auth/token.
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i, seg := range segs {
		if seg == "api" || seg == "auth" || seg == "data" {
			root := *u
			root.Path = strings.TrimRight("/"+strings.Join(segs[:i], "/"), "/")
			hint := ""
			if seg == "api" && i+1 < len(segs) && versionTypes[segs[i+1]] != nil {
				hint = " -api " + segs[i+1]
			}
			return usagef("-base-url %s names the endpoint path /%s: give the server root instead: -base-url %s%s",
				s, strings.Join(segs[i:], "/"), root.String(), hint)
		}
	}
	return nil
}

// modes are the modes of the files and folders the command creates: private
// by default, because BCDA files hold PHI for every beneficiary of the ACO.
func (cfg *config) modes() modes {
	if cfg.GroupReadable {
		return groupModes
	}
	return privateModes
}
