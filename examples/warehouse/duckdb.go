package main

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
)

// openDuckDB opens (creating if needed) a DuckDB database file.
func openDuckDB(path string) (*store, error) {
	db, err := sql.Open("duckdb", path)
	if err != nil {
		return nil, fmt.Errorf("opening DuckDB file %s: %w", path, err)
	}
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("opening DuckDB file %s: %w", path, err)
	}
	return &store{db: db, d: duckdbDialect, bulk: duckdbAppender}, nil
}

// duckdbAppender writes staged rows with DuckDB's appender, which fills
// column chunks directly instead of running an INSERT per row. It works on
// the load's connection, inside its open transaction.
func duckdbAppender(ctx context.Context, conn *sql.Conn, table string, _ []string) (bulkWriter, error) {
	var a *duckdb.Appender
	err := conn.Raw(func(dc any) error {
		dconn, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("not a DuckDB connection: %T", dc)
		}
		var err error
		a, err = duckdb.NewAppenderFromConn(dconn, "", table)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &appender{a: a, vals: nil}, nil
}

type appender struct {
	a    *duckdb.Appender
	vals []driver.Value
	shut bool
}

func (w *appender) add(_ context.Context, row []any) error {
	w.vals = w.vals[:0]
	for _, v := range row {
		w.vals = append(w.vals, v)
	}
	return w.a.AppendRow(w.vals...)
}

func (w *appender) close(ctx context.Context) error {
	if w.shut {
		return nil
	}
	w.shut = true
	return w.a.CloseWithCancel(ctx)
}

// abort frees the appender without writing its buffered rows.
func (w *appender) abort() {
	if w.shut {
		return
	}
	w.shut = true
	w.a.Clear()
	w.a.Close()
}

// fileOutput writes the tables as Parquet or CSV files in a directory. The
// load runs in a DuckDB database in a temporary directory, seeded with the
// tables' previous files (so -since auto can replace changed resources);
// after the commit every table is written to <table>.<ext>.part and renamed,
// the loads table last, so each file is always whole.
type fileOutput struct {
	dir, format, tmp string
}

func openFiles(dir, format string, tables []*table) (*store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "warehouse-*")
	if err != nil {
		return nil, err
	}
	s, err := openDuckDB(filepath.Join(tmp, "load.duckdb"))
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	fo := &fileOutput{dir: dir, format: format, tmp: tmp}
	if err := fo.seed(s, tables); err != nil {
		s.db.Close()
		os.RemoveAll(tmp)
		return nil, err
	}
	s.onClose = func() error { return os.RemoveAll(tmp) }
	s.afterCommit = func(ctx context.Context) error { return fo.write(ctx, s, tables) }
	return s, nil
}

func (fo *fileOutput) path(table string) string {
	return filepath.Join(fo.dir, table+"."+fo.format)
}

func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// seed loads the previous files, typed as the views say, into the working
// database.
func (fo *fileOutput) seed(s *store, tables []*table) error {
	ctx := context.Background()
	if err := s.ensureLoads(ctx, s.db); err != nil {
		return err
	}
	load := func(name string) error {
		p := fo.path(name)
		if _, err := os.Stat(p); os.IsNotExist(err) {
			return nil
		}
		var src string
		if fo.format == "parquet" {
			src = "read_parquet(" + sqlString(p) + ")"
		} else {
			src = "read_csv(" + sqlString(p) + ", header = true, all_varchar = true)"
		}
		if _, err := s.db.ExecContext(ctx, "INSERT INTO "+quoteIdent(name)+" SELECT * FROM "+src); err != nil {
			return fmt.Errorf("reading the previous %s: %w", p, err)
		}
		return nil
	}
	for _, t := range tables {
		if _, err := s.db.ExecContext(ctx, t.createSQL(s.d)); err != nil {
			return err
		}
		if err := load(t.name); err != nil {
			return err
		}
	}
	return load(loadsTable)
}

// write exports every table after a commit.
func (fo *fileOutput) write(ctx context.Context, s *store, tables []*table) error {
	names := make([]string, 0, len(tables)+1)
	for _, t := range tables {
		names = append(names, t.name)
	}
	names = append(names, loadsTable) // last: it says which load the files hold
	opts := "(FORMAT parquet)"
	if fo.format == "csv" {
		opts = "(FORMAT csv, HEADER true)"
	}
	for _, n := range names {
		final := fo.path(n)
		part := final + ".part"
		if _, err := s.db.ExecContext(ctx, "COPY "+quoteIdent(n)+" TO "+sqlString(part)+" "+opts); err != nil {
			os.Remove(part)
			return fmt.Errorf("writing %s: %w", final, err)
		}
		if err := os.Rename(part, final); err != nil {
			return err
		}
	}
	return nil
}
