package retrieval

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"time"

	"byline/internal/atomicfile"
)

// catalogName is the file, inside the index folder, that records what the
// index holds: per article its file's size and modification time, its
// content hash, its metadata and where its passages lie in its text.
// Living inside the folder, it is swapped together with the index it
// describes. With it a start needs one stat per file and no article text:
// text is read again only for the passages an answer shows.
const catalogName = "byline-catalog.bin"

// catalogMagic starts every catalog file; the number after it is the
// layout of the records below (not the index version, which is a string
// in the header).
const catalogMagic = "byline-catalog 1\n"

// entry is what the Library knows of one article without its text: the
// metadata (an Article whose Text may be empty), where the article came
// from and the byte offsets of its passages in its text.
//
// An entry with an empty Hash is an article whose update was under way
// when the process stopped: it never matches a real hash, so the next sync
// re-indexes it and deletes up to len(spans) of its old passages.
type entry struct {
	meta  *Article
	size  int64 // bytes of the file at meta.Path when it was read; 0 for articles built in memory
	mtime int64 // its modification time, Unix nanoseconds
	spans []pspan
}

// textBytes is about the length of the article's text: where its last
// passage ends.
func (e *entry) textBytes() int64 {
	if n := len(e.spans); n > 0 {
		return int64(e.spans[n-1].end)
	}
	return 0
}

// pspan is one passage's [start, end) in the article's text (articles are
// at most MaxArticleBytes, so int32 is enough and halves the memory).
type pspan struct{ start, end int32 }

// catalog is the decoded catalog file.
type catalog struct {
	version string
	written int64 // Unix nanoseconds when it was written
	entries map[string]*entry
	// order is the entries as the file lists them: newest first (the
	// Library's order, see newestFirst) in a catalog written by this
	// code, so that a start with nothing changed need not sort them.
	order []*entry
}

func readCatalog(dir string) (catalog, error) {
	data, err := os.ReadFile(filepath.Join(dir, catalogName))
	if err != nil {
		return catalog{}, fmt.Errorf("read catalog: %w", err)
	}
	c, err := decodeCatalog(data)
	if err != nil {
		return catalog{}, fmt.Errorf("read catalog %s: %w", filepath.Join(dir, catalogName), err)
	}
	return c, nil
}

// writeCatalog replaces the catalog atomically (atomicfile: write beside,
// then rename).
func writeCatalog(dir string, c catalog) error {
	if err := atomicfile.Write(filepath.Join(dir, catalogName), encodeCatalog(c)); err != nil {
		return fmt.Errorf("write catalog: %w", err)
	}
	return nil
}

// encodeCatalog lays the catalog out as length-prefixed fields: decoding
// 200k articles must take well under a second, which JSON does not.
func encodeCatalog(c catalog) []byte {
	b := []byte(catalogMagic)
	b = appendString(b, c.version)
	b = binary.AppendVarint(b, time.Now().UnixNano())
	b = binary.AppendUvarint(b, uint64(len(c.entries)))
	for _, e := range newestEntries(c.entries) {
		a := e.meta
		for _, s := range []string{a.ID, a.Path, a.Title, a.Author, a.URL} {
			b = appendString(b, s)
		}
		date, zone := int64(math.MinInt64), 0
		if !a.Date.IsZero() {
			date = a.Date.UnixNano()
			_, zone = a.Date.Zone()
		}
		b = binary.AppendVarint(b, date)
		b = binary.AppendVarint(b, int64(zone))
		h, _ := hex.DecodeString(a.Hash) // "" (pending) stays empty
		b = appendString(b, string(h))
		b = binary.AppendVarint(b, e.size)
		b = binary.AppendVarint(b, e.mtime)
		b = binary.AppendUvarint(b, uint64(len(e.spans)))
		for _, s := range e.spans {
			b = binary.AppendUvarint(b, uint64(s.start))
			b = binary.AppendUvarint(b, uint64(s.end-s.start))
		}
	}
	return b
}

// newestEntries lists entries newest first (see newestFirst).
func newestEntries(entries map[string]*entry) []*entry {
	out := make([]*entry, 0, len(entries))
	for _, e := range entries {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b *entry) int { return newestFirst(a.meta, b.meta) })
	return out
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

var errCatalogCorrupt = errors.New("corrupt catalog")

// catalogReader decodes fields out of one string holding the whole file:
// the strings of the entries are slices of it, not copies.
type catalogReader struct {
	s   string
	err error
}

func (r *catalogReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint([]byte(r.s[:min(len(r.s), binary.MaxVarintLen64)]))
	if n <= 0 {
		r.err = errCatalogCorrupt
		return 0
	}
	r.s = r.s[n:]
	return v
}

// varint undoes binary.AppendVarint's zig-zag encoding.
func (r *catalogReader) varint() int64 {
	u := r.uvarint()
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	return x
}

func (r *catalogReader) str() string {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.s)) {
		r.err = errCatalogCorrupt
		return ""
	}
	s := r.s[:n]
	r.s = r.s[n:]
	return s
}

func decodeCatalog(data []byte) (catalog, error) {
	if !bytes.HasPrefix(data, []byte(catalogMagic)) {
		return catalog{}, errCatalogCorrupt
	}
	r := &catalogReader{s: string(data[len(catalogMagic):])}
	c := catalog{version: r.str(), written: r.varint()}
	n := r.uvarint()
	if n > uint64(len(r.s)) {
		return catalog{}, errCatalogCorrupt
	}
	c.entries = make(map[string]*entry, n)
	c.order = make([]*entry, 0, n)
	// One allocation for all articles and one for all entries, not two per
	// article: at 200k articles the collector then has far fewer objects
	// to mark while the catalog is decoded. Spans come from shared blocks
	// too, each slice capped so that an append never runs into the next.
	arts, ents := make([]Article, n), make([]entry, n)
	var spanBlock []pspan
	zones := map[int64]*time.Location{}
	for k := range n {
		a := &arts[k]
		a.ID, a.Path, a.Title, a.Author, a.URL = r.str(), r.str(), r.str(), r.str(), r.str()
		if d, zone := r.varint(), r.varint(); d != math.MinInt64 {
			// The date keeps the offset it was written with, so that its
			// calendar day reads the same.
			a.Date = time.Unix(0, d).UTC()
			if zone != 0 {
				loc := zones[zone]
				if loc == nil {
					loc = time.FixedZone("", int(zone))
					zones[zone] = loc
				}
				a.Date = a.Date.In(loc)
			}
		}
		a.Hash = hex.EncodeToString([]byte(r.str()))
		e := &ents[k]
		e.meta, e.size, e.mtime = a, r.varint(), r.varint()
		ns := r.uvarint()
		if ns > uint64(len(r.s)) {
			r.err = errCatalogCorrupt
		}
		if r.err != nil {
			return catalog{}, r.err
		}
		if int(ns) > cap(spanBlock)-len(spanBlock) {
			spanBlock = make([]pspan, 0, max(int(ns), 4096))
		}
		e.spans = spanBlock[len(spanBlock) : len(spanBlock)+int(ns) : len(spanBlock)+int(ns)]
		spanBlock = spanBlock[:len(spanBlock)+int(ns)]
		for i := range e.spans {
			start := r.uvarint()
			end := start + r.uvarint()
			if end > MaxArticleBytes {
				r.err = errCatalogCorrupt
			}
			e.spans[i] = pspan{int32(start), int32(end)}
		}
		if r.err != nil {
			return catalog{}, r.err
		}
		c.entries[a.ID] = e
		c.order = append(c.order, e)
	}
	if r.err != nil || r.s != "" {
		return catalog{}, errCatalogCorrupt
	}
	return c, nil
}
