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
// weighs less than "Lohan").
func entityCounts(title, body []token) map[string]float64 {
	names := map[string]int{}
	for _, t := range body {
		if isNameToken(t) && !t.initial {
			names[t.lower]++
			if t.lead {
				names[t.lower] += leadRepeat
			}
		}
	}
	// A headline in sentence case capitalizes names only, like the body.
	titleNames := !isTitleCase(title)
	for _, t := range title {
		if titleNames && isNameToken(t) && !t.initial {
			names[t.lower] += titleRepeat
		}
	}
	// Sentence-initial capitals count when the name is known from
	// elsewhere in the body.
	for _, t := range body {
		if isNameToken(t) && t.initial {
			if _, known := names[t.lower]; known {
				names[t.lower]++
			}
		}
	}
	for _, t := range title {
		if _, known := names[t.lower]; known && !(titleNames && !t.initial) {
			names[t.lower] += titleRepeat
		}
	}
	w := make(map[string]float64, len(names))
	for name, n := range names {
		w["e:"+name] = (1 + math.Log(float64(n))) * idf(stem(name))
	}
	return w
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
