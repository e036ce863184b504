package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"time"

	"byline/commands"
	"byline/config"
)

// A running bot or console holds the index (Bleve allows one process), so
// it also serves the commands that read it to other byline processes on
// the same machine, over a Unix socket beside the index: `byline ask`
// from another shell is forwarded there and answered by the running
// process, from the same live library. Commands that do not read the
// index (add, fetch, feeds) write files and the state database, which
// the running process picks up by itself, so they run locally.
//
// The protocol is JSON lines: the client sends {"args": [...]}; the
// server answers with {"out": "..."} and {"err": "..."} chunks and ends
// with {"exit": N}.

// servedCommands are the commands a running byline answers for others.
var servedCommands = map[string]bool{"ask": true, "summarize": true, "quote": true, "articles": true}

// socketPath is where the process holding INDEX_PATH listens.
func socketPath(cfg config.Config) string { return cfg.IndexPath + ".sock" }

type socketRequest struct {
	Args []string `json:"args"`
}

type socketFrame struct {
	Out  string `json:"out,omitempty"`
	Err  string `json:"err,omitempty"`
	Exit *int   `json:"exit,omitempty"`
}

// maxSocketRequest bounds a request line.
const maxSocketRequest = 1 << 20

// serveSocket answers served commands from svc until ctx ends. A failure to
// listen is logged, not fatal: the bot works without it.
func (c *cli) serveSocket(ctx context.Context, svc *commands.Service) (stop func()) {
	path := socketPath(c.cfg)
	ln, err := listenUnix(path)
	if err != nil {
		c.lg.WarnContext(ctx, "no local socket for other byline processes", "path", path, "err", err)
		return func() {}
	}
	c.lg.DebugContext(ctx, "serving other byline processes", "socket", path)
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
			wg.Go(func() { c.serveConn(ctx, svc, conn) })
		}
	})
	return func() {
		cancel()
		wg.Wait()
		os.Remove(path)
	}
}

// listenUnix listens on path, replacing a socket file left by a process
// that died (one nobody answers on), never a live one.
func listenUnix(path string) (net.Listener, error) {
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
	f := socketFrame{Out: string(p)}
	if w.stderr {
		f = socketFrame{Err: string(p)}
	}
	if err := w.enc.Encode(f); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (c *cli) serveConn(ctx context.Context, svc *commands.Service, conn net.Conn) {
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	var req socketRequest
	if err := json.NewDecoder(io.LimitReader(conn, maxSocketRequest)).Decode(&req); err != nil {
		c.lg.WarnContext(ctx, "bad request on the local socket", "err", err)
		return
	}
	conn.SetReadDeadline(time.Time{})
	var mu sync.Mutex
	enc := json.NewEncoder(conn)
	peer := &cli{
		lg: c.lg, cfg: c.cfg, stdin: eofReader{},
		stdout: frameWriter{mu: &mu, enc: enc},
		stderr: frameWriter{mu: &mu, enc: enc, stderr: true},
		shared: svc,
		ops:    c.ops, // served questions are logged like the console's
	}
	code := exitUsage
	if len(req.Args) > 0 && servedCommands[req.Args[0]] {
		code = peer.exitCode(commandTable[req.Args[0]](peer, ctx, req.Args[1:]))
	} else {
		fmt.Fprintln(peer.stderr, "byline: that command is not served by the running byline")
	}
	mu.Lock()
	defer mu.Unlock()
	enc.Encode(socketFrame{Exit: &code})
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

// errNoServer means no running byline answers on the socket.
var errNoServer = errors.New("no running byline")

// forward sends a served command to the running byline, copying its output;
// errNoServer when none is listening.
func (c *cli) forward(ctx context.Context, args []string) (int, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", socketPath(c.cfg))
	if err != nil {
		return 0, errNoServer
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if err := json.NewEncoder(conn).Encode(socketRequest{Args: args}); err != nil {
		return 0, errNoServer
	}
	c.lg.Debug("answered by the running byline", "socket", socketPath(c.cfg))
	sc := bufio.NewScanner(conn)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	for sc.Scan() {
		var f socketFrame
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			return exitFailure, fmt.Errorf("reply of the running byline: %w", err)
		}
		io.WriteString(c.stdout, f.Out)
		io.WriteString(c.stderr, f.Err)
		if f.Exit != nil {
			return *f.Exit, nil
		}
	}
	if ctx.Err() != nil {
		return exitFailure, ctx.Err()
	}
	return exitFailure, errors.New("the running byline closed the connection without an answer")
}
