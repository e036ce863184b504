// Package specs finds the vendors' own API descriptions (Discord's and
// OpenAI's OpenAPI documents) that the loopback fakes check their traffic
// against, and decides what a missing one means: under CI (CI=true) a test
// that should check against it fails; elsewhere the check is skipped, and
// said so.
//
// The documents live beside the repository, in ../shared/specs (from the
// module root), never in it; $BYLINE_SPECS_DIR names another folder of the
// same layout (discord/openapi.json, openai/openapi.yaml).
package specs

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// DirEnv names the environment variable that overrides ../shared/specs.
const DirEnv = "BYLINE_SPECS_DIR"

// Find returns the path of the document rel (e.g. "discord/openapi.json")
// in $BYLINE_SPECS_DIR, else in ../shared/specs beside the module root (the
// first folder upwards from the working directory holding go.mod).
func Find(rel string) (string, error) {
	dir := os.Getenv(DirEnv)
	if dir == "" {
		root, err := moduleRoot()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(root, "..", "shared", "specs")
	}
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("no OpenAPI document at %s (set %s to a folder holding %s)", p, DirEnv, rel)
	}
	return p, nil
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// InCI reports whether the tests run in CI (CI=true, as most CI systems set).
func InCI() bool { return os.Getenv("CI") == "true" }

// Missing reports that the checks against a document are off because of
// err: under CI the test fails, elsewhere it is logged. what names the
// checks, e.g. "REST requests against Discord's OpenAPI document".
func Missing(t testing.TB, what string, err error) {
	t.Helper()
	if InCI() {
		t.Fatalf("CI=true, but %s cannot be checked: %v", what, err)
	}
	t.Logf("%s are NOT checked: %v", what, err)
}

// Skip is for a fake's own test of its checks: it fails under CI, since the
// document should be there, and skips, naming what goes unchecked,
// elsewhere (go test -v lists the skip).
func Skip(t *testing.T, what string, err error) {
	t.Helper()
	if InCI() {
		t.Fatalf("CI=true, but %s cannot be checked: %v", what, err)
	}
	t.Skipf("%s are NOT checked in this run: %v", what, err)
}
