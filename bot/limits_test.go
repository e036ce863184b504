package bot

import (
	"testing"
	"time"

	"byline/bot/discordtest"
)

func TestCooldowns(t *testing.T) {
	clk := discordtest.NewClock() // the fake Discord's settable clock
	c := newCooldowns(10 * time.Second)
	c.now = clk.Now
	steps := []struct {
		advance time.Duration
		user    string
		want    time.Duration
	}{
		{0, "a", 0},
		{0, "b", 0},
		{3 * time.Second, "a", 7 * time.Second},
		{6 * time.Second, "a", 1 * time.Second},
		{1 * time.Second, "a", 0},
		{0, "a", 10 * time.Second},
		{0, "b", 0},
	}
	for i, s := range steps {
		clk.Advance(s.advance)
		if got := c.Allow(s.user); got != s.want {
			t.Errorf("step %d: Allow(%q) = %v; want %v", i, s.user, got, s.want)
		}
	}
	if got := newCooldowns(0).Allow("a"); got != 0 {
		t.Errorf("zero cooldown: Allow = %v; want 0", got)
	}
}

func TestCooldownsForgetOldUsers(t *testing.T) {
	clk := discordtest.NewClock() // the fake Discord's settable clock
	c := newCooldowns(time.Second)
	c.now = clk.Now
	for i := range 3000 {
		c.Allow(string(rune('a'+i%26)) + time.Duration(i).String())
		clk.Advance(10 * time.Millisecond)
	}
	if n := len(c.last); n > 1200 {
		t.Errorf("cooldowns hold %d users; want old ones forgotten", n)
	}
}

func TestSlots(t *testing.T) {
	s := newSlots(2)
	if !s.Acquire("g") || !s.Acquire("g") {
		t.Fatal("first two Acquire failed")
	}
	if s.Acquire("g") {
		t.Error("third Acquire succeeded; want the guild full")
	}
	if !s.Acquire("other") {
		t.Error("Acquire for another guild failed")
	}
	s.Release("g")
	if !s.Acquire("g") {
		t.Error("Acquire after Release failed")
	}
	s.Release("g")
	s.Release("g")
	s.Release("other")
	if len(s.used) != 0 {
		t.Errorf("used = %v after releasing all; want empty", s.used)
	}
}

func TestInflight(t *testing.T) {
	var f inflight
	if !f.Begin() {
		t.Fatal("Begin before Close failed")
	}
	idle := f.Close()
	if f.Begin() {
		t.Error("Begin after Close succeeded")
	}
	select {
	case <-idle:
		t.Fatal("idle before the work ended")
	default:
	}
	f.Done()
	select {
	case <-idle:
	case <-time.After(5 * time.Second):
		t.Fatal("idle not closed after the work ended")
	}
	var g inflight
	select {
	case <-g.Close():
	case <-time.After(5 * time.Second):
		t.Fatal("idle not closed with no work")
	}
}

func TestStore(t *testing.T) {
	clk := discordtest.NewClock() // the fake Discord's settable clock
	s := newStore[string, int](2, time.Minute)
	s.now = clk.Now
	s.Put("a", 1)
	s.Put("b", 2)
	if v, ok := s.Get("a"); !ok || v != 1 {
		t.Errorf("Get(a) = %d, %v; want 1, true", v, ok)
	}
	s.Put("c", 3) // evicts b, the least recently used
	if _, ok := s.Get("b"); ok {
		t.Error("b still held; want it evicted")
	}
	if v, ok := s.Get("c"); !ok || v != 3 {
		t.Errorf("Get(c) = %d, %v; want 3, true", v, ok)
	}
	s.Put("c", 4)
	if v, _ := s.Get("c"); v != 4 {
		t.Errorf("Get(c) after overwrite = %d; want 4", v)
	}
	clk.Advance(time.Minute)
	if _, ok := s.Get("a"); ok {
		t.Error("a still held after its time to live")
	}
	if n := s.Len(); n != 1 {
		t.Errorf("Len = %d; want 1", n)
	}
}
