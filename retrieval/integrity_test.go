package retrieval

import (
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// builtIndex builds an index of the test corpus and closes it.
func builtIndex(t testing.TB) (seeds, path string) {
	t.Helper()
	seeds = writeCorpus(t)
	path = filepath.Join(t.TempDir(), "index")
	lib, _ := openDisk(t, seeds, path, Options{})
	lib.Close()
	return seeds, path
}

func segments(t *testing.T, path string) []string {
	t.Helper()
	segs, _ := filepath.Glob(filepath.Join(path, "store", "*.zap"))
	if len(segs) == 0 {
		t.Fatal("no zap segment in the built index")
	}
	return segs
}

// TestSegmentFooterIsCRC pins what checkSegment relies on: a zap file
// ends with the crc32 (IEEE, big-endian) of everything before it.
func TestSegmentFooterIsCRC(t *testing.T) {
	_, path := builtIndex(t)
	for _, s := range segments(t, path) {
		data, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		n := len(data)
		if got, want := crc32.ChecksumIEEE(data[:n-4]), binary.BigEndian.Uint32(data[n-4:]); got != want {
			t.Errorf("%s: crc32 %08x, footer %08x", s, got, want)
		}
		if err := checkSegment(s); err != nil {
			t.Errorf("checkSegment(%s): %v", s, err)
		}
	}
}

// TestFlippedSegmentByteIsRebuilt: a flipped byte inside a segment was
// not noticed at open; depending on where it fell, searches went wrong or
// scorch's merger goroutine panicked later, killing the process.
func TestFlippedSegmentByteIsRebuilt(t *testing.T) {
	seeds, path := builtIndex(t)
	seg := segments(t, path)[0]
	data, err := os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/3] ^= 0x40
	if err := os.WriteFile(seg, data, 0o644); err != nil {
		t.Fatal(err)
	}
	lib, st := openDisk(t, seeds, path, Options{})
	defer lib.Close()
	if !st.Rebuilt {
		t.Errorf("flipped segment byte: %+v; want a rebuild", st)
	}
	expectTop(t, lib, "volcano ash", "volcano")
}

// TestDamagedIndexLeavesNoOpenFile: bleve's recovered panic left the
// damaged bolt file open (and mapped) until the process ended, and
// --rebuild opened the broken index just to learn whether it was locked.
func TestDamagedIndexLeavesNoOpenFile(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("needs /proc/self/fd")
	}
	for _, rebuild := range []bool{false, true} {
		seeds, path := builtIndex(t)
		damageBolt(t, path)
		lib, st := openDisk(t, seeds, path, Options{Rebuild: rebuild})
		if !st.Rebuilt {
			t.Errorf("rebuild=%v: %+v; want a rebuild", rebuild, st)
		}
		lib.Close()
		if open := openFilesUnder(t, filepath.Dir(path)); len(open) > 0 {
			t.Errorf("rebuild=%v: files still open after Close: %v", rebuild, open)
		}
	}
}

// damageBolt writes garbage over the pages after bolt's two meta pages.
func damageBolt(t *testing.T, path string) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(path, boltName), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	junk := make([]byte, 4*4096)
	for i := range junk {
		junk[i] = byte(i*131 + 7)
	}
	if _, err := f.WriteAt(junk, 2*4096); err != nil {
		t.Fatal(err)
	}
}

// openFilesUnder lists this process's open files and mappings under dir.
func openFilesUnder(t *testing.T, dir string) []string {
	t.Helper()
	var open []string
	fds, _ := os.ReadDir("/proc/self/fd")
	for _, fd := range fds {
		if target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name())); err == nil && strings.HasPrefix(target, dir) {
			open = append(open, "fd "+target)
		}
	}
	maps, _ := os.ReadFile("/proc/self/maps")
	for _, line := range strings.Split(string(maps), "\n") {
		if i := strings.Index(line, dir); i >= 0 {
			open = append(open, "mmap "+line[i:])
		}
	}
	return open
}

// TestStaleBuildFoldersRemovedAtStart: a killed build's folder stayed until
// a later rebuild, and then only when an hour old.
func TestStaleBuildFoldersRemovedAtStart(t *testing.T) {
	seeds, path := builtIndex(t)
	parent := filepath.Dir(path)
	killed := filepath.Join(parent, ".index.build-123")
	if err := os.MkdirAll(filepath.Join(killed, "index", "store"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(killed, "index", boltName), []byte("half a build"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A build running right now holds its bolt file's lock: kept.
	running, err := os.MkdirTemp(parent, ".index.build-")
	if err != nil {
		t.Fatal(err)
	}
	other, _ := openDisk(t, seeds, filepath.Join(running, "index"), Options{})
	defer other.Close()
	// Just created, no bolt file yet: kept for a minute.
	fresh := filepath.Join(parent, ".index.build-456")
	if err := os.Mkdir(fresh, 0o755); err != nil {
		t.Fatal(err)
	}

	lib, st := openDisk(t, seeds, path, Options{})
	defer lib.Close()
	if st.Rebuilt {
		t.Errorf("start with a stale build folder: %+v; want no rebuild", st)
	}
	if _, err := os.Stat(killed); err == nil {
		t.Errorf("killed build folder %s still there", killed)
	}
	for _, keep := range []string{running, fresh} {
		if _, err := os.Stat(keep); err != nil {
			t.Errorf("folder %s removed: %v", keep, err)
		}
	}
	old := time.Now().Add(-2 * time.Minute)
	os.Chtimes(fresh, old, old)
	removeStaleBuilds(path, testLogger(t))
	if _, err := os.Stat(fresh); err == nil {
		t.Errorf("empty build folder older than a minute still there")
	}
}

// FuzzDamagedIndex flips bytes anywhere in an index's files (bolt file,
// segments, metadata, manifest) and opens it again: the open must end in
// an error or a working index (rebuilt, or untouched by the damage),
// never a panic, here or in scorch's goroutines. Each flip is 5 bytes of
// input: a big-endian offset into the index's files taken one after the
// other, and the bits to flip (0 flips bit 0).
func FuzzDamagedIndex(f *testing.F) {
	seeds, template := builtIndex(f)
	_, total := indexFiles(f, template)
	for _, seed := range [][]byte{
		{0, 0, 0, 0, 0},
		flipAt(total/2, 0xff),
		flipAt(total-1, 0x80),
		append(flipAt(2*4096+17, 0x10), flipAt(3*4096+100, 0x01)...),
		append(flipAt(total/3, 0x04), flipAt(total/5, 0x20)...),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, flips []byte) {
		path := filepath.Join(t.TempDir(), "index")
		if err := os.CopyFS(path, os.DirFS(template)); err != nil {
			t.Fatal(err)
		}
		files, total := indexFiles(t, path)
		for i := 0; i+5 <= len(flips) && i < 8*5; i += 5 {
			flipByte(t, files, binary.BigEndian.Uint32(flips[i:])%uint32(total), max(flips[i+4], 1))
		}
		articles, _, err := Load(t.Context(), seeds, testLogger(t))
		if err != nil {
			t.Fatal(err)
		}
		lib, st, err := Open(t.Context(), articles, Options{Path: path, Logger: testLogger(t)})
		if err != nil {
			t.Logf("open: %v", err)
			return
		}
		defer lib.Close()
		t.Logf("opened: %+v", st)
		expectTop(t, lib, "volcano ash", "volcano")
	})
}

// indexFiles lists the regular files of an index folder, sorted, with
// their total size.
func indexFiles(t testing.TB, path string) ([]string, int) {
	t.Helper()
	var files []string
	total := 0
	err := filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		files = append(files, p)
		total += int(fi.Size())
		return nil
	})
	if err != nil || total == 0 {
		t.Fatalf("index files of %s: %v (%d bytes)", path, err, total)
	}
	return files, total
}

func flipAt(off int, mask byte) []byte {
	return append(binary.BigEndian.AppendUint32(nil, uint32(off)), mask)
}

// flipByte flips the bits of mask at offset off of the files taken one
// after the other.
func flipByte(t *testing.T, files []string, off uint32, mask byte) {
	t.Helper()
	for _, name := range files {
		fi, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if int64(off) >= fi.Size() {
			off -= uint32(fi.Size())
			continue
		}
		f, err := os.OpenFile(name, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var b [1]byte
		if _, err := f.ReadAt(b[:], int64(off)); err != nil {
			t.Fatal(err)
		}
		b[0] ^= mask
		if _, err := f.WriteAt(b[:], int64(off)); err != nil {
			t.Fatal(err)
		}
		t.Logf("flipped %#02x at %s+%d", mask, filepath.Base(name), off)
		return
	}
}

// BenchmarkCheckIntegrity measures the check every start runs before
// opening the index at $BYLINE_BENCH_INDEX (e.g. one built by
// "byline eval scale --files"), beside the reference: opening and closing
// the same index with bleve. Skipped when unset.
func BenchmarkCheckIntegrity(b *testing.B) {
	path := os.Getenv("BYLINE_BENCH_INDEX")
	if path == "" {
		b.Skip("set BYLINE_BENCH_INDEX to an index folder")
	}
	b.Run("check", func(b *testing.B) {
		for b.Loop() {
			if err := checkIntegrity(path); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("bleve-open", func(b *testing.B) {
		for b.Loop() {
			idx, err := openIndex(path, time.Second)
			if err != nil {
				b.Fatal(err)
			}
			idx.Close()
		}
	})
}
