// Package terminal is Byline's terminal transport, the counterpart of the
// Discord bot: it renders answers as plain text or JSON, prints a model's
// draft as it streams, draws the indexing progress bar, and runs the
// interactive console. Text from articles or a model is made [Printable]
// before it reaches a terminal.
package terminal

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"

	"byline/commands"
)

// WriteAnswer prints an answer: one JSON object with asJSON, else the
// plain text form of [Render].
func WriteAnswer(w io.Writer, a *commands.Answer, asJSON bool) error {
	if asJSON {
		out := *a
		// Empty lists print as [] rather than null, so that scripts can
		// iterate them without a check.
		if out.Citations == nil {
			out.Citations = []commands.Citation{}
		}
		if out.Quotes == nil {
			out.Quotes = []commands.Quote{}
		}
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return fmt.Errorf("write answer: %w", err)
		}
		return nil
	}
	if _, err := io.WriteString(w, Render(a)); err != nil {
		return fmt.Errorf("write answer: %w", err)
	}
	return nil
}

// Render is the terminal form of an answer: the notice (if any), the
// text, the nearest articles of a refusal, then the numbered sources.
//
//	The language model did not answer; here is what the articles say.
//
//	Sheinbaum rejected … [1]
//
//	Sources:
//	[1] Mexico Rejects US Military Intervention … — Eugene Litman, 2025-08-09
func Render(a *commands.Answer) string {
	var b strings.Builder
	if a.Searched != "" {
		b.WriteString("Searched for: " + Printable(a.Searched) + "\n\n")
	}
	if a.Notice != "" {
		b.WriteString(Printable(a.Notice))
		b.WriteString("\n\n")
	}
	b.WriteString(strings.TrimSpace(Printable(a.Text)))
	b.WriteString("\n")
	if a.Refused && len(a.Articles) > 0 {
		b.WriteString("\nThe nearest articles:\n")
		for _, art := range a.Articles {
			fmt.Fprintf(&b, "- %s\n", Printable(sourceLine(art.Title, art.Author, art.Date)))
		}
	}
	if n := len(a.Unsupported); n > 0 {
		fmt.Fprintf(&b, "\n(%d sentence(s) of this answer cite no source; see --json.)\n", n)
	}
	if len(a.Citations) > 0 {
		b.WriteString("\nSources:\n")
		for _, c := range a.Citations {
			fmt.Fprintf(&b, "[%d] %s\n", c.N, Printable(sourceLine(c.Title, c.Author, c.Date)))
			if ex := excerpt(Printable(c.Text), excerptWords); ex != "" {
				fmt.Fprintf(&b, "    “%s”\n", ex)
			}
		}
	}
	return b.String()
}

// excerptWords is how many words of a cited passage the terminal shows
// under its source line, so that citations of one article can be told apart.
const excerptWords = 14

// excerpt is the first n words of s on one line, with "…" when cut.
func excerpt(s string, n int) string {
	words := strings.Fields(s)
	if len(words) > n {
		return strings.Join(words[:n], " ") + "…"
	}
	return strings.Join(words, " ")
}

// sourceLine is "Title — Author, 2025-08-09", leaving out what is unknown.
func sourceLine(title, author, date string) string {
	s := title
	if author != "" {
		s += " — " + author
	}
	if date != "" {
		if author != "" {
			s += ", " + date
		} else {
			s += " (" + date + ")"
		}
	}
	return s
}

// Printable drops control characters (other than newline and tab) so that
// text from article files or a model cannot drive the terminal with
// escape sequences or reorder it with bidirectional overrides.
func Printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// OneLine keeps a message (an error's, say) on one printable line.
func OneLine(s string) string {
	return Printable(strings.Join(strings.Fields(s), " "))
}
