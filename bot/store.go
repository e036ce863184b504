package bot

import (
	"container/list"
	"sync"
	"time"
)

// store is a bounded in-memory map with least-recently-used eviction and
// a time to live: the bot remembers answers (for their buttons) and
// conversations (for follow-ups) for a while, never without bound. It is
// safe for concurrent use.
type store[K comparable, V any] struct {
	mu    sync.Mutex
	max   int
	ttl   time.Duration
	now   func() time.Time
	order *list.List // front = most recently used; values are *entry[K, V]
	items map[K]*list.Element
}

type entry[K comparable, V any] struct {
	key     K
	val     V
	expires time.Time
}

func newStore[K comparable, V any](max int, ttl time.Duration) *store[K, V] {
	return &store[K, V]{max: max, ttl: ttl, now: time.Now, order: list.New(), items: make(map[K]*list.Element)}
}

// Put remembers v under k, evicting the least recently used entry when full.
func (s *store[K, V]) Put(k K, v V) {
	s.mu.Lock()
	defer s.mu.Unlock()
	exp := s.now().Add(s.ttl)
	if el, ok := s.items[k]; ok {
		e := el.Value.(*entry[K, V])
		e.val, e.expires = v, exp
		s.order.MoveToFront(el)
		return
	}
	s.items[k] = s.order.PushFront(&entry[K, V]{key: k, val: v, expires: exp})
	for s.order.Len() > s.max {
		s.remove(s.order.Back())
	}
}

// Get returns the value under k unless it expired or was evicted.
func (s *store[K, V]) Get(k K) (V, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var zero V
	el, ok := s.items[k]
	if !ok {
		return zero, false
	}
	e := el.Value.(*entry[K, V])
	if !s.now().Before(e.expires) {
		s.remove(el)
		return zero, false
	}
	s.order.MoveToFront(el)
	return e.val, true
}

// Len is the number of entries held, expired ones included until touched.
func (s *store[K, V]) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.order.Len()
}

func (s *store[K, V]) remove(el *list.Element) {
	s.order.Remove(el)
	delete(s.items, el.Value.(*entry[K, V]).key)
}
