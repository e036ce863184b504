//go:build unix

package retrieval

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// lockHeld reports whether another open file holds an flock on name, the
// lock bbolt takes (shared or exclusive). A missing file is not held.
func lockHeld(name string) (bool, error) {
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return false, syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
}
