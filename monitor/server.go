package monitor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Readiness is the list of conditions /readyz waits for, each named and
// reporting nil once met. It is safe for concurrent use.
type Readiness struct {
	mu     sync.Mutex
	checks map[string]func() error
}

// Require adds a condition (replacing one of the same name).
func (r *Readiness) Require(name string, check func() error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.checks == nil {
		r.checks = map[string]func() error{}
	}
	r.checks[name] = check
}

// NotReady returns the conditions not met yet, as "name: why", sorted.
func (r *Readiness) NotReady() []string {
	r.mu.Lock()
	checks := make(map[string]func() error, len(r.checks))
	for k, v := range r.checks {
		checks[k] = v
	}
	r.mu.Unlock()
	var out []string
	for name, check := range checks {
		if err := check(); err != nil {
			out = append(out, name+": "+err.Error())
		}
	}
	sort.Strings(out)
	return out
}

// Handler serves /healthz (the process is alive), /readyz (every
// condition met) and /metrics (Prometheus text format).
func Handler(m *Metrics, ready *Readiness) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if not := ready.NotReady(); len(not) > 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "not ready:\n"+strings.Join(not, "\n"))
			return
		}
		fmt.Fprintln(w, "ready")
	})
	if m != nil {
		mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	}
	return mux
}

// Server is the HTTP server of /healthz, /readyz and /metrics.
type Server struct {
	lg  *slog.Logger
	ln  net.Listener
	srv *http.Server
}

// Listen opens addr (host:port; ":0" picks a free port) for h.
func Listen(lg *slog.Logger, addr string, h http.Handler) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on HTTP_ADDR %s: %w", addr, err)
	}
	return &Server{lg: lg, ln: ln, srv: &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
	}}, nil
}

// Addr is the address listened on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Serve serves until ctx ends, then shuts down (bounded to 5 s).
func (s *Server) Serve(ctx context.Context) error {
	done := make(chan error, 1)
	go func() { done <- s.srv.Serve(s.ln) }()
	s.lg.InfoContext(ctx, "serving health and metrics", "addr", s.Addr())
	select {
	case err := <-done:
		return fmt.Errorf("health and metrics server: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("health and metrics server: %w", err)
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("health and metrics server: %w", err)
	}
	return nil
}

// Check asks a Byline's health endpoint (base like http://127.0.0.1:9090,
// path /readyz or /healthz) and returns nil when it answers 200.
func Check(ctx context.Context, base, path string) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(base, "/")+path, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var b strings.Builder
		buf := make([]byte, 512)
		n, _ := resp.Body.Read(buf)
		b.Write(buf[:n])
		return fmt.Errorf("%s: %s %s", path, resp.Status, strings.TrimSpace(b.String()))
	}
	return nil
}

// HealthURL is where a health check asks a server listening on addr
// (HTTP_ADDR): an empty or unspecified host means this machine.
func HealthURL(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("HTTP_ADDR %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port), nil
}
