package retrieval

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// manifestName is the file, inside the index folder, that records what the
// index holds. Living inside the folder, it is swapped together with the
// index it describes.
const manifestName = "byline-manifest.json"

// manifest records, for each indexed article, the hash of its content and
// how many passages it has, plus the version of everything else that
// shapes the index. An entry with an empty Hash is an article whose
// update was under way: it never matches a real hash, so it is re-indexed.
type manifest struct {
	Version  string                   `json:"version"`
	Articles map[string]manifestEntry `json:"articles"`
}

type manifestEntry struct {
	Hash     string `json:"hash"`
	Passages int    `json:"passages"`
}

func readManifest(dir string) (manifest, error) {
	var m manifest
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return m, fmt.Errorf("read manifest: %w", err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("read manifest %s: %w", filepath.Join(dir, manifestName), err)
	}
	if m.Articles == nil {
		m.Articles = map[string]manifestEntry{}
	}
	return m, nil
}

// writeManifest replaces the manifest atomically (write beside, then rename).
func writeManifest(dir string, m manifest) error {
	data, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	f, err := os.CreateTemp(dir, manifestName+".tmp-*")
	if err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(dir, manifestName))
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("write manifest: %w", err)
	}
	return nil
}

func newManifest(t Tuning, articles []*Article, passages [][]Passage) manifest {
	m := manifest{Version: indexVersion(t), Articles: make(map[string]manifestEntry, len(articles))}
	for i, a := range articles {
		m.Articles[a.ID] = manifestEntry{Hash: a.Hash, Passages: len(passages[i])}
	}
	return m
}
