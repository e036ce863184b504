package retrieval

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// An on-disk index is scorch's folder: store/root.bolt (bbolt: which
// segments make up the index, and their deletions) and store/*.zap (the
// immutable segments). Damage to either can make bleve panic instead of
// failing: bbolt asserts on a garbage page while scorch reads its
// snapshot, and a flipped byte in a segment can panic later, in scorch's
// merger goroutine, where nothing can recover it. So an index is checked
// here before bleve opens it, and a damaged one is rebuilt.

// boltName is scorch's bolt file, relative to the index folder. bbolt
// holds an flock on it for as long as the index is open.
var boltName = filepath.Join("store", "root.bolt")

// errIndexDamaged marks an index that failed the integrity check.
var errIndexDamaged = errors.New("index damaged")

// waitUnlocked fails with ErrIndexLocked when another process keeps the
// index at path open for longer than timeout. It takes the same flock
// bbolt takes, without reading the file: a broken index is never opened
// just to learn whether it is in use.
func waitUnlocked(path string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		held, err := lockHeld(filepath.Join(path, boltName))
		if err != nil {
			return fmt.Errorf("open index %s: %w", path, err)
		}
		if !held {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("open index %s: %w (another byline process has it open; stop it or set another INDEX_PATH)", path, ErrIndexLocked)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// checkIntegrity reports an error wrapping errIndexDamaged when a segment
// of the index at path fails its checksum or its bolt file cannot be
// walked. Checking happens before bleve opens the index; every file
// opened here is closed again, whatever happens.
func checkIntegrity(path string) error {
	segs, err := filepath.Glob(filepath.Join(path, "store", "*.zap"))
	if err != nil {
		return fmt.Errorf("check index %s: %w", path, err)
	}
	for _, s := range segs {
		if err := checkSegment(s); err != nil {
			return fmt.Errorf("check index %s: %w: %w", path, errIndexDamaged, err)
		}
	}
	if err := checkBolt(filepath.Join(path, boltName)); err != nil {
		return fmt.Errorf("check index %s: %w: %w", path, errIndexDamaged, err)
	}
	return nil
}

// zapFooterMin is the smallest footer any zap version writes: ending in
// the crc32 (IEEE, big-endian) of every byte before it.
const zapFooterMin = 4 + 4 + 4 + 8 + 8 + 8 + 8

// checkSegment checks a zap segment's trailing crc32.
func checkSegment(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	size := fi.Size()
	if size < zapFooterMin {
		return fmt.Errorf("segment %s: %d bytes, shorter than its footer", filepath.Base(name), size)
	}
	h := crc32.NewIEEE()
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, size-4)); err != nil {
		return fmt.Errorf("segment %s: %w", filepath.Base(name), err)
	}
	var want [4]byte
	if _, err := f.ReadAt(want[:], size-4); err != nil {
		return fmt.Errorf("segment %s: %w", filepath.Base(name), err)
	}
	if got := h.Sum32(); got != binary.BigEndian.Uint32(want[:]) {
		return fmt.Errorf("segment %s: checksum %08x, footer says %08x", filepath.Base(name), got, binary.BigEndian.Uint32(want[:]))
	}
	return nil
}

// checkBolt opens the bolt file read-only and visits every bucket and key,
// which touches every page a reader can reach. bbolt panics on a garbage
// page; the panic happens here, in this goroutine, with the file handle
// ours to close, rather than inside bleve, which would keep it open.
func checkBolt(name string) (err error) {
	if _, err := os.Stat(name); err != nil {
		return err
	}
	db, err := bolt.Open(name, 0, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: %v", filepath.Base(name), r)
		}
		if cerr := db.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	return db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(_ []byte, b *bolt.Bucket) error { return walkBucket(b, 0) })
	})
}

// walkBucket visits every key of b and of the buckets inside it.
func walkBucket(b *bolt.Bucket, depth int) error {
	if depth > 64 {
		return errors.New("buckets nested too deep")
	}
	return b.ForEach(func(k, v []byte) error {
		if v != nil {
			return nil
		}
		child := b.Bucket(k)
		if child == nil {
			return fmt.Errorf("key %q: neither a value nor a bucket", k)
		}
		return walkBucket(child, depth+1)
	})
}

// removeStaleBuilds deletes the build folders that killed builds left
// beside the index at path. A build in progress holds the flock of its
// bolt file, so it is left alone; a folder without one is removed once it
// is a minute old (a build creates its bolt file at once).
func removeStaleBuilds(path string, lg *slog.Logger) {
	parent, base := filepath.Dir(path), filepath.Base(path)
	matches, _ := filepath.Glob(filepath.Join(parent, "."+base+".build-*"))
	for _, m := range matches {
		fi, err := os.Stat(m)
		if err != nil || !fi.IsDir() {
			continue
		}
		held, err := lockHeld(filepath.Join(m, "index", boltName))
		switch {
		case err != nil, held:
			continue
		case errors.Is(statErr(filepath.Join(m, "index", boltName)), fs.ErrNotExist) && time.Since(fi.ModTime()) < time.Minute:
			continue
		}
		lg.Info("removing a build folder a killed build left behind", "path", m)
		if err := os.RemoveAll(m); err != nil {
			lg.Warn("could not remove a stale build folder", "path", m, "err", err)
		}
	}
}

func statErr(name string) error {
	_, err := os.Stat(name)
	return err
}
