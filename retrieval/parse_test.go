package retrieval

import (
	"bytes"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

const seedPath = "../seeds/000_ae6f07c6b2a57295.txt"

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// testLogger sends slog output to the test log.
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func TestParseFormats(t *testing.T) {
	tests := []struct {
		path        string
		title       string
		author      string
		date        time.Time
		url         string
		first       string   // the first paragraph of Text
		contains    []string // in Text
		notContains []string // not in Text
	}{
		{
			path:   seedPath,
			title:  "Mexico Rejects US Military Intervention in Cartel Fight: President Sheinbaum Stands Firm",
			author: "Eugene Litman",
			date:   date("2025-08-09"),
			first:  "Mexico Defies US Pressure: Sheinbaum Rejects Military Intervention in Cartel Conflict",
			contains: []string{
				"“Mexico is a sovereign nation,” she stated firmly.",
				"without compromising Mexico’s national interests.",
			},
			notContains: []string{"Recommendations", "Eugene Litman", "2025-08-09"},
		},
		{
			path:        "testdata/formats/bbc_style.txt",
			title:       "Ad sales boost Time Warner profit",
			first:       "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three months to December, from $639m year-earlier.",
			notContains: []string{"Ad sales boost"},
		},
		{
			path:        "testdata/formats/byline.txt",
			title:       "Harbour Bridge Reopens After Repairs",
			author:      "Jane Doe",
			date:        date("2025-08-09"),
			first:       "The harbour bridge reopened on Friday after six months of repairs.",
			contains:    []string{"he said."},
			notContains: []string{"Advertisement", "Related articles", "Share this", "Published"},
		},
		{
			path:   "testdata/formats/article.md",
			title:  "Wind Farm Approved Off the Coast",
			author: "Sam O'Neill",
			date:   date("2024-03-15"),
			url:    "https://example.com/wind-farm",
			first:  "The regional council approved a new wind farm on Tuesday.",
			contains: []string{
				"What happens next", "Construction starts in 2025.", "About 60 turbines will be built.",
				`"This is a historic day," said council leader Ana Lima.`, "Escaped *stars* stay.",
			},
			notContains: []string{"**", "](", "turbine.png", "A turbine", "---", "# ", "> "},
		},
		{
			path:  "testdata/formats/nofront.md",
			title: "Rail Strike Called Off",
			first: "Unions called off Monday's rail strike after talks ran late into the night.",
		},
		{
			path:        "testdata/formats/article.html",
			title:       "City Library Wins Award",
			author:      "Priya Patel",
			date:        time.Date(2023, 11, 2, 8, 30, 0, 0, time.UTC),
			url:         "https://news.example.com/library-award",
			first:       "The central library won the national design award on Thursday.",
			contains:    []string{"Judges praised its reading garden and its solar roof.", "“We are thrilled,” said head librarian Omar Haddad."},
			notContains: []string{"tracking", "color", "Home", "newsletter", "Photo credit", "©", "City Library Wins Award"},
		},
		{
			path:   "testdata/formats/jsonld.html",
			title:  "Port Strike Ends After Deal",
			author: "Lee Park, Ann Ruiz",
			date:   time.Date(2024, 6, 1, 8, 0, 0, 0, time.UTC),
			url:    "https://example.org/port-strike",
			first:  "Dock workers returned to work on Saturday after a pay deal ended the strike.",
		},
		{
			path:        "testdata/formats/time_only.htm",
			title:       "Council Votes on Budget",
			date:        date("2022-05-20"),
			contains:    []string{"The council voted 7 to 2 for the budget."},
			notContains: []string{"<", ">"},
		},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			data, err := os.ReadFile(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			a, err := Parse("id", tt.path, data)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if a.Title != tt.title {
				t.Errorf("Title = %q; want %q", a.Title, tt.title)
			}
			if a.Author != tt.author {
				t.Errorf("Author = %q; want %q", a.Author, tt.author)
			}
			if !a.Date.Equal(tt.date) {
				t.Errorf("Date = %v; want %v", a.Date, tt.date)
			}
			if a.URL != tt.url {
				t.Errorf("URL = %q; want %q", a.URL, tt.url)
			}
			if tt.first != "" {
				first, _, _ := strings.Cut(a.Text, "\n\n")
				if first != tt.first {
					t.Errorf("first paragraph = %q; want %q", first, tt.first)
				}
			}
			for _, s := range tt.contains {
				if !strings.Contains(a.Text, s) {
					t.Errorf("Text does not contain %q:\n%s", s, a.Text)
				}
			}
			for _, s := range tt.notContains {
				if strings.Contains(a.Text, s) {
					t.Errorf("Text contains %q:\n%s", s, a.Text)
				}
			}
			if len(a.Hash) != 64 {
				t.Errorf("Hash = %q; want a sha256 hex digest", a.Hash)
			}
		})
	}
}

// TestParseBadFiles checks the files that are skipped and the ones that are
// repaired.
func TestParseBadFiles(t *testing.T) {
	body := "A Title\n\nThe body of the article, long enough to be one.\n"
	tests := []struct {
		name    string
		data    []byte
		wantErr error  // nil: parsed
		title   string // when parsed
		text    string // when parsed
	}{
		{name: "empty", data: nil, wantErr: errEmpty},
		{name: "blank", data: []byte(" \n\n\t\n"), wantErr: errEmpty},
		{name: "binary NUL", data: []byte("PK\x03\x04\x00\x00\x08\x00 some zip"), wantErr: errBinary},
		{name: "binary no NUL", data: bytes.Repeat([]byte{0x01, 0x02, 'a', 0x1b, 0x7f, 0x05}, 100), wantErr: errBinary},
		{name: "huge", data: bytes.Repeat([]byte("word "), MaxArticleBytes/5+1), wantErr: errTooLarge},
		{name: "invalid UTF-8 garbage", data: []byte{0x81, 0x8d, 0x8f, 0x90, 0x9d, 0x81, 0x8d, 0x8f, 0x90, 0x9d, 'a', 0x81}, wantErr: errNotText},
		{
			name:  "Latin-1 pound sign",
			data:  []byte("Price Rise\n\nTickets now cost \xa330 each.\n"),
			title: "Price Rise", text: "Tickets now cost £30 each.",
		},
		{
			name:  "Windows-1252 quotes beside UTF-8",
			data:  []byte("Caf\xc3\xa9 Opens\n\n\x93Welcome,\x94 said the owner of the caf\xc3\xa9.\n"),
			title: "Café Opens", text: "“Welcome,” said the owner of the café.",
		},
		{
			name:  "BOM",
			data:  append([]byte{0xEF, 0xBB, 0xBF}, body...),
			title: "A Title", text: "The body of the article, long enough to be one.",
		},
		// Issue 10: UTF-16 files were skipped as binary.
		{name: "UTF-16LE with BOM", data: utf16Bytes(body+"Café “quoted”.\n", false, true), title: "A Title",
			text: "The body of the article, long enough to be one. Café “quoted”."},
		{name: "UTF-16BE with BOM", data: utf16Bytes(body, true, true), title: "A Title", text: "The body of the article, long enough to be one."},
		{name: "UTF-16LE without BOM", data: utf16Bytes(strings.ReplaceAll(body, "\n", "\r\n"), false, false), title: "A Title",
			text: "The body of the article, long enough to be one."},
		{
			name:  "CRLF",
			data:  []byte(strings.ReplaceAll(body, "\n", "\r\n") + "\r\nSecond\r\nline.\r\n"),
			title: "A Title", text: "The body of the article, long enough to be one.\n\nSecond line.",
		},
		{
			name:  "header runs into the sub-headline",
			data:  []byte("Big News\n\n2025-08-09\nEugene Litman\nSub-headline: with a colon\n\nBody text here.\n"),
			title: "Big News", text: "Sub-headline: with a colon\n\nBody text here.",
		},
		{
			name:  "lone capitalised line is body",
			data:  []byte("Big News\n\nShort Capitalised Line\n\nBody text here.\n"),
			title: "Big News", text: "Short Capitalised Line\n\nBody text here.",
		},
		{
			name:  "title only",
			data:  []byte("Just one line of text that is the whole article.\n"),
			title: "Just one line of text that is the whole article.", text: "Just one line of text that is the whole article.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse("id", "x.txt", tt.data)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Parse error = %v; want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if tt.name == "header runs into the sub-headline" && (a.Author != "Eugene Litman" || a.Date.IsZero()) {
				t.Errorf("author %q date %v; want Eugene Litman, 2025-08-09", a.Author, a.Date)
			}
			if a.Title != tt.title || a.Text != tt.text {
				t.Errorf("got title %q text %q; want %q, %q", a.Title, a.Text, tt.title, tt.text)
			}
		})
	}
}

func TestLoadSkipsBadFiles(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"good.txt":          []byte("Good One\n\nA fine article body.\n"),
		"sub/deeper.md":     []byte("# Deeper\n\nMarkdown body.\n"),
		"sub/page.html":     []byte("<html><title>Page</title><body><p>HTML body.</p></body></html>"),
		"empty.txt":         nil,
		"binary.txt":        {0x00, 0x01, 0x02},
		"huge.txt":          bytes.Repeat([]byte("a "), MaxArticleBytes),
		"latin1.txt":        []byte("Sport\n\nHe won \xa3199.\n"),
		"image.png":         {0x89, 'P', 'N', 'G'},
		".hidden/x.txt":     []byte("Hidden\n\nNot loaded.\n"),
		".draft.md":         []byte("# Draft\n\nNot loaded.\n"),
		"README.md":         []byte("# Readme\n\nNot an article.\n"),
		"dup.md":            []byte("# Dup\n\nSame id as dup.txt.\n"),
		"dup.txt":           []byte("Dup\n\nSame id as dup.md.\n"),
		"sub/nested/n.text": []byte("Nested\n\nBody.\n"),
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	articles, skipped, err := Load(t.Context(), dir, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range articles {
		ids = append(ids, a.ID)
	}
	want := []string{"dup", "good", "latin1", "sub/deeper", "sub/nested/n", "sub/page"}
	if strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Errorf("ids = %v; want %v", ids, want)
	}
	reasons := map[string]string{}
	for _, s := range skipped {
		rel, _ := filepath.Rel(dir, s.Path)
		reasons[filepath.ToSlash(rel)] = s.Reason
	}
	// Issue 10: hidden files and folders were skipped without a word.
	for _, name := range []string{"empty.txt", "binary.txt", "huge.txt", "image.png", "README.md", "dup.txt", ".hidden", ".draft.md"} {
		if reasons[name] == "" {
			t.Errorf("%s not reported as skipped; skipped = %v", name, reasons)
		}
	}
	if len(reasons) != 8 {
		t.Errorf("skipped %d files; want 8: %v", len(reasons), reasons)
	}
	for _, a := range articles {
		if a.ID == "latin1" && !strings.Contains(a.Text, "£199") {
			t.Errorf("latin1 text = %q; want the pound sign repaired", a.Text)
		}
	}
}

func TestLoadMissingDir(t *testing.T) {
	if _, _, err := Load(t.Context(), filepath.Join(t.TempDir(), "nope"), testLogger(t)); err == nil {
		t.Fatal("Load of a missing folder: got no error")
	}
}

func TestArticleID(t *testing.T) {
	tests := []struct{ root, path, want string }{
		{"seeds", "seeds/000_ae6f07c6b2a57295.txt", "000_ae6f07c6b2a57295"},
		{"seeds", "seeds/sport/199.txt", "sport/199"},
		{"seeds/", "seeds/a/b/c.md", "a/b/c"},
		{"seeds", "seeds/noext", "noext"},
	}
	for _, tt := range tests {
		if got := ArticleID(tt.root, tt.path); got != tt.want {
			t.Errorf("ArticleID(%q, %q) = %q; want %q", tt.root, tt.path, got, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2025-08-09", date("2025-08-09"), true},
		{"Published: August 9, 2025", date("2025-08-09"), true},
		{"Aug 9th, 2025", date("2025-08-09"), true},
		{"9 August 2025", date("2025-08-09"), true},
		{"Sat, 09 Aug 2025 00:00:00 GMT", date("2025-08-09"), true},
		{"2025-08-09T10:00:00+02:00", time.Date(2025, 8, 9, 8, 0, 0, 0, time.UTC), true},
		{"Eugene Litman", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := parseDate(tt.in)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// utf16Bytes encodes s as UTF-16, big- or little-endian, with or without a BOM.
func utf16Bytes(s string, big, bom bool) []byte {
	var out []byte
	put := func(u uint16) {
		if big {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	if bom {
		put(0xFEFF)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		put(u)
	}
	return out
}
