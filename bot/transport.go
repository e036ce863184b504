package bot

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// rewriteTransport sends the requests discordgo addresses to Discord's
// hosts to the configured Discord-compatible server instead. discordgo's
// endpoints are package-level variables; rewriting here keeps them
// untouched (other sessions in the process still reach Discord), and the
// gateway URL then comes from that server's GET /gateway answer.
type rewriteTransport struct {
	base *url.URL // nil: send to Discord as addressed
	next http.RoundTripper
}

// discordHosts are the API hosts discordgo addresses.
var discordHosts = map[string]bool{"discord.com": true, "www.discord.com": true, "discordapp.com": true}

func newRewriteTransport(base *url.URL, next http.RoundTripper) http.RoundTripper {
	def, _ := url.Parse(DefaultAPIBaseURL)
	if base == nil || (base.Scheme == def.Scheme && strings.EqualFold(base.Host, def.Host) && strings.Trim(base.Path, "/") == "") {
		return next
	}
	return &rewriteTransport{base: base, next: next}
}

func (t *rewriteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !discordHosts[strings.ToLower(req.URL.Hostname())] {
		return t.next.RoundTrip(req)
	}
	r := req.Clone(req.Context())
	r.URL.Scheme = t.base.Scheme
	r.URL.Host = t.base.Host
	if prefix := strings.TrimSuffix(t.base.Path, "/"); prefix != "" {
		r.URL.Path = prefix + req.URL.Path
		if req.URL.RawPath != "" {
			r.URL.RawPath = strings.TrimSuffix(t.base.EscapedPath(), "/") + req.URL.RawPath
		}
	}
	r.Host = "" // use the new URL's host
	return t.next.RoundTrip(r)
}

// defaultTransport is a copy of http.DefaultTransport to build on, or, when
// a program replaced it with another kind of RoundTripper (a proxy or a
// recorder), that RoundTripper itself rather than a panic.
func defaultTransport() http.RoundTripper {
	if t, ok := http.DefaultTransport.(*http.Transport); ok {
		return t.Clone()
	}
	return http.DefaultTransport
}

// tokenPathRE matches the interaction and webhook tokens in REST paths.
var tokenPathRE = regexp.MustCompile(`(/(?:webhooks|interactions)/[0-9]+/)[^/?]+`)

// redactURL hides interaction tokens in a URL that is about to be logged.
func redactURL(u string) string {
	return tokenPathRE.ReplaceAllString(u, "${1}…")
}

// randomID is a short random prefix for the answer ids of this process, so
// that buttons of answers from before a restart are not mistaken for new ones.
func randomID() string {
	var b [3]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "x"
	}
	return hex.EncodeToString(b[:])
}
