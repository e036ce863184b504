package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
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
	if _, err := Open(context.Background(), path); err == nil {
		t.Fatal("Open of a garbage file succeeded")
	}
}
