package grounding

import (
	"strings"
)

// Discord would turn into a ping (@everyone, @here, <@id>, <@!id>, <@&id>).
func NeutralizeMentions(s string) string {
	return mentionRE.ReplaceAllStringFunc(s, func(m string) string {
		i := strings.IndexByte(m, '@')
		return m[:i+1] + "\u200b" + m[i+1:]
	})
}
