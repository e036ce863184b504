package fetch

import (
	"bufio"
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"
	"time"
)

// robotsToken is the product token Byline looks for in robots.txt groups.
const robotsToken = "byline"

// robotsTTL is how long a site's robots.txt is trusted before it is read again.
const robotsTTL = time.Hour

// robotsMaxBytes is the most of a robots.txt that is read (RFC 9309 asks
// for at least 500 KiB).
const robotsMaxBytes = 512 << 10

// robotsRules are the rules of the group that applies to Byline.
type robotsRules struct {
	allowAll, disallowAll bool
	rules                 []robotsRule
}

type robotsRule struct {
	allow   bool
	pattern string
}

type robotsEntry struct {
	rules   robotsRules
	fetched time.Time
}

// robotsCache holds each site's rules for robotsTTL.
type robotsCache struct {
	mu    sync.Mutex
	sites map[string]robotsEntry // scheme://host → rules
}

func newRobotsCache() *robotsCache { return &robotsCache{sites: map[string]robotsEntry{}} }

// allowed reports whether u may be fetched, reading the site's robots.txt
// when it is not cached. Following RFC 9309: a missing robots.txt (4xx)
// allows everything; an unreachable one (5xx, network error) allows
// nothing for now.
func (rc *robotsCache) allowed(ctx context.Context, c *Client, u *url.URL) (bool, error) {
	site := u.Scheme + "://" + u.Host
	rc.mu.Lock()
	e, ok := rc.sites[site]
	rc.mu.Unlock()
	if !ok || time.Since(e.fetched) > robotsTTL {
		rules, err := c.readRobots(ctx, site)
		if err != nil {
			return false, err
		}
		e = robotsEntry{rules: rules, fetched: time.Now()}
		rc.mu.Lock()
		rc.sites[site] = e
		rc.mu.Unlock()
	}
	return e.rules.allows(u.EscapedPath()), nil
}

// readRobots gets and parses site's robots.txt.
func (c *Client) readRobots(ctx context.Context, site string) (robotsRules, error) {
	u, _ := url.Parse(site + "/robots.txt")
	resp, err := c.get(ctx, u, Validators{})
	var se *StatusError
	switch {
	case errors.As(err, &se) && se.Code >= 400 && se.Code < 500:
		return robotsRules{allowAll: true}, nil
	case errors.Is(err, ErrBlockedAddress), ctx.Err() != nil:
		return robotsRules{}, err
	case err != nil:
		c.lg.WarnContext(ctx, "robots.txt unreachable; not fetching from the site for now", "site", site, "err", err)
		return robotsRules{disallowAll: true}, nil
	}
	body := resp.Body
	if len(body) > robotsMaxBytes {
		body = body[:robotsMaxBytes]
	}
	return parseRobots(string(body), robotsToken), nil
}

// parseRobots reads the group of robots.txt that applies to agent (the
// group naming it, else the "*" group); rules of consecutive user-agent
// lines are shared, and a group naming the agent wins over "*".
func parseRobots(body, agent string) robotsRules {
	var mine, star []robotsRule
	var foundMine, foundStar bool
	var agents []string
	inRules := false
	sc := bufio.NewScanner(strings.NewReader(body))
	sc.Buffer(make([]byte, 64<<10), robotsMaxBytes)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		val = strings.TrimSpace(val)
		switch key {
		case "user-agent":
			if inRules {
				agents, inRules = nil, false
			}
			agents = append(agents, strings.ToLower(val))
		case "allow", "disallow":
			inRules = true
			if val == "" && key == "disallow" {
				// "Disallow:" with nothing allows all; it still makes the group exist.
				val = "\x00none"
			}
			r := robotsRule{allow: key == "allow", pattern: val}
			for _, a := range agents {
				switch {
				case a == agent:
					mine, foundMine = append(mine, r), true
				case a == "*":
					star, foundStar = append(star, r), true
				}
			}
		}
	}
	rules := star
	if foundMine {
		rules = mine
	} else if !foundStar {
		return robotsRules{allowAll: true}
	}
	return robotsRules{rules: rules}
}

// allows applies the longest matching rule; allow wins a tie.
func (r robotsRules) allows(path string) bool {
	switch {
	case r.allowAll:
		return true
	case r.disallowAll:
		return false
	}
	if path == "" {
		path = "/"
	}
	best, allowed := -1, true
	for _, rule := range r.rules {
		if rule.pattern == "\x00none" || !robotsMatch(rule.pattern, path) {
			continue
		}
		if n := len(rule.pattern); n > best || (n == best && rule.allow) {
			best, allowed = n, rule.allow
		}
	}
	return allowed
}

// robotsMatch matches a robots.txt path pattern ("*" any run, "$" the end).
func robotsMatch(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	pattern = strings.TrimSuffix(pattern, "$")
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	rest := path[len(parts[0]):]
	for i, part := range parts[1:] {
		last := i == len(parts)-2
		if last && anchored {
			return strings.HasSuffix(rest, part)
		}
		j := strings.Index(rest, part)
		if j < 0 {
			return false
		}
		rest = rest[j+len(part):]
	}
	return !anchored || rest == ""
}
