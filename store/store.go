// Package store keeps Byline's lasting state in one embedded SQLite database
// (by default .byline/byline.db): what must survive a restart and is not the
// article library itself, such as feed fetch state, feedback votes and the
// question log.
//
// The schema is a list of numbered SQL files in migrations/, applied in
// order inside a transaction each; PRAGMA user_version records how far a
// database has got, so an old database is brought up to date on [Open] and a
// newer one (from a later Byline) is refused rather than misread.
//
// Each concern adds its own migration file and its own Go file of methods
// on [DB]; the package has no knowledge of Discord, feeds or the index
// beyond the rows it keeps.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// ErrTooNew is returned by Open when the database was written by a newer
// Byline whose schema this one does not know.
var ErrTooNew = errors.New("database schema is newer than this version of byline")

// DB is the open state database. It is safe for concurrent use, also by
// several processes at once (SQLite's write-ahead log and a busy timeout).
type DB struct {
	sql  *sql.DB
	path string
}

// Open opens (creating it and its folder if needed) the database at path and
// applies any migrations it lacks. The path ":memory:" opens a private
// in-memory database, for tests.
func Open(ctx context.Context, path string) (*DB, error) {
	dsn := path
	if path != ":memory:" {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, fmt.Errorf("open state database %s: %w", path, err)
		}
		dsn = "file:" + path
	}
	dsn += "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
	sqldb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open state database %s: %w", path, err)
	}
	if path == ":memory:" {
		// Every connection to ":memory:" is a database of its own.
		sqldb.SetMaxOpenConns(1)
	}
	db := &DB{sql: sqldb, path: path}
	if err := db.migrate(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("open state database %s: %w", path, classify(err))
	}
	return db, nil
}

// Path is where the database lives.
func (db *DB) Path() string { return db.path }

// Close closes the database.
func (db *DB) Close() error { return db.sql.Close() }

// migration is one numbered schema step.
type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a number and _", e.Name())
		}
		body, err := fs.ReadFile(migrationFiles, "migrations/"+e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(body)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: versions must run 1, 2, 3… without gaps", m.name)
		}
	}
	return ms, nil
}

// migrate applies the migrations the database lacks, each in a transaction
// of its own that also advances user_version.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	var have int
	if err := db.sql.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if have > len(ms) {
		return fmt.Errorf("%w (database at version %d, this byline knows %d)", ErrTooNew, have, len(ms))
	}
	for _, m := range ms[have:] {
		tx, err := db.sql.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}
