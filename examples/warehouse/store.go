package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// loadsTable records every committed load: what -since auto reads back.
const loadsTable = "bcda_loads"

// loadRecord is one row of the loads table.
type loadRecord struct {
	APIVersion      string
	TransactionTime time.Time
	Since           time.Time // zero for a complete load
	Mode            string    // "full" or "changes"
	Source          string    // the saved directory or the job URL
	Resources       int64
	Rows            int64
	BadLines        int64
}

// store is a database the loader writes. Each load is one transaction on
// one connection: rows go to staging tables first and replace the old ones
// only at commit, so an interrupted or failed load leaves the previous state
// as it was.
type store struct {
	db   *sql.DB
	d    dialect
	bulk func(ctx context.Context, conn *sql.Conn, table string, cols []string) (bulkWriter, error)
	// afterCommit runs after each committed load (file outputs write
	// their files then); onClose when the store closes.
	afterCommit func(ctx context.Context) error
	onClose     func() error
}

// bulkWriter appends rows of text values to one staging table inside the
// open transaction. close writes what it still holds; abort drops it (the
// transaction is being rolled back).
type bulkWriter interface {
	add(ctx context.Context, row []any) error
	close(ctx context.Context) error
	abort()
}

func (s *store) close() error {
	err := s.db.Close()
	if s.onClose != nil {
		if e := s.onClose(); err == nil {
			err = e
		}
	}
	return err
}

// lastLoad returns the transactionTime of the last committed load of API
// version v, or the zero time if there was none.
func (s *store) lastLoad(ctx context.Context, v string) (time.Time, error) {
	if err := s.ensureLoads(ctx, s.db); err != nil {
		return time.Time{}, err
	}
	var t sql.NullTime
	err := s.db.QueryRowContext(ctx, "SELECT max(transaction_time) FROM "+loadsTable+" WHERE api_version = $1", v).Scan(&t)
	if err != nil {
		return time.Time{}, fmt.Errorf("reading the last load from %s: %w", loadsTable, err)
	}
	return t.Time, nil
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func (s *store) ensureLoads(ctx context.Context, x execer) error {
	_, err := x.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+loadsTable+` (
		loaded_at TIMESTAMPTZ NOT NULL,
		api_version `+s.d.text+` NOT NULL,
		transaction_time TIMESTAMPTZ NOT NULL,
		since TIMESTAMPTZ,
		mode `+s.d.text+` NOT NULL,
		source `+s.d.text+` NOT NULL,
		resources BIGINT NOT NULL,
		"rows" BIGINT NOT NULL,
		bad_lines BIGINT NOT NULL)`)
	if err != nil {
		return fmt.Errorf("creating %s: %w", loadsTable, err)
	}
	return nil
}

// loadTx is one load in progress.
type loadTx struct {
	s      *store
	conn   *sql.Conn
	tables []*table
	stage  map[string]bulkWriter // by table name
	keys   bulkWriter
	done   bool
}

// begin opens the load's transaction, creates any missing table and the
// staging tables, and opens a bulk writer on each.
func (s *store) begin(ctx context.Context, tables []*table) (*loadTx, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	tx := &loadTx{s: s, conn: conn, tables: tables, stage: map[string]bulkWriter{}}
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		conn.Close()
		return nil, fmt.Errorf("starting the load's transaction: %w", err)
	}
	if err := tx.prepare(ctx); err != nil {
		tx.rollback()
		return nil, err
	}
	return tx, nil
}

func (tx *loadTx) prepare(ctx context.Context) error {
	s := tx.s
	if err := s.ensureLoads(ctx, tx.conn); err != nil {
		return err
	}
	for _, t := range tx.tables {
		if _, err := tx.conn.ExecContext(ctx, t.createSQL(s.d)); err != nil {
			return fmt.Errorf("creating table %s: %w", t.name, err)
		}
		if err := tx.checkColumns(ctx, t); err != nil {
			return err
		}
		if _, err := tx.conn.ExecContext(ctx, t.stageSQL(s.d)); err != nil {
			return fmt.Errorf("creating the staging table of %s: %w", t.name, err)
		}
		w, err := s.bulk(ctx, tx.conn, stageName(t.name), t.columnNames())
		if err != nil {
			return fmt.Errorf("opening a bulk writer on %s: %w", stageName(t.name), err)
		}
		tx.stage[t.name] = w
	}
	if _, err := tx.conn.ExecContext(ctx, fmt.Sprintf("CREATE TABLE %s (resource_type %s, resource_key %s)", keysTable, s.d.text, s.d.text)); err != nil {
		return fmt.Errorf("creating %s: %w", keysTable, err)
	}
	w, err := s.bulk(ctx, tx.conn, keysTable, []string{"resource_type", "resource_key"})
	if err != nil {
		return err
	}
	tx.keys = w
	return nil
}

// checkColumns refuses to load into an existing table whose columns are not
// the view's (a table made by another version of the views): the insert
// would fail at the end of a long load, or worse, mix meanings.
func (tx *loadTx) checkColumns(ctx context.Context, t *table) error {
	rows, err := tx.conn.QueryContext(ctx, "SELECT * FROM "+quoteIdent(t.name)+" WHERE 1 = 0")
	if err != nil {
		return fmt.Errorf("reading the columns of %s: %w", t.name, err)
	}
	have, err := rows.Columns()
	rows.Close()
	if err != nil {
		return err
	}
	want := t.columnNames()
	if strings.Join(have, ",") != strings.Join(want, ",") {
		return fmt.Errorf("table %s has columns (%s) but the %s view makes (%s): drop the table or load into another database",
			t.name, strings.Join(have, ", "), t.name, strings.Join(want, ", "))
	}
	return nil
}

// add stages the rows a resource produced in every table, and its key. The
// caller has already converted every value, so nothing here can reject a
// single resource: an error is the database's and ends the load.
func (tx *loadTx) add(ctx context.Context, resourceType, key string, rows map[*table][][]any) error {
	if err := tx.keys.add(ctx, []any{resourceType, key}); err != nil {
		return err
	}
	for t, rs := range rows {
		w := tx.stage[t.name]
		for _, r := range rs {
			if err := w.add(ctx, r); err != nil {
				return fmt.Errorf("staging a row of %s: %w", t.name, err)
			}
		}
	}
	return nil
}

// commit replaces the old rows with the staged ones and records the load,
// all in the one transaction. A complete load (rec.Mode "full") replaces
// every row of every table; a load of changes replaces only the rows of the
// resources it read, which is every resource BCDA says changed since the
// last load (including claims that became "cancelled" and so have no rows).
func (tx *loadTx) commit(ctx context.Context, rec loadRecord) error {
	if tx.done {
		return errors.New("load already finished")
	}
	for _, w := range tx.stage {
		if err := w.close(ctx); err != nil {
			return err
		}
	}
	if err := tx.keys.close(ctx); err != nil {
		return err
	}
	for _, t := range tx.tables {
		var del string
		if rec.Mode == "full" {
			del = "DELETE FROM " + quoteIdent(t.name)
		} else {
			del = fmt.Sprintf("DELETE FROM %s WHERE %s IN (SELECT resource_key FROM %s WHERE resource_type = %s)",
				quoteIdent(t.name), quoteIdent(t.cols[t.key].Name), keysTable, sqlString(t.resource))
		}
		if _, err := tx.conn.ExecContext(ctx, del); err != nil {
			return fmt.Errorf("replacing the rows of %s: %w", t.name, err)
		}
		if _, err := tx.conn.ExecContext(ctx, t.insertFromStageSQL(tx.s.d)); err != nil {
			return fmt.Errorf("inserting the rows of %s: %w", t.name, err)
		}
		if _, err := tx.conn.ExecContext(ctx, "DROP TABLE "+quoteIdent(stageName(t.name))); err != nil {
			return err
		}
	}
	if _, err := tx.conn.ExecContext(ctx, "DROP TABLE "+keysTable); err != nil {
		return err
	}
	var since any
	if !rec.Since.IsZero() {
		since = rec.Since.UTC()
	}
	_, err := tx.conn.ExecContext(ctx, "INSERT INTO "+loadsTable+` VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		time.Now().UTC(), rec.APIVersion, rec.TransactionTime.UTC(), since, rec.Mode, rec.Source, rec.Resources, rec.Rows, rec.BadLines)
	if err != nil {
		return fmt.Errorf("recording the load in %s: %w", loadsTable, err)
	}
	if _, err := tx.conn.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("committing the load: %w", err)
	}
	tx.done = true
	tx.conn.Close()
	if tx.s.afterCommit != nil {
		if err := tx.s.afterCommit(ctx); err != nil {
			return fmt.Errorf("%w: %w", errAfterCommit, err)
		}
	}
	return nil
}

// errAfterCommit marks a failure after the load was committed: writing the
// Parquet or CSV files. Each file is whole (old or new); bcda_loads, written
// last, still names the previous load when the error came before it.
var errAfterCommit = errors.New("the load was committed, but writing its files failed (each file is whole, old or new; rerun to write them all)")

// rollback abandons the load: nothing it staged remains. It is safe to call
// after commit (it does nothing then).
func (tx *loadTx) rollback() {
	if tx.done {
		return
	}
	tx.done = true
	for _, w := range tx.stage {
		w.abort()
	}
	if tx.keys != nil {
		tx.keys.abort()
	}
	// A fresh context: the load's may be cancelled, and the rollback must
	// still reach the database.
	tx.conn.ExecContext(context.Background(), "ROLLBACK")
	tx.conn.Close()
}

// count returns the number of rows in a table.
func (s *store) count(ctx context.Context, table string) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM "+quoteIdent(table)).Scan(&n)
	return n, err
}
