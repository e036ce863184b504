package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestOpenMigratesAndReopens(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "byline.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var created string
	if err := db.sql.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'created'").Scan(&created); err != nil || created == "" {
		t.Fatalf("meta created = %q, %v", created, err)
	}
	db.Close()

	// A second open finds the schema current and changes nothing.
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var again string
	db.sql.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'created'").Scan(&again)
	if again != created {
		t.Errorf("created changed on reopen: %q -> %q", created, again)
	}
	db.Close()
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "byline.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.sql.ExecContext(ctx, "PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(ctx, path); !errors.Is(err, ErrTooNew) {
		t.Fatalf("Open = %v; want ErrTooNew", err)
	}
}

func TestOpenRefusesGarbage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "byline.db")
	if err := os.WriteFile(path, []byte("this is not a database at all, not even close........"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), path); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Open of a garbage file: %v; want ErrCorrupt", err)
	}
}

// holdLock takes a lock on the database at path from a connection of its
// own, as another process would: an exclusive one (nobody else may even
// read) or a write lock (others read, but cannot write). The test's end
// releases it.
func holdLock(t *testing.T, path string, exclusive bool) (release func()) {
	t.Helper()
	ctx := context.Background()
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stmts := []string{"BEGIN IMMEDIATE"}
	if exclusive {
		stmts = []string{"PRAGMA locking_mode = EXCLUSIVE", "BEGIN EXCLUSIVE"}
	}
	for _, q := range stmts {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			conn.ExecContext(ctx, "ROLLBACK")
			conn.Close()
			raw.Close()
		})
	}
	t.Cleanup(release)
	return release
}

// A database another process holds exclusively cannot be opened: Open
// says so (after the busy timeout) with ErrLocked. One whose write lock is
// held opens, and CheckWritable finds the lock until it is released.
func TestLockedDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "byline.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	release := holdLock(t, path, true)
	start := time.Now()
	if _, err := Open(ctx, path); !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), path) {
		t.Errorf("Open while another connection holds an exclusive lock: %v; want ErrLocked naming the file", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Open gave up after %v; want about the 5 s busy timeout", d)
	}
	release()

	release = holdLock(t, path, false)
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("Open while another connection holds the write lock: %v; want it open (reads work)", err)
	}
	defer db.Close()
	if err := db.CheckWritable(ctx); !errors.Is(err, ErrLocked) {
		t.Errorf("CheckWritable under another writer: %v; want ErrLocked", err)
	}
	release()
	if err := db.CheckWritable(ctx); err != nil {
		t.Errorf("CheckWritable once the lock is gone: %v", err)
	}
}
