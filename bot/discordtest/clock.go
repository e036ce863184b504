package discordtest

import (
	"sync"
	"time"
)

// Clock is a clock a test moves by hand. Given to the fake with
// [WithClock], it decides the interaction deadlines (the acknowledgement
// deadline and the token lifetime), so a test steps past one with
// [Clock.Advance] instead of sleeping. Rate limits stay on the real clock:
// the client really waits for them.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock standing at the real time now.
func NewClock() *Clock { return &Clock{now: time.Now()} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// WithClock makes the fake read interaction deadlines from c instead of
// the real clock.
func WithClock(c *Clock) Option { return func(s *Server) { s.now = c.Now } }
