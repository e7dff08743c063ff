package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/bcda-go/bcda/auth"
	"github.com/bcda-go/bcda/client"
	"github.com/bcda-go/bcda/client/offline"
	"github.com/bcda-go/bcda/fhir/view/bcda"
)

const (
	exitOK          = 0
	exitFailed      = 1
	exitUsage       = 2
	exitInterrupted = 130
)

// config is what the flags say.
type config struct {
	to          string
	from        string
	auto        bool
	api         string
	group       string
	baseURL     string
	sandbox     bool
	allVersions bool
	workers     int
	quiet       bool

	failAfter int64 // tests only: fail the load after this many resources
}

func parseFlags(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("warehouse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	var since string
	fs.StringVar(&c.to, "to", "warehouse.duckdb", "")
	fs.StringVar(&c.from, "from", "", "")
	fs.StringVar(&since, "since", "", "")
	fs.StringVar(&c.api, "api", "", "")
	fs.StringVar(&c.group, "group", "", "")
	fs.StringVar(&c.baseURL, "base-url", getenv("BCDA_BASE_URL"), "")
	fs.BoolVar(&c.sandbox, "sandbox", false, "")
	fs.BoolVar(&c.allVersions, "all-versions", false, "")
	fs.IntVar(&c.workers, "workers", 0, "")
	fs.BoolVar(&c.quiet, "no-progress", false, "")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	// -base-url defaults to BCDA_BASE_URL; only a flag given on the command
	// line conflicts with -sandbox or -from.
	baseURLFlag := false
	fs.Visit(func(f *flag.Flag) { baseURLFlag = baseURLFlag || f.Name == "base-url" })
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	switch since {
	case "":
	case "auto":
		c.auto = true
	default:
		return c, fmt.Errorf("-since %q: the only value is auto (the transactionTime of the last load)", since)
	}
	switch c.api {
	case "", "v1", "v2", "v3":
	default:
		return c, fmt.Errorf("-api %q: want v1, v2 or v3", c.api)
	}
	if c.workers < 0 {
		return c, fmt.Errorf("-workers %d: want 0 (one per CPU) or more", c.workers)
	}
	if _, _, err := parseTarget(c.to); err != nil {
		return c, err
	}
	if c.group != "" && c.group != "all" && c.group != "runout" {
		return c, fmt.Errorf("-group %q: want all or runout (or omit it for Patient/$export)", c.group)
	}
	if c.from != "" && (c.group != "" || c.sandbox || baseURLFlag) {
		return c, errors.New("-group, -sandbox and -base-url are for exporting now; -from loads a saved export")
	}
	if c.sandbox && baseURLFlag {
		return c, errors.New("-sandbox and -base-url exclude each other: -sandbox runs the built-in sandbox on this machine, -base-url names a real server")
	}
	// As the other examples do: with neither credentials nor a server named,
	// export from the built-in sandbox rather than fail or reach the network.
	if c.from == "" && c.baseURL == "" && getenv("BCDA_CLIENT_ID") == "" && getenv("BCDA_CLIENT_SECRET") == "" {
		c.sandbox = true
	}
	return c, nil
}

// parseTarget splits -to into a kind (duckdb, postgres, parquet, csv) and a
// location.
func parseTarget(to string) (kind, where string, err error) {
	switch {
	case strings.HasPrefix(to, "postgres://"), strings.HasPrefix(to, "postgresql://"):
		return "postgres", to, nil
	case strings.HasPrefix(to, "duckdb:"), strings.HasPrefix(to, "parquet:"), strings.HasPrefix(to, "csv:"):
		kind, where, _ = strings.Cut(to, ":")
	case strings.HasSuffix(to, ".duckdb"), strings.HasSuffix(to, ".db"):
		kind, where = "duckdb", to
	default:
		return "", "", fmt.Errorf("-to %q: want FILE.duckdb, duckdb:FILE, postgres://…, parquet:DIR or csv:DIR", to)
	}
	if where == "" {
		return "", "", fmt.Errorf("-to %q: the %s target needs a path", to, kind)
	}
	return kind, where, nil
}

func openTarget(ctx context.Context, to string, tables []*table) (*store, error) {
	kind, where, err := parseTarget(to)
	if err != nil {
		return nil, err
	}
	switch kind {
	case "postgres":
		return openPostgres(ctx, where)
	case "duckdb":
		return openDuckDB(where)
	default:
		return openFiles(where, kind, tables)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "warehouse: %v\n", err)
		return exitUsage
	}
	prog := newProgress(stderr, cfg.quiet)
	if err := load(ctx, cfg, getenv, prog, stdout); err != nil {
		prog.done()
		if ctx.Err() != nil {
			fmt.Fprintln(stderr, "warehouse: interrupted; the database holds the previous load, unchanged")
			return exitInterrupted
		}
		fmt.Fprintf(stderr, "warehouse: %v\n", err)
		return exitFailed
	}
	return exitOK
}

// load does the work: pick the version, compile the views, open the
// database, find or run the export(s), load each in one transaction.
func load(ctx context.Context, cfg config, getenv func(string) string, prog *progress, stdout io.Writer) error {
	start := time.Now()
	var saved []anExport
	version := cfg.api
	if cfg.from != "" {
		var err error
		if saved, err = savedExports(cfg.from); err != nil {
			return err
		}
		// The newest export decides; every one applied must agree.
		if v := saved[len(saved)-1].version; v != "" {
			if version != "" && version != v {
				return fmt.Errorf("-api %s, but %s holds a %s export", version, saved[len(saved)-1].source, v)
			}
			version = v
		}
	}
	if version == "" {
		version = string(client.V3)
	}
	var vopts []bcda.Option
	if cfg.allVersions {
		vopts = append(vopts, bcda.AllVersions())
	}
	views, err := bcda.All(bcda.Version(version), vopts...)
	if err != nil {
		return err
	}
	tables := make([]*table, len(views))
	for i, v := range views {
		if tables[i], err = newTable(v); err != nil {
			return err
		}
	}
	st, err := openTarget(ctx, cfg.to, tables)
	if err != nil {
		return err
	}
	defer st.close()
	last, err := st.lastLoad(ctx, version)
	if err != nil {
		return err
	}

	var exports []anExport
	if cfg.from != "" {
		// -since auto: every saved export newer than the last load, oldest
		// first; otherwise the newest one.
		candidates := saved
		if !cfg.auto {
			candidates = saved[len(saved)-1:]
		}
		for _, ex := range candidates {
			if cfg.auto && !ex.transactionTime.After(last) {
				continue
			}
			if ex.version != "" && ex.version != version {
				return fmt.Errorf("%s holds a %s export, not %s: load it into another database", ex.source, ex.version, version)
			}
			exports = append(exports, ex)
		}
		if len(exports) == 0 {
			prog.logf("nothing newer than the last load (%s) in %s", last.Format(time.RFC3339), cfg.from)
		}
	} else {
		c, closeSandbox, err := newClient(cfg, getenv, version, prog)
		if err != nil {
			return err
		}
		defer closeSandbox()
		var since time.Time
		if cfg.auto {
			since = last
		}
		ex, err := liveExport(ctx, c, since, cfg.group, prog)
		if err != nil {
			return err
		}
		exports = []anExport{ex}
	}

	for _, ex := range exports {
		l := newLoader(tables, cfg.workers, prog)
		l.failAfter = cfg.failAfter
		// An export of changes (_since) replaces the rows of the resources
		// it holds; a complete one replaces everything.
		rec := loadRecord{APIVersion: version, TransactionTime: ex.transactionTime, Source: ex.source, Mode: "full"}
		if ex.changes {
			rec.Mode, rec.Since = "changes", ex.since
		}
		prog.logf("loading %s (%s, %s load) into %s", ex.source, version, rec.Mode, redactTarget(cfg.to))
		loadStart := time.Now()
		tx, err := st.begin(ctx, tables)
		if err != nil {
			return err
		}
		if err := l.load(ctx, tx, ex.files); err != nil {
			tx.rollback()
			return fmt.Errorf("load of %s abandoned, the tables are as the previous load left them: %w", ex.source, err)
		}
		rec.Resources, rec.Rows, rec.BadLines = l.st.total(), l.st.totalRows(), l.st.bad
		if err := tx.commit(ctx, rec); err != nil {
			tx.rollback()
			if errors.Is(err, errAfterCommit) {
				return err
			}
			return fmt.Errorf("load of %s abandoned, the tables are as the previous load left them: %w", ex.source, err)
		}
		loadTime := time.Since(loadStart)
		prog.done()
		for _, b := range l.st.badShown {
			prog.warnf("skipped %s", b)
		}
		if l.st.bad > int64(len(l.st.badShown)) {
			prog.warnf("… and %d more bad lines", l.st.bad-int64(len(l.st.badShown)))
		}
		totals := map[string]int64{}
		for _, t := range tables {
			if totals[t.name], err = st.count(ctx, t.name); err != nil {
				return err
			}
		}
		fmt.Fprintf(stdout, "%s (transactionTime %s, %s load)\n", ex.source, ex.transactionTime.Format(time.RFC3339), rec.Mode)
		summary(stdout, tables, &l.st, totals, loadTime, l.workers)
	}
	prog.logf("done in %s", time.Since(start).Round(time.Millisecond))
	return nil
}

// redactTarget hides a password in a PostgreSQL DSN before it is printed.
func redactTarget(to string) string {
	kind, where, err := parseTarget(to)
	if err != nil || kind != "postgres" {
		return to
	}
	if at := strings.LastIndex(where, "@"); at > 0 {
		scheme, rest, _ := strings.Cut(where[:at], "://")
		if user, _, ok := strings.Cut(rest, ":"); ok {
			return scheme + "://" + user + ":***" + where[at:]
		}
	}
	return where
}

// newClient builds the BCDA client. With -sandbox it starts the SDK's
// built-in offline BCDA in this process (client/offline) and returns its
// Close; otherwise credentials come from BCDA_CLIENT_ID and
// BCDA_CLIENT_SECRET or, without them, the published credentials of the
// sandbox's small model entity (100 enrollees), which both the public
// sandbox and go run ./examples/sandbox accept.
func newClient(cfg config, getenv func(string) string, version string, prog *progress) (*client.Client, func(), error) {
	if cfg.sandbox {
		sb, err := offline.Start()
		if err != nil {
			return nil, nil, fmt.Errorf("starting the built-in sandbox: %w", err)
		}
		// Said even with -no-progress: the tables will hold synthetic data.
		prog.warnf("using the built-in sandbox at %s (an ACO of 100 synthetic beneficiaries; set BCDA_CLIENT_ID and BCDA_CLIENT_SECRET for a real server)", sb.URL)
		c, err := sb.NewClient(client.WithVersion(client.Version(version)))
		if err != nil {
			sb.Close()
			return nil, nil, err
		}
		return c, func() { sb.Close() }, nil
	}
	creds := auth.SandboxSmall()
	if getenv("BCDA_CLIENT_ID") != "" || getenv("BCDA_CLIENT_SECRET") != "" {
		creds = auth.Credentials{ClientID: getenv("BCDA_CLIENT_ID"), ClientSecret: getenv("BCDA_CLIENT_SECRET")}
	}
	opts := []client.Option{client.WithCredentials(creds), client.WithVersion(client.Version(version))}
	if cfg.baseURL != "" {
		opts = append(opts, client.WithBaseURL(cfg.baseURL))
	}
	c, err := client.New(opts...)
	return c, func() {}, err
}
