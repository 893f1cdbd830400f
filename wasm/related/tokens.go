package related

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word of a text, as the tokenizer found it.
type token struct {
	// text is the word in its original case, folded (see foldRune), with a
	// possessive "'s" removed.
	text string
	// lower is text lowercased.
	lower string
	// initial is set on the first word of a sentence, a line or a
	// quotation: its capital letter says nothing about it being a name.
	initial bool
	// number is set when the word is made of digits (with an inner
	// decimal point or thousands separator).
	number bool
	// capsLine is set when the word's line is written mostly in capitals
	// (a shouted headline): capitals there say nothing either.
	capsLine bool
	// lead is set on the words of the first leadLines non-empty lines:
	// the lead paragraph says who did what, where and when.
	lead bool
	// adjacent is set when only spaces separate this word from the
	// previous one (no punctuation, no line break): the two may form one
	// multiword name ("Betty Ford").
	adjacent bool
}

// capsLineShare is the share of upper-case letters above which a line is
// taken as written in capitals ("COLTS TOP CHIEFS, REACH PLAYOFFS").
const capsLineShare = 0.6

// capsLineMinLetters keeps short lines ("UN", "NATO") from counting as
// shouted lines.
const capsLineMinLetters = 8

// leadLines non-empty lines make the lead.
const leadLines = 2

// shortDecimalDigits bounds the digit groups that the ECB+ re-spacing
// quirk "6. 1" → "6.1" rejoins: a magnitude or a score, never a year at
// the end of a sentence followed by a count.
const shortDecimalDigits = 2

// minBytesPerToken sizes tokenize's slice once for nearly every text: a
// word with the space and punctuation after it takes 5.9 bytes on average
// on the ECB+ articles, and under 5 in 2 of the 496.
const minBytesPerToken = 5

// tokenize splits a folded text into words. Hyphenated words become their
// parts ("rear-ended" → "rear", "ended"), which also makes ECB+'s
// "rear - ended" tokenize the same way.
func tokenize(text string) []token {
	return appendTokens(tokensFor(len(text)), text)
}

// tokensFor is an empty slice with room for the words of textBytes bytes
// of text.
func tokensFor(textBytes int) []token {
	return make([]token, 0, textBytes/minBytesPerToken+1)
}

// appendTokens appends the words of text to toks, as tokenize gives them.
func appendTokens(toks []token, text string) []token {
	lines := 0
	for _, line := range strings.Split(text, "\n") {
		n := len(toks)
		toks = tokenizeLine(line, isCapsLine(line), toks)
		if lines < leadLines {
			for i := n; i < len(toks); i++ {
				toks[i].lead = true
			}
		}
		if len(toks) > n {
			lines++
		}
	}
	return toks
}

// isCapsLine reports whether most letters of line are capitals.
func isCapsLine(line string) bool {
	upper, letters := 0, 0
	for _, r := range line {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return letters >= capsLineMinLetters && float64(upper) > capsLineShare*float64(letters)
}

// tokenizeLine appends the words of one line to toks.
func tokenizeLine(line string, caps bool, toks []token) []token {
	initial := true   // the next word starts a sentence
	adjacent := false // only spaces since the previous word
	for i := 0; i < len(line); {
		r, w := utf8.DecodeRuneInString(line[i:])
		if !isWordRune(r) {
			switch {
			case r == ' ':
			case r == '.' || r == '!' || r == '?' || r == ':' || r == ';' || isQuoteMark(r):
				initial = initial || r != '.' || endsSentence(line, i)
				adjacent = false
			default:
				adjacent = false
			}
			i += w
			continue
		}
		end, number := scanWord(line, i)
		word := trimPossessive(line[i:end])
		if number {
			word = strings.ReplaceAll(word, " ", "") // "6. 1" → "6.1"
		}
		if word != "" {
			toks = append(toks, token{
				text:     word,
				lower:    strings.ToLower(word),
				initial:  initial,
				number:   number,
				capsLine: caps,
				adjacent: adjacent && len(toks) > 0,
			})
		}
		initial, adjacent = false, true
		i = end
	}
	return toks
}

// endsSentence tells whether the period at line[i] ends a sentence rather
// than an abbreviation: "U.S." and "Gov." are followed by more words, but
// so are sentences, so the test is the word before it: a single letter or
// a known title or month abbreviation.
func endsSentence(line string, i int) bool {
	j := i
	for j > 0 {
		r, w := utf8.DecodeLastRuneInString(line[:j])
		if !unicode.IsLetter(r) {
			break
		}
		j -= w
	}
	wordBefore := line[j:i]
	// "U.S." / "p.m." style: a single letter before the period.
	if utf8.RuneCountInString(wordBefore) == 1 {
		return false
	}
	if _, abbr := titleAbbreviations[strings.ToLower(wordBefore)]; abbr {
		return false
	}
	return true
}

// titleAbbreviations end with a period that does not end the sentence.
var titleAbbreviations = map[string]struct{}{
	"mr": {}, "mrs": {}, "ms": {}, "dr": {}, "gov": {}, "sen": {}, "rep": {}, "st": {},
	"gen": {}, "col": {}, "lt": {}, "sgt": {}, "capt": {}, "prof": {}, "jr": {}, "sr": {},
	"inc": {}, "corp": {}, "co": {}, "ltd": {}, "mt": {}, "ft": {}, "no": {}, "vs": {},
	"jan": {}, "feb": {}, "mar": {}, "apr": {}, "jun": {}, "jul": {}, "aug": {}, "sep": {},
	"sept": {}, "oct": {}, "nov": {}, "dec": {},
}

// isWordRune reports whether r can be part of a word.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// scanWord returns the end of the word starting at line[i] and whether it
// is a number. Inside a word an apostrophe followed by a letter is kept
// ("we've"); inside a number a '.' or ',' followed by a digit is kept
// ("6.1", "10,000"), and so is ECB+'s re-spaced "6. 1".
func scanWord(line string, i int) (end int, number bool) {
	number = true
	digits := 0
	for end = i; end < len(line); {
		r, w := utf8.DecodeRuneInString(line[end:])
		switch {
		case isWordRune(r):
			if unicode.IsDigit(r) {
				digits++
			} else {
				number = false
			}
			end += w
		case r == '\'' && !number && end+w < len(line) && isLetterAt(line, end+w):
			end += w
		case (r == '.' || r == ',') && number && end+1 < len(line) && isDigitByte(line[end+1]):
			end++
		case r == '.' && number && digits <= shortDecimalDigits && respacedDecimal(line, end):
			// "6. 1 - magnitude": drop the space, keep the decimal point.
			return end + 2 + digitRun(line, end+2), true
		default:
			return end, number
		}
	}
	return end, number
}

// respacedDecimal reports whether line[i:] is ". D" or ". DD" followed by
// a non-digit, the ECB+ spelling of a short decimal number.
func respacedDecimal(line string, i int) bool {
	if i+2 >= len(line) || line[i+1] != ' ' {
		return false
	}
	n := digitRun(line, i+2)
	if n == 0 || n > shortDecimalDigits {
		return false
	}
	next := i + 2 + n
	return next == len(line) || !isDigitByte(line[next]) && line[next] != '.'
}

// digitRun counts the ASCII digits at line[i:].
func digitRun(line string, i int) int {
	n := 0
	for i+n < len(line) && isDigitByte(line[i+n]) {
		n++
	}
	return n
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// trimPossessive drops a trailing "'s" ("Reid's" → "Reid").
func trimPossessive(w string) string {
	if strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "'S") {
		return w[:len(w)-2]
	}
	return w
}
