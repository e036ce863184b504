package data

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// File is one file of a data folder or archive.
type File struct {
	Name string // slash-separated path inside the folder or archive
	Data []byte
}

// Limits on what ReadFiles accepts, so a hostile archive cannot exhaust memory.
const (
	maxFileBytes  = 16 << 20
	maxTotalBytes = 1 << 30
)

// ReadFiles returns the regular files under a folder, or inside a .tar.gz
// (or .tgz) archive, which is read as a stream and never unpacked to disk.
// Files over 16 MiB are skipped; names are slash-separated and cleaned.
func ReadFiles(ctx context.Context, p string) ([]File, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("read data: %w", err)
	}
	if fi.IsDir() {
		return readDir(ctx, p)
	}
	if strings.HasSuffix(p, ".tar.gz") || strings.HasSuffix(p, ".tgz") {
		return readTarGz(ctx, p)
	}
	return nil, fmt.Errorf("read data %s: want a folder or a .tar.gz archive", p)
}

func readDir(ctx context.Context, dir string) ([]File, error) {
	var files []File
	total := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Size() > maxFileBytes {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if total += len(data); total > maxTotalBytes {
			return errors.New("more than 1 GiB of files")
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		files = append(files, File{Name: filepath.ToSlash(rel), Data: data})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read folder %s: %w", dir, err)
	}
	return files, nil
}

func readTarGz(ctx context.Context, p string) ([]File, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("read archive: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("read archive %s: %w", p, err)
	}
	defer zr.Close()
	tr := tar.NewReader(zr)
	var files []File
	total := 0
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read archive %s: %w", p, err)
		}
		if h.Typeflag != tar.TypeReg || h.Size > maxFileBytes {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(tr, maxFileBytes))
		if err != nil {
			return nil, fmt.Errorf("read archive %s: %s: %w", p, h.Name, err)
		}
		if total += len(data); total > maxTotalBytes {
			return nil, fmt.Errorf("read archive %s: more than 1 GiB of files", p)
		}
		name := strings.TrimPrefix(path.Clean("/"+h.Name), "/")
		files = append(files, File{Name: name, Data: data})
	}
	return files, nil
}

// NewsKey names a BBC-style file by its last two path elements without the
// extension ("bbc/business/001.txt" -> "business/001"), so articles and
// their summaries, which sit under different top folders, pair up.
// It returns "" for files that are not .txt or not inside a folder.
func NewsKey(name string) string {
	if !strings.HasSuffix(strings.ToLower(name), ".txt") {
		return ""
	}
	parts := strings.Split(strings.TrimSuffix(name, path.Ext(name)), "/")
	if len(parts) < 2 {
		return ""
	}
	return parts[len(parts)-2] + "/" + parts[len(parts)-1]
}
