package related

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Span is a passage's place in a text, in UTF-16 code units (the unit of
// JavaScript string offsets, so the reader view can mark it directly).
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// FindQuotes locates normalized passages (as SharedQuotes returns them) in
// the original text, whatever its quote marks, apostrophes, dashes,
// spacing and case, and returns the span of the first occurrence of each
// passage found, in the order of passages. A span runs from the passage's
// first letter or digit to its last.
func FindQuotes(text string, passages []string) []Span {
	norm, offsets := normalize(text, true)
	var out []Span
	for _, p := range passages {
		if p == "" {
			continue
		}
		i := indexWords(norm, p)
		if i < 0 {
			continue
		}
		start, end := offsets[i], offsets[i+len(p)-1]
		_, w := utf8.DecodeRuneInString(text[end:])
		out = append(out, Span{Start: utf16Len(text[:start]), End: utf16Len(text[:end+w])})
	}
	return out
}

// indexWords finds p in norm at word boundaries, or -1.
func indexWords(norm, p string) int {
	for from := 0; from <= len(norm)-len(p); {
		i := strings.Index(norm[from:], p)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(p)
		if (i == 0 || norm[i-1] == ' ') && (end == len(norm) || norm[end] == ' ') {
			return i
		}
		from = i + 1
	}
	return -1
}

// utf16Len counts the UTF-16 code units of s.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
