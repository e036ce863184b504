package bot

import (
	"sync"
	"time"
)

// cooldowns enforces a minimum time between two questions of one user.
// It is safe for concurrent use.
type cooldowns struct {
	mu   sync.Mutex
	d    time.Duration
	now  func() time.Time
	last map[string]time.Time
}

func newCooldowns(d time.Duration) *cooldowns {
	return &cooldowns{d: d, now: time.Now, last: make(map[string]time.Time)}
}

// Allow records a question of user and returns 0, or, when the user asked
// less than the cooldown ago, returns how long to wait and records nothing.
func (c *cooldowns) Allow(user string) time.Duration {
	if c.d <= 0 {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if t, ok := c.last[user]; ok {
		if wait := t.Add(c.d).Sub(now); wait > 0 {
			return wait
		}
	}
	c.last[user] = now
	// Forget users whose cooldown ended, so the map does not grow with
	// every user ever seen.
	if len(c.last) > 1024 {
		for u, t := range c.last {
			if now.Sub(t) >= c.d {
				delete(c.last, u)
			}
		}
	}
	return 0
}

// slots limits how many answers are in progress at once per key (a guild,
// or a user in DMs). It is safe for concurrent use.
type slots struct {
	mu   sync.Mutex
	max  int
	used map[string]int
}

func newSlots(max int) *slots { return &slots{max: max, used: make(map[string]int)} }

// Acquire takes a slot for key and reports whether one was free; each
// successful Acquire must be followed by one Release.
func (s *slots) Acquire(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.used[key] >= s.max {
		return false
	}
	s.used[key]++
	return true
}

// Release frees a slot taken by Acquire.
func (s *slots) Release(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.used[key]--; s.used[key] <= 0 {
		delete(s.used, key)
	}
}

// inflight tracks the work in progress so shutdown can refuse new work
// and wait for the rest. Unlike a sync.WaitGroup it allows Begin to race
// with Wait: after Close, Begin fails instead.
type inflight struct {
	mu     sync.Mutex
	n      int
	closed bool
	idle   chan struct{} // closed when n drops to 0 after Close
}

// Begin registers one piece of work; false means the bot is shutting down.
func (f *inflight) Begin() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return false
	}
	f.n++
	return true
}

// Done ends a piece of work registered by Begin.
func (f *inflight) Done() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n--
	if f.closed && f.n == 0 {
		close(f.idle)
	}
}

// Closed reports whether Close was called.
func (f *inflight) Closed() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.closed
}

// Close refuses new work and returns a channel closed once the work in
// progress has ended.
func (f *inflight) Close() <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.closed {
		f.closed = true
		f.idle = make(chan struct{})
		if f.n == 0 {
			close(f.idle)
		}
	}
	return f.idle
}
