//go:build !unix

package retrieval

// lockHeld cannot tell without flock; opening the index then finds a
// held lock through bbolt's own timeout.
func lockHeld(string) (bool, error) { return false, nil }
