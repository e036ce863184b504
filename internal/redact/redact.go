// Package redact keeps secrets out of what Byline prints and logs: the
// user name and password of a URL, and known secrets (an API key, a bot
// token) inside text that came from outside, such as a server's error
// message that echoes the key it was sent.
package redact

import (
	"net/url"
	"regexp"
	"strings"
)

// Mark replaces a secret.
const Mark = "[redacted]"

// minSecret: shorter strings are not scrubbed from text, as they would
// scrub ordinary words (a one-letter "key" is no secret anyway).
const minSecret = 6

// userinfoRE matches the user information of a URL inside any text:
// "scheme://user:pass@" up to the "@".
var userinfoRE = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.\-]*://)[^/?#@\s"'<>]*@`)

// URL returns u with its user information (user name and password)
// replaced by Mark. Text that does not parse as a URL is scrubbed as text.
func URL(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.User == nil {
		return userinfoRE.ReplaceAllString(u, "${1}"+Mark+"@")
	}
	p.User = url.User(Mark)
	return strings.Replace(p.String(), url.QueryEscape(Mark), Mark, 1)
}

// Secrets are the values to scrub from text: add known secrets with Add
// and the user information of configured URLs with AddURL.
type Secrets struct {
	list []string
}

// Add records secrets to scrub (empty and very short ones are ignored).
func (s *Secrets) Add(secrets ...string) {
	for _, v := range secrets {
		if v = strings.TrimSpace(v); len(v) >= minSecret {
			s.list = append(s.list, v)
		}
	}
}

// AddURL records the user name and password of u, if any.
func (s *Secrets) AddURL(u string) {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || p.User == nil {
		return
	}
	s.Add(p.User.Username())
	if pw, ok := p.User.Password(); ok {
		s.Add(pw, url.QueryEscape(pw))
	}
}

// Text returns text with every recorded secret and every URL's user
// information replaced by Mark.
func (s *Secrets) Text(text string) string {
	text = userinfoRE.ReplaceAllString(text, "${1}"+Mark+"@")
	if s == nil {
		return text
	}
	for _, v := range s.list {
		text = strings.ReplaceAll(text, v, Mark)
	}
	return text
}
