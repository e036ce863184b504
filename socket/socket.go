// Package socket lets a running byline answer commands for other byline
// processes on the same machine, over a Unix socket. A running bot or
// console holds the index (Bleve allows one process), so `byline ask` from
// another shell is forwarded to it with [Forward] and run there by the
// function given to [Serve], from the same live library.
//
// The protocol is JSON lines: the client sends {"args": [...]}; the
// server answers with {"out": "..."} and {"err": "..."} chunks and ends
// with {"exit": N}.
package socket

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"time"
)

// Run runs one forwarded command line (without the program name), writing
// what it prints to stdout and stderr, and returns its exit status.
type Run func(ctx context.Context, args []string, stdout, stderr io.Writer) int

type request struct {
	Args []string `json:"args"`
}

type frame struct {
	Out  string `json:"out,omitempty"`
	Err  string `json:"err,omitempty"`
	Exit *int   `json:"exit,omitempty"`
}

// maxRequest bounds a request line.
const maxRequest = 1 << 20

// Serve answers requests on a socket at path with run until ctx ends or
// stop is called; stop waits for the requests in flight and removes the
// socket. A failure to listen is logged, not returned: the program works
// without it.
func Serve(ctx context.Context, lg *slog.Logger, path string, run Run) (stop func()) {
	ln, err := listen(path)
	if err != nil {
		lg.WarnContext(ctx, "no local socket for other byline processes", "path", path, "err", err)
		return func() {}
	}
	lg.DebugContext(ctx, "serving other byline processes", "socket", path)
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		<-ctx.Done()
		ln.Close()
	})
	wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return // closed
			}
			wg.Go(func() { serveConn(ctx, lg, conn, run) })
		}
	})
	return func() {
		cancel()
		wg.Wait()
		os.Remove(path)
	}
}

// listen listens on path, replacing a socket file left by a process that
// died (one nobody answers on), never a live one.
func listen(path string) (net.Listener, error) {
	ln, err := net.Listen("unix", path)
	if err != nil {
		if conn, derr := net.DialTimeout("unix", path, time.Second); derr == nil {
			conn.Close()
			return nil, fmt.Errorf("another byline process answers on %s", path)
		}
		if fi, serr := os.Lstat(path); serr == nil && fi.Mode()&os.ModeSocket != 0 {
			os.Remove(path)
			ln, err = net.Listen("unix", path)
		}
	}
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(path, 0o600); err != nil { // this user's processes only
		ln.Close()
		return nil, err
	}
	return ln, nil
}

// frameWriter sends what a command writes as frames of one kind.
type frameWriter struct {
	mu     *sync.Mutex
	enc    *json.Encoder
	stderr bool
}

func (w frameWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	f := frame{Out: string(p)}
	if w.stderr {
		f = frame{Err: string(p)}
	}
	if err := w.enc.Encode(f); err != nil {
		return 0, err
	}
	return len(p), nil
}

func serveConn(ctx context.Context, lg *slog.Logger, conn net.Conn, run Run) {
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	var req request
	if err := json.NewDecoder(io.LimitReader(conn, maxRequest)).Decode(&req); err != nil {
		lg.WarnContext(ctx, "bad request on the local socket", "err", err)
		return
	}
	conn.SetReadDeadline(time.Time{})
	var mu sync.Mutex
	enc := json.NewEncoder(conn)
	code := run(ctx, req.Args, frameWriter{mu: &mu, enc: enc}, frameWriter{mu: &mu, enc: enc, stderr: true})
	mu.Lock()
	defer mu.Unlock()
	enc.Encode(frame{Exit: &code})
}

// ErrNoServer means no running byline answers on the socket.
var ErrNoServer = errors.New("no running byline")

// Forward sends args to the byline serving at path, copying its output to
// stdout and stderr, and returns its exit status; ErrNoServer when none is
// listening.
func Forward(ctx context.Context, path string, args []string, stdout, stderr io.Writer) (int, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		return 0, ErrNoServer
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if err := json.NewEncoder(conn).Encode(request{Args: args}); err != nil {
		return 0, ErrNoServer
	}
	sc := bufio.NewScanner(conn)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	for sc.Scan() {
		var f frame
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			return 0, fmt.Errorf("reply of the running byline: %w", err)
		}
		io.WriteString(stdout, f.Out)
		io.WriteString(stderr, f.Err)
		if f.Exit != nil {
			return *f.Exit, nil
		}
	}
	if ctx.Err() != nil {
		return 0, ctx.Err()
	}
	return 0, errors.New("the running byline closed the connection without an answer")
}
