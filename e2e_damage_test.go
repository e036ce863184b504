package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestE2EDamagedIndexRebuilt: issue 10 found that garbage in the index's
// bolt file made every start panic, `index --rebuild` included, and that
// a flipped byte in a segment could panic later in a scorch goroutine.
// The binary must rebuild and answer instead.
func TestE2EDamagedIndexRebuilt(t *testing.T) {
	if _, _, code := runByline(t, nil, "", "index"); code != 0 {
		t.Fatalf("first index: exit %d", code)
	}
	index := filepath.Join(bylineWorkDir(t), ".byline", "index")
	damage := []struct {
		name string
		do   func(t *testing.T)
	}{
		{"garbage over the bolt file's pages", func(t *testing.T) {
			f, err := os.OpenFile(filepath.Join(index, "store", "root.bolt"), os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			f.WriteAt([]byte(strings.Repeat("\x5a\xa5garbage", 2048)), 2*4096)
		}},
		{"a flipped byte in a segment", func(t *testing.T) {
			segs, _ := filepath.Glob(filepath.Join(index, "store", "*.zap"))
			if len(segs) == 0 {
				t.Fatal("no segment")
			}
			data, err := os.ReadFile(segs[0])
			if err != nil {
				t.Fatal(err)
			}
			data[len(data)/2] ^= 0x08
			os.WriteFile(segs[0], data, 0o644)
		}},
	}
	for _, d := range damage {
		for _, args := range [][]string{{"index", "--rebuild"}, {"ask", "Why did Mexico reject US military intervention?"}} {
			d.do(t)
			stdout, stderr, code := runByline(t, []string{"LOG_LEVEL=info"}, "", args...)
			if code != 0 || strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") {
				t.Errorf("%s, then %v: exit %d; stderr:\n%s", d.name, args, code, stderr)
			}
			if args[0] == "ask" && (!strings.Contains(stderr, "building index") || !strings.Contains(stdout, "Sources:")) {
				t.Errorf("%s, then ask: want a logged rebuild and an answer; stdout:\n%s\nstderr:\n%s", d.name, stdout, stderr)
			}
		}
	}
}
