package main

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// openPostgres connects to PostgreSQL with a DSN (postgres://user:pass@host/db).
func openPostgres(ctx context.Context, dsn string) (*store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("PostgreSQL: %w", err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		// pgx errors name host and user, never the password.
		return nil, fmt.Errorf("connecting to PostgreSQL: %w", err)
	}
	return &store{db: db, d: postgresDialect, bulk: pgCopier}, nil
}

// copyBatch is how many rows go in one COPY: big enough to amortise the
// round trip, small enough to keep memory flat.
const copyBatch = 5000

// pgCopier stages rows with COPY FROM STDIN (pgx CopyFrom) on the load's
// connection, inside its open transaction.
func pgCopier(_ context.Context, conn *sql.Conn, table string, cols []string) (bulkWriter, error) {
	return &copier{conn: conn, table: table, cols: cols}, nil
}

type copier struct {
	conn  *sql.Conn
	table string
	cols  []string
	rows  [][]any
}

func (c *copier) add(ctx context.Context, row []any) error {
	c.rows = append(c.rows, append([]any(nil), row...))
	if len(c.rows) >= copyBatch {
		return c.flush(ctx)
	}
	return nil
}

func (c *copier) flush(ctx context.Context) error {
	if len(c.rows) == 0 {
		return nil
	}
	err := c.conn.Raw(func(dc any) error {
		pc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("not a pgx connection: %T", dc)
		}
		_, err := pc.Conn().CopyFrom(ctx, pgx.Identifier{c.table}, c.cols, pgx.CopyFromRows(c.rows))
		return err
	})
	c.rows = c.rows[:0]
	return err
}

func (c *copier) close(ctx context.Context) error { return c.flush(ctx) }

func (c *copier) abort() { c.rows = nil }
