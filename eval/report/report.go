// Package report runs every evaluation on the shared data and writes the
// Markdown tables of BENCHMARKS.md's Evaluation part (`byline eval report`,
// [Command]): retrieval beside the reference on two data sets, a tuning
// grid, index build variants, summaries, scale and dated answers
// (RealTime QA), with the targets met.
package report

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"byline/eval"
	"byline/eval/scale"
)

// Command is `byline eval report`.
var Command = eval.Command{
	Name: "report",
	Usage: `  report    [--data DIR] [--out FILE|-] [--update BENCHMARKS.md]
            run all of the above on the shared data and write the Markdown tables
`,
	Run: run,
}

// Report markers: `byline eval report --update BENCHMARKS.md` rewrites
// what lies between them and nothing else.
const (
	Begin = "<!-- eval:begin -->"
	End   = "<!-- eval:end -->"
)

func run(ctx context.Context, env eval.Env, args []string) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	dir := fs.String("data", filepath.Join("..", "shared", "data"), "the shared data folder")
	out := fs.String("out", "-", "write the Markdown here (- for stdout)")
	update := fs.String("update", "", "rewrite the part of this file between "+Begin+" and "+End)
	sizes := fs.String("sizes", "1000,10000,100000", "scale sizes, in passages")
	limit := fs.Int("limit", 0, "summaries: only the first N articles (0: all)")
	if err := eval.ParseFlags(fs, args); err != nil {
		return err
	}
	ns, err := scale.ParseSizes(*sizes)
	if err != nil {
		return err
	}
	started := time.Now().UTC()
	m, err := measure(ctx, env, *dir, ns, *limit)
	if err != nil {
		return err
	}
	md := m.markdown(args, started)
	if *update != "" {
		return ReplaceSection(*update, md)
	}
	if *out == "-" || *out == "" {
		_, err = io.WriteString(env.Stdout, md)
		return err
	}
	return os.WriteFile(*out, []byte(md), 0o644)
}

// ReplaceSection writes md between the report markers of path.
func ReplaceSection(path, md string) error {
	old, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("update %s: %w", path, err)
	}
	s := string(old)
	i, j := strings.Index(s, Begin), strings.Index(s, End)
	if i < 0 || j < i {
		return fmt.Errorf("update %s: no %s … %s markers", path, Begin, End)
	}
	s = s[:i+len(Begin)] + "\n" + md + s[j:]
	return os.WriteFile(path, []byte(s), 0o644)
}
