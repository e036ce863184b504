package retrieval

import (
	"container/list"
	"sync"
)

// lru is a cache of values by key that holds at most max bytes (as
// weighed by weight): the least recently used values go first. It is what
// keeps the Library's memory growing with what users ask, not with the
// size of the library. Safe for concurrent use.
type lru[V any] struct {
	mu     sync.Mutex
	max    int64
	size   int64
	weight func(V) int64
	order  *list.List // of *lruItem[V], most recent first
	items  map[string]*list.Element
}

type lruItem[V any] struct {
	key    string
	val    V
	weight int64
}

func newLRU[V any](max int64, weight func(V) int64) *lru[V] {
	return &lru[V]{max: max, weight: weight, order: list.New(), items: map[string]*list.Element{}}
}

func (c *lru[V]) get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.order.MoveToFront(el)
		return el.Value.(*lruItem[V]).val, true
	}
	var zero V
	return zero, false
}

// put adds or replaces key's value, then evicts the least recently used
// values until the cache fits (a value heavier than the whole cache is
// still kept, alone, so that its caller can use it).
func (c *lru[V]) put(key string, v V) {
	w := c.weight(v)
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		it := el.Value.(*lruItem[V])
		c.size += w - it.weight
		it.val, it.weight = v, w
		c.order.MoveToFront(el)
	} else {
		c.items[key] = c.order.PushFront(&lruItem[V]{key: key, val: v, weight: w})
		c.size += w
	}
	for c.size > c.max && c.order.Len() > 1 {
		el := c.order.Back()
		it := el.Value.(*lruItem[V])
		c.order.Remove(el)
		delete(c.items, it.key)
		c.size -= it.weight
	}
}

// remove forgets key (an article that changed or went away).
func (c *lru[V]) remove(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.order.Remove(el)
		delete(c.items, key)
		c.size -= el.Value.(*lruItem[V]).weight
	}
}
