package store

import (
	"context"
	"errors"
	"fmt"
)

// Errors Open and the methods may wrap, for a clearer message than
// SQLite's own.
var (
	// ErrLocked means another connection (usually another process) held a
	// lock on the database for longer than the busy timeout (5 s).
	ErrLocked = errors.New("database is locked by another process")
	// ErrCorrupt means the file is not an SQLite database or is damaged.
	ErrCorrupt = errors.New("file is not a usable SQLite database (damaged, or not a database)")
)

// Fix says what the operator can do about a database that cannot be
// used (err from Open or CheckWritable).
func Fix(err error) string {
	switch {
	case errors.Is(err, ErrLocked):
		return "another process holds a lock on it (a sqlite3 shell or a backup tool in the middle of a transaction): end it and restart byline"
	case errors.Is(err, ErrCorrupt):
		return "move the file aside (keep it to inspect) and restart byline, which makes a new one; feed state and history start afresh"
	}
	return "check that DB_PATH's folder exists and is writable by this user, and that the disk is not full"
}

// SQLite's primary result codes told apart (https://sqlite.org/rescode.html).
const (
	sqliteBusy    = 5
	sqliteLocked  = 6
	sqliteCorrupt = 11
	sqliteNotADB  = 26
)

// classify adds ErrLocked or ErrCorrupt to err when SQLite says so.
func classify(err error) error {
	var coded interface{ Code() int }
	if !errors.As(err, &coded) {
		return err
	}
	switch coded.Code() & 0xff { // extended codes keep the primary one in the low byte
	case sqliteBusy, sqliteLocked:
		return fmt.Errorf("%w: %w", ErrLocked, err)
	case sqliteCorrupt, sqliteNotADB:
		return fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	return err
}

// CheckWritable makes sure a write lock can be taken now (waiting the
// busy timeout at most), so that a process holding the database is found
// at start rather than at the first write. It writes nothing.
func (db *DB) CheckWritable(ctx context.Context) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return fmt.Errorf("state database %s: %w", db.path, classify(err))
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return fmt.Errorf("state database %s: take a write lock: %w", db.path, classify(err))
	}
	if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		return fmt.Errorf("state database %s: %w", db.path, classify(err))
	}
	return nil
}
