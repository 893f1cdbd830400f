package related

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldRune maps the typographic variants of apostrophes, dashes and spaces
// to one plain form, so "we’ve" and "we've" or "a — b" and "a - b" compare
// equal. Quote marks are left alone: the quote extractor needs them.
func foldRune(r rune) rune {
	switch r {
	case '’', '‘', '‛', '′', '`', '´', 'ʼ':
		return '\''
	case '‐', '‑', '‒', '–', '—', '―', '−', '﹘', '﹣', '－':
		return '-'
	case '\u00a0', '\u2007', '\u202f', '\u2009', '\u200a', '\u2002', '\u2003', '\t':
		return ' '
	case '\u200b', '\u200c', '\u200d', '\ufeff', '\u00ad':
		return -1 // zero-width and soft hyphen: drop
	}
	return r
}

// foldText applies foldRune to a whole text.
func foldText(s string) string {
	return strings.Map(foldRune, s)
}

// isQuoteMark reports whether r is any double quotation mark the quote
// extractor knows (the straight one, curly ones, guillemets, low-9).
func isQuoteMark(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '‟', '«', '»', '〝', '〞', '＂':
		return true
	}
	return false
}

// normalizeKey folds, lowercases and collapses a phrase (a title or a
// quote) into the form that is compared and hashed: letters and digits
// kept, apostrophes kept inside words, every other run of punctuation or
// space becomes one space. "We’ve  had — in YEARS," → "we've had in years".
// The same words therefore give the same key whatever the typography,
// including ECB+'s re-spaced punctuation ("90 - day" and "90-day").
func normalizeKey(s string) string {
	key, _ := normalize(s, false)
	return key
}

// normalize is normalizeKey; with offsets it also returns, for every byte
// of the result, the byte offset in s of the rune it came from (FindQuotes
// maps passages back to the text with it).
func normalize(s string, withOffsets bool) (string, []int) {
	var b strings.Builder
	b.Grow(len(s))
	var offsets []int
	emit := func(r rune, at int) {
		n := b.Len()
		b.WriteRune(r)
		if withOffsets {
			for range b.Len() - n {
				offsets = append(offsets, at)
			}
		}
	}
	space := false
	for i, w := 0, 0; i < len(s); i += w {
		r, width := utf8.DecodeRuneInString(s[i:])
		w = width
		r = foldRune(r)
		switch {
		case r == '\'' && b.Len() > 0 && !space && i+w < len(s) && isWordRuneAt(s, i+w):
			emit('\'', i)
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			if space && b.Len() > 0 {
				emit(' ', i)
			}
			space = false
			emit(unicode.ToLower(r), i)
		default:
			space = true
		}
	}
	return b.String(), offsets
}

// isWordRuneAt reports whether the rune starting at s[i] is a letter or digit.
func isWordRuneAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// truncateWords cuts s to at most max bytes at a word boundary.
func truncateWords(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := strings.LastIndexByte(s[:max+1], ' ')
	if cut <= 0 {
		// One long word: cut at a rune boundary.
		cut = max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return s[:cut]
}
