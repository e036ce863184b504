package specs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFind(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "discord"), 0o755)
	os.WriteFile(filepath.Join(dir, "discord", "openapi.json"), []byte("{}"), 0o644)
	t.Setenv(DirEnv, dir)
	if p, err := Find("discord/openapi.json"); err != nil || p != filepath.Join(dir, "discord", "openapi.json") {
		t.Errorf("Find = %q, %v; want the file under %s", p, err, DirEnv)
	}
	_, err := Find("openai/openapi.yaml")
	if err == nil || !strings.Contains(err.Error(), DirEnv) {
		t.Errorf("Find of a missing document: %v; want an error naming %s", err, DirEnv)
	}
}

func TestInCI(t *testing.T) {
	t.Setenv("CI", "true")
	if !InCI() {
		t.Error("CI=true: InCI() = false")
	}
	t.Setenv("CI", "")
	if InCI() {
		t.Error("CI unset: InCI() = true")
	}
}

// recorder is a testing.TB that records Fatalf and Logf instead of acting.
type recorder struct {
	testing.TB
	fatal, logged string
}

func (r *recorder) Helper()                           {}
func (r *recorder) Fatalf(format string, args ...any) { r.fatal = format }
func (r *recorder) Logf(format string, args ...any)   { r.logged = format }

func TestMissing(t *testing.T) {
	t.Setenv("CI", "true")
	r := &recorder{TB: t}
	Missing(r, "requests", os.ErrNotExist)
	if r.fatal == "" {
		t.Error("CI=true: a missing document did not fail the test")
	}
	t.Setenv("CI", "")
	r = &recorder{TB: t}
	Missing(r, "requests", os.ErrNotExist)
	if r.fatal != "" || !strings.Contains(r.logged, "NOT checked") {
		t.Errorf("outside CI: fatal %q, logged %q; want only a log saying NOT checked", r.fatal, r.logged)
	}
}
