package related

import (
	"strings"
	"unicode/utf8"
)

// minQuoteWords drops one-word "quotes" (scare quotes, nicknames): they
// are titles or emphasis, not something a person said.
const minQuoteWords = 2

// maxQuotes bounds the quotes kept per article; the first ones of a news
// story are its lead quotes.
const maxQuotes = 16

// Quotes returns the quotations of a text, in order and without
// duplicates, each normalized by normalizeKey so the same sentence gives
// the same string whatever its quote marks, apostrophes, dashes, spacing
// and case. A quote is the text between double quotation marks of any
// style (“…”, "…", «…», „…“); a quote still open at the end of a paragraph
// runs to that end, as news style continues a quotation across
// paragraphs by reopening it.
func Quotes(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, para := range strings.Split(text, "\n") {
		for _, q := range quotesInParagraph(para) {
			key := normalizeKey(q)
			if strings.Count(key, " ")+1 < minQuoteWords || seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, key)
			if len(out) == maxQuotes {
				return out
			}
		}
	}
	return out
}

// quotesInParagraph returns the raw text inside the quotation marks of one
// paragraph. Straight quotes toggle; curly and angle quotes open and close
// by their shape, but a mark of the wrong shape still closes a quotation
// when it stands where a closing mark would (after the words, before a
// space or the end): sources mix styles ("…Assad’s,” after an opening ").
func quotesInParagraph(p string) []string {
	var out []string
	open := rune(0) // the opening mark of the quotation in progress
	start := 0      // byte offset where its text starts
	for i := 0; i < len(p); {
		r, w := utf8.DecodeRuneInString(p[i:])
		if !isQuoteMark(r) {
			i += w
			continue
		}
		switch {
		case open == 0:
			if opensQuote(p, i, r) {
				open, start = r, i+w
			}
		case closesQuote(open, r, p, i+w):
			out = append(out, p[start:i])
			open = 0
		default:
			// A new opening mark inside a quotation: the previous one
			// lost its closing mark. Keep what it had and start over.
			out = append(out, p[start:i])
			open, start = r, i+w
		}
		i += w
	}
	if open != 0 {
		out = append(out, p[start:])
	}
	return out
}

// opensQuote tells whether the mark r at p[i] can open a quotation: any
// mark but a closing-only one, not glued to a word before it (12" is
// inches).
func opensQuote(p string, i int, r rune) bool {
	switch r {
	case '”', '»', '〞':
		return false
	}
	if i == 0 {
		return true
	}
	prev, _ := utf8.DecodeLastRuneInString(p[:i])
	return !isWordRune(prev)
}

// closesQuote tells whether mark r ends the quotation opened by open; after
// is the offset just past r.
func closesQuote(open, r rune, p string, after int) bool {
	switch {
	case r == '”' || r == '»' || r == '〞' || r == '"' || r == '＂':
		return true
	case r == '“' && open == '„':
		return true
	}
	// “ or « or „ inside a quotation: a closing mark of the wrong shape
	// when nothing but space or punctuation follows it.
	if after == len(p) {
		return true
	}
	next, _ := utf8.DecodeRuneInString(p[after:])
	return !isWordRune(next)
}
