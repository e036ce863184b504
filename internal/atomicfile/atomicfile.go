// Package atomicfile writes a file whole or not at all: through a
// temporary file beside it, flushed to disk, then renamed over the old one,
// so that a reader (or the next start after a crash) sees the old content
// or the new, never half of it. The fetched articles and the index catalog
// are written this way.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write replaces the file at path with data, creating its folder if need
// be. The temporary file is hidden (".name.tmp-…"), so that a folder
// scanned for articles never reads one, and removed when the write fails.
func Write(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
