package bot

import (
	"context"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"
	"time"
)

// maxStreamBytes bounds the text a streamer keeps: the preview shows at
// most one message, and the final answer comes from the commands layer.
const maxStreamBytes = 16 << 10

// streamer shows an answer growing as the language model writes it, by
// editing a message at most once per interval (Discord rate-limits edits):
// deltas that arrive in between are coalesced into the next edit.
type streamer struct {
	mu    sync.Mutex
	text  strings.Builder
	dirty bool

	stop chan struct{}
	done chan struct{}
}

// startStreamer starts the editing loop; edit receives the preview text.
// Stop must be called once, and returns after the last edit ended.
func startStreamer(ctx context.Context, lg *slog.Logger, interval time.Duration, edit func(ctx context.Context, preview string) error) *streamer {
	s := &streamer{stop: make(chan struct{}), done: make(chan struct{})}
	go s.loop(ctx, lg, interval, edit)
	return s
}

// Add appends a delta; it never blocks on Discord.
func (s *streamer) Add(delta string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.text.Len()+len(delta) <= maxStreamBytes {
		s.text.WriteString(delta)
		s.dirty = true
	}
}

// Stop ends the loop and waits for an edit in progress, so the final
// answer is never overwritten by a late preview.
func (s *streamer) Stop() {
	close(s.stop)
	<-s.done
}

func (s *streamer) loop(ctx context.Context, lg *slog.Logger, interval time.Duration, edit func(context.Context, string) error) {
	defer close(s.done)
	defer func() {
		if r := recover(); r != nil {
			lg.ErrorContext(ctx, "panic while streaming an answer", "panic", r, "stack", string(debug.Stack()))
		}
	}()
	timer := time.NewTimer(interval)
	defer timer.Stop()
	last := ""
	for {
		select {
		case <-s.stop:
			return
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		s.mu.Lock()
		text, dirty := s.text.String(), s.dirty
		s.dirty = false
		s.mu.Unlock()
		started := time.Now()
		if preview := streamPreview(text); dirty && preview != last {
			if err := edit(ctx, preview); err != nil {
				// A failed preview is not fatal: the final edit follows.
				lg.WarnContext(ctx, "streaming edit failed", "err", err)
			}
			last = preview
		}
		// The next edit starts no sooner than interval after this one
		// started, however long this one took.
		timer.Reset(max(0, interval-time.Since(started)))
	}
}
