package main

import (
	"byline/config"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"byline/commands/llm/llmtest"
	"byline/store"
)

// freeAddr is a loopback address with a port free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// counter is the value of the metric name with the given labels (-1: absent).
func counter(fams map[string]*dto.MetricFamily, name string, labels map[string]string) float64 {
	f, ok := fams[name]
	if !ok {
		return -1
	}
	for _, m := range f.Metric {
		match := true
		for _, lp := range m.Label {
			if v, ok := labels[lp.GetName()]; ok && v != lp.GetValue() {
				match = false
			}
		}
		if !match {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		}
	}
	return -1
}

// TestE2EMetricsAndReport runs the console with HTTP_ADDR, answers two
// scripted questions (one the articles cover, one they do not), scrapes
// /metrics over loopback with Prometheus' own text parser, then reads the
// question log back with byline report after the process has ended.
func TestE2EMetricsAndReport(t *testing.T) {
	addr := freeAddr(t)
	ctx, cancel := context.WithTimeout(t.Context(), runTimeout)
	defer cancel()
	cmd, stdin, stdout, stderr := startConsole(t, ctx, []string{"HTTP_ADDR=" + addr, "LOG_FORMAT=json"})
	base := "http://" + addr
	waitFor(t, ctx, func() bool { code, _ := get(t, base+"/readyz"); return code == 200 })
	if code, body := get(t, base+"/healthz"); code != 200 || strings.TrimSpace(body) != "ok" {
		t.Errorf("/healthz: %d %q", code, body)
	}
	io.WriteString(stdin, seedQuestion+"\nWho won the 2022 World Cup?\n")
	waitFor(t, ctx, func() bool {
		return strings.Contains(stdout.String(), "Sources:") && strings.Contains(stdout.String(), "don't cover")
	})

	fams := scrape(t, addr)
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"byline_questions_total", map[string]string{"command": "ask", "outcome": "answered"}, 1},
		{"byline_questions_total", map[string]string{"command": "ask", "outcome": "refused"}, 1},
		{"byline_answer_seconds", map[string]string{"command": "ask"}, 2},
		{"byline_index_articles", nil, 1},
		{"byline_llm_calls_total", nil, 0},
		{"byline_discord_rate_limit_waits_total", nil, 0},
	} {
		if got := counter(fams, c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v; want %v", c.name, c.labels, got, c.want)
		}
	}
	if got := counter(fams, "byline_index_passages", nil); got < 1 {
		t.Errorf("byline_index_passages = %v", got)
	}
	if !strings.Contains(stderr.String(), `"msg":"starting","version":"byline `) {
		t.Error("no JSON log line with the version at start")
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Errorf("console exit: %v", err)
	}

	out, _, code := runByline(t, nil, "", "report", "--json")
	var r struct {
		Questions int
		Gaps      []struct {
			Count     int
			Questions []string
		}
	}
	if err := json.Unmarshal([]byte(out), &r); code != 0 || err != nil {
		t.Fatalf("report --json: exit %d, %v: %s", code, err, out)
	}
	if r.Questions != 2 || len(r.Gaps) != 1 || r.Gaps[0].Questions[0] != "Who won the 2022 World Cup?" {
		t.Errorf("report %+v; want 2 questions and the World Cup as the gap", r)
	}
	if _, _, code := runByline(t, []string{"HTTP_ADDR=" + addr}, "", "healthcheck"); code != 1 {
		t.Errorf("healthcheck with nothing running: exit %d; want 1", code)
	}
}

// startConsole starts the real binary as the console, reading the
// returned stdin; the test's end closes stdin and waits for it.
func startConsole(t *testing.T, ctx context.Context, env []string) (cmd *exec.Cmd, stdin io.WriteCloser, stdout, stderr *syncBuffer) {
	t.Helper()
	cmd = exec.CommandContext(ctx, bylineBin)
	cmd.Dir = bylineWorkDir(t)
	cmd.Env = bylineEnv(t, env)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		cmd.Wait()
		t.Logf("stderr:\n%s", stderr.String())
	})
	return cmd, stdin, stdout, stderr
}

func waitFor(t *testing.T, ctx context.Context, cond func() bool) {
	t.Helper()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatal("condition not met in time")
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// /readyz says not ready until the index is open; healthcheck follows it.
func TestReadyOnlyAfterIndexOpens(t *testing.T) {
	addr := freeAddr(t)
	c := &cli{lg: slog.New(slog.DiscardHandler), cfg: config.Config{HTTPAddr: addr, DBPath: filepath.Join(t.TempDir(), "b.db"), HistoryDays: 30},
		stdout: io.Discard, stderr: io.Discard}
	o, stop, err := c.startOps(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	base := "http://" + addr
	waitFor(t, t.Context(), func() bool { code, _ := get(t, base+"/healthz"); return code == 200 })
	if code, body := get(t, base+"/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "index: not open yet") {
		t.Errorf("/readyz before the index: %d %q", code, body)
	}
	if err := c.cmdHealthcheck(t.Context(), nil); err == nil {
		t.Error("healthcheck passed before the index opened")
	}
	if err := c.cmdHealthcheck(t.Context(), []string{"--live"}); err != nil {
		t.Errorf("healthcheck --live: %v", err)
	}
	c.ops = o
	svc, done, err := c.openServiceFor(t)
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	_ = svc
	if code, body := get(t, base+"/readyz"); code != 200 {
		t.Errorf("/readyz after the index: %d %q", code, body)
	}
	if err := c.cmdHealthcheck(t.Context(), nil); err != nil {
		t.Errorf("healthcheck: %v", err)
	}
}

// A corrupted state database is reported clearly at start, and the
// console still answers (without history).
func TestE2ECorruptedDatabase(t *testing.T) {
	dir := bylineWorkDir(t)
	db := filepath.Join(dir, "broken.db")
	if err := os.WriteFile(db, []byte(strings.Repeat("this is not a database ", 400)), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runByline(t, []string{"DB_PATH=" + db}, seedQuestion+"\n/quit\n")
	if code != 0 || !strings.Contains(out, "Sources:") {
		t.Errorf("exit %d, stdout %q; want the question answered", code, out)
	}
	if !strings.Contains(errOut, "state database unusable; answering without history") || !strings.Contains(errOut, "broken.db") ||
		!strings.Contains(errOut, "not a usable SQLite database") || !strings.Contains(errOut, "move the file aside") {
		t.Errorf("stderr lacks a clear line naming the database, what is wrong and what to do:\n%s", errOut)
	}
	noCrash(t, errOut)
	if _, errOut, code := runByline(t, []string{"DB_PATH=" + db}, "", "report"); code != 1 || !strings.Contains(errOut, "broken.db") {
		t.Errorf("report on a broken database: exit %d, %q; want 1 and the path", code, errOut)
	}
}

// A state database locked by another process (an exclusive lock: nobody
// may read; a write lock: nobody may write) is reported clearly at start,
// and the console still answers, without history.
func TestE2ELockedDatabase(t *testing.T) {
	path := filepath.Join(bylineWorkDir(t), "held.db")
	db, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, lock := range [][]string{
		{"PRAGMA locking_mode = EXCLUSIVE", "BEGIN EXCLUSIVE"},
		{"BEGIN IMMEDIATE"},
	} {
		release := holdDatabase(t, path, lock...)
		start := time.Now()
		out, errOut, code := runByline(t, []string{"DB_PATH=" + path}, seedQuestion+"\n/quit\n")
		release()
		t.Logf("%s: answered in %v", lock[len(lock)-1], time.Since(start))
		if code != 0 || !strings.Contains(out, "Sources:") {
			t.Errorf("%s: exit %d, stdout %q; want the question answered", lock[len(lock)-1], code, out)
		}
		if !strings.Contains(errOut, "state database unusable; answering without history") || !strings.Contains(errOut, "held.db") ||
			!strings.Contains(errOut, "locked by another process") || !strings.Contains(errOut, "end it and restart") {
			t.Errorf("%s: stderr lacks a clear line naming the database, the lock and what to do:\n%s", lock[len(lock)-1], errOut)
		}
		noCrash(t, errOut)
	}
	// Nothing was kept while it was held, and the database is fine after.
	if db, err = store.Open(t.Context(), path); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if qs, err := db.Questions(t.Context(), time.Time{}); err != nil || len(qs) != 0 {
		t.Errorf("questions kept while the database was locked: %v, %v", qs, err)
	}
}

// holdDatabase runs stmts on a connection of the test's own to the
// database at path (the test is another process than byline), holding
// the lock they take until release.
func holdDatabase(t *testing.T, path string, stmts ...string) (release func()) {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := raw.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range stmts {
		if _, err := conn.ExecContext(t.Context(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return func() {
		conn.ExecContext(context.Background(), "ROLLBACK")
		conn.Close()
		raw.Close()
	}
}

// openServiceFor opens the service over the seeds in a temporary index.
func (c *cli) openServiceFor(t *testing.T) (any, func(), error) {
	c.cfg.SeedsDir = seedsDir
	c.cfg.IndexPath = filepath.Join(t.TempDir(), "index")
	c.cfg.LLMTimeout, c.cfg.LLMMaxContext, c.cfg.LLMMaxAnswer = time.Minute, 6000, 700
	return c.openService(t.Context(), false)
}

// TestE2EFeedFetchMetrics runs the console with FEEDS and HTTP_ADDR: after
// its first feed pass against a loopback site, /metrics counts the feed and
// page requests by status (a page that is there, one that is not).
func TestE2EFeedFetchMetrics(t *testing.T) {
	site := newNewsSite(t)
	site.publish("/lantern", "Skerry Point lighthouse gets a new lantern", "Maren Holt", lighthouseStory...)
	site.mu.Lock()
	site.items = append(site.items, `<item><title>Gone</title><link>`+site.URL+`/gone</link></item>`)
	site.mu.Unlock()
	addr := freeAddr(t)
	ctx, cancel := context.WithTimeout(t.Context(), runTimeout)
	defer cancel()
	_, _, _, stderr := startConsole(t, ctx, []string{"HTTP_ADDR=" + addr, "FEEDS=" + site.URL + "/feed.xml", "FETCH_ALLOW_PRIVATE=true"})
	want := []struct {
		kind, status string
		n            float64
	}{{"feed", "ok", 1}, {"page", "ok", 1}, {"page", "404", 1}}
	waitFor(t, ctx, func() bool { code, _ := get(t, "http://"+addr+"/healthz"); return code == 200 })
	waitFor(t, ctx, func() bool {
		fams := scrape(t, addr)
		for _, w := range want {
			if counter(fams, "byline_feed_fetches_total", map[string]string{"kind": w.kind, "status": w.status}) != w.n {
				return false
			}
		}
		return true
	})
	if !strings.Contains(stderr.String(), "feeds fetched") {
		t.Error("no log line for the feed pass")
	}
}

// The README shows the Dockerfile and the systemd unit as they are in the
// repository, and the Dockerfile builds with the flags the README says
// were checked.
func TestReadmeDeployFiles(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for fence, file := range map[string]string{"```dockerfile\n": "Dockerfile", "```ini\n": "deploy/byline.service"} {
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		_, block, _ := strings.Cut(readme, fence)
		block, _, ok := strings.Cut(block, "```\n")
		if !ok || block != string(want) {
			t.Errorf("README's %s block is not %s as it is:\n%s", strings.TrimSpace(fence), file, block)
		}
	}
	const build = `CGO_ENABLED=0 go build -trimpath -ldflags="-s -w"`
	if df, _ := os.ReadFile("Dockerfile"); !strings.Contains(string(df), build) || !strings.Contains(readme, build) {
		t.Errorf("the Dockerfile and the README's checked build should both run %s", build)
	}
}

// scrape parses /metrics at addr with Prometheus' own text parser.
func scrape(t *testing.T, addr string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// TestE2ELLMMetrics runs the console against the fake OpenAI server: a
// question answered after one 429, then one whose calls all fail (the
// extractive answer is given). /metrics counts the calls, retries, errors
// and tokens, and the second question's outcome.
func TestE2ELLMMetrics(t *testing.T) {
	srv := llmtest.New(t, llmtest.RateLimited("0"), citingReply("sovereign nation", e2eFaithful),
		llmtest.Error(500, "boom"))
	addr := freeAddr(t)
	ctx, cancel := context.WithTimeout(t.Context(), runTimeout)
	defer cancel()
	_, stdin, stdout, _ := startConsole(t, ctx, llmEnv(srv, "HTTP_ADDR="+addr, "LLM_MAX_RETRIES=1"))
	io.WriteString(stdin, llmQuestion+"\n")
	waitFor(t, ctx, func() bool { return strings.Count(stdout.String(), "Sources:") == 1 })
	io.WriteString(stdin, "What did Sheinbaum say about sovereignty?\n")
	waitFor(t, ctx, func() bool { return strings.Count(stdout.String(), "Sources:") == 2 })
	fams := scrape(t, addr)
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"byline_llm_calls_total", nil, 2},
		{"byline_llm_retries_total", nil, 2}, // the 429, then the first 500
		{"byline_llm_errors_total", nil, 1},
		{"byline_llm_tokens_total", map[string]string{"kind": "prompt"}, 640},
		{"byline_llm_call_seconds", nil, 2},
		{"byline_questions_total", map[string]string{"command": "ask", "outcome": "answered"}, 1},
		{"byline_questions_total", map[string]string{"command": "ask", "outcome": "model_failed"}, 1},
	} {
		if got := counter(fams, c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v; want %v", c.name, c.labels, got, c.want)
		}
	}
	if got := counter(fams, "byline_llm_tokens_total", map[string]string{"kind": "completion"}); got < 1 {
		t.Errorf("completion tokens = %v; want the answer's", got)
	}
}
