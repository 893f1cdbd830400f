package related

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// minEntityRunes drops one-letter capitals ("A", "I").
const minEntityRunes = 2

// entityCounts weighs the entity-like words of an article: capitalized
// words (names, places, organizations) and acronyms. A capital at the
// start of a sentence, in a shouted line or in a title-case headline says
// nothing, so such words count only when the body also writes them
// capitalized mid-sentence. Weight: sublinear count times the IDF of the
// word's term (a common word that happens to be capitalized, "President",
// weighs less than "Lohan"). A multiword name ("Betty Ford Center") counts
// through each of its words: keys for the whole name were measured on
// ECB+ and added nothing (cross-validated F1 0.921 → 0.920).
func entityCounts(title, body []token) map[string]float64 {
	names := map[string]int{}
	sentenceCase := !isTitleCase(title)
	countMidSentence(names, body, 1, leadRepeat)
	if sentenceCase {
		countMidSentence(names, title, titleRepeat, 0)
	}
	countKnownInitials(names, body)
	for _, t := range title {
		// Title words not counted above: known names in a title-case
		// headline or at its start.
		if _, known := names[t.lower]; known && !(sentenceCase && !t.initial) {
			names[t.lower] += titleRepeat
		}
	}
	w := make(map[string]float64, len(names))
	for name, n := range names {
		w["e:"+name] = (1 + math.Log(float64(n))) * idf(stem(name))
	}
	return w
}

// countMidSentence counts the name tokens that do not start a sentence,
// each n times, plus lead more in the lead.
func countMidSentence(names map[string]int, toks []token, n, lead int) {
	for _, t := range toks {
		if isNameToken(t) && !t.initial {
			names[t.lower] += n
			if t.lead {
				names[t.lower] += lead
			}
		}
	}
}

// countKnownInitials counts sentence-initial capitals that are names known
// from elsewhere in the text.
func countKnownInitials(names map[string]int, body []token) {
	for _, t := range body {
		if isNameToken(t) && t.initial {
			if _, known := names[t.lower]; known {
				names[t.lower]++
			}
		}
	}
}

// titleCaseShare is the share of capitalized content words from which a
// headline is taken as Written In Title Case.
const titleCaseShare = 0.7

// isTitleCase reports whether most content words of a headline are
// capitalized (then its capitals say nothing about names).
func isTitleCase(title []token) bool {
	caps, words := 0, 0
	for _, t := range title {
		if t.number || isStopword(t.lower) {
			continue
		}
		words++
		if r, _ := utf8.DecodeRuneInString(t.text); unicode.IsUpper(r) {
			caps++
		}
	}
	return words >= 2 && float64(caps) >= titleCaseShare*float64(words)
}

// isNameToken: a capitalized word or acronym, not a number, not in a line
// of capitals, not a function word, month or weekday.
func isNameToken(t token) bool {
	if t.number || t.capsLine || utf8.RuneCountInString(t.text) < minEntityRunes {
		return false
	}
	first, _ := utf8.DecodeRuneInString(t.text)
	if !unicode.IsUpper(first) {
		return false
	}
	if isStopword(t.lower) || isStopword(contractionHead(t.lower)) {
		return false
	}
	if _, month := monthNumbers[t.lower]; month {
		return false
	}
	_, not := notNames[t.lower]
	return !not
}

// contractionHead is the part of a contraction before its apostrophe
// ("i've" → "i"), or the word itself.
func contractionHead(w string) string {
	if i := strings.IndexByte(w, '\''); i > 0 {
		return w[:i]
	}
	return w
}
