package socket

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestServeAndForward(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.sock")
	lg := slog.New(slog.NewTextHandler(t.Output(), nil))
	stop := Serve(t.Context(), lg, path, func(_ context.Context, args []string, stdout, stderr io.Writer) int {
		fmt.Fprintf(stdout, "out %s\n", strings.Join(args, "|"))
		fmt.Fprintln(stderr, "err line")
		return 3
	})
	var out, errOut bytes.Buffer
	code, err := Forward(t.Context(), path, []string{"ask", "why?"}, &out, &errOut)
	if err != nil || code != 3 || out.String() != "out ask|why?\n" || errOut.String() != "err line\n" {
		t.Errorf("Forward = %d, %v; stdout %q stderr %q; want 3, nil, %q, %q", code, err, out.String(), errOut.String(), "out ask|why?\n", "err line\n")
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("socket file: %v, %v; want mode 0600", fi, err)
	}
	stop()
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket file after stop: %v; want it removed", err)
	}
	if _, err := Forward(t.Context(), path, []string{"ask"}, io.Discard, io.Discard); !errors.Is(err, ErrNoServer) {
		t.Errorf("Forward with no server: %v; want ErrNoServer", err)
	}
}

// A socket file left by a process that died is replaced; a live one is not.
func TestServeReplacesDeadSocketOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.sock")
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	lg := slog.New(slog.NewTextHandler(t.Output(), nil))
	run := func(context.Context, []string, io.Writer, io.Writer) int { return 0 }
	if _, err := listen(path); err == nil {
		t.Error("listen over a live socket succeeded; want an error")
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close() // the file stays, as after a crash
	stop := Serve(t.Context(), lg, path, run)
	defer stop()
	if code, err := Forward(t.Context(), path, nil, io.Discard, io.Discard); err != nil || code != 0 {
		t.Errorf("Forward after replacing a dead socket = %d, %v; want 0, nil", code, err)
	}
}
