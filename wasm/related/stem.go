package related

import "strings"

// stem is Porter's step 1 (plurals, -ed, -ing, final y), the "light"
// stemming that joins "checks", "checked", "checking" into "check" and
// "parties" with "party" while leaving word roots alone: the later Porter
// steps ("general" → "gener") merge words that news tells apart. Words of
// three letters or fewer are returned unchanged.
func stem(w string) string {
	if len(w) <= 3 || !isASCIILower(w) {
		return w
	}
	w = stemPlural(w)
	w = stemEdIng(w)
	if strings.HasSuffix(w, "y") && hasVowel(w[:len(w)-1]) {
		w = w[:len(w)-1] + "i"
	}
	return w
}

// stemPlural is Porter step 1a: sses → ss, ies → i, ss stays, s → "".
func stemPlural(w string) string {
	switch {
	case strings.HasSuffix(w, "sses"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "ies"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "s"):
		return w[:len(w)-1]
	}
	return w
}

// stemEdIng is Porter step 1b: eed → ee when the stem has a measure,
// ed and ing go when the stem has a vowel, then at/bl/iz get their e back,
// a doubled final consonant is undoubled and a short cvc stem gets an e.
func stemEdIng(w string) string {
	if strings.HasSuffix(w, "eed") {
		if measure(w[:len(w)-3]) > 0 {
			return w[:len(w)-1]
		}
		return w
	}
	var base string
	switch {
	case strings.HasSuffix(w, "ed") && hasVowel(w[:len(w)-2]):
		base = w[:len(w)-2]
	case strings.HasSuffix(w, "ing") && hasVowel(w[:len(w)-3]):
		base = w[:len(w)-3]
	default:
		return w
	}
	switch {
	case strings.HasSuffix(base, "at"), strings.HasSuffix(base, "bl"), strings.HasSuffix(base, "iz"):
		return base + "e"
	case doubleConsonant(base) && !strings.HasSuffix(base, "l") && !strings.HasSuffix(base, "s") && !strings.HasSuffix(base, "z"):
		return base[:len(base)-1]
	case measure(base) == 1 && cvc(base):
		return base + "e"
	}
	return base
}

func isASCIILower(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// consonant is Porter's definition: not a vowel, and y is a consonant
// only after a vowel or at the start.
func consonant(w string, i int) bool {
	switch w[i] {
	case 'a', 'e', 'i', 'o', 'u':
		return false
	case 'y':
		return i == 0 || !consonant(w, i-1)
	}
	return true
}

func hasVowel(w string) bool {
	for i := range len(w) {
		if !consonant(w, i) {
			return true
		}
	}
	return false
}

// measure counts the vowel-consonant sequences of w ([C](VC)^m[V]).
func measure(w string) int {
	m, i, n := 0, 0, len(w)
	for i < n && consonant(w, i) {
		i++
	}
	for i < n {
		for i < n && !consonant(w, i) {
			i++
		}
		if i == n {
			break
		}
		for i < n && consonant(w, i) {
			i++
		}
		m++
	}
	return m
}

func doubleConsonant(w string) bool {
	n := len(w)
	return n >= 2 && w[n-1] == w[n-2] && consonant(w, n-1)
}

// cvc: consonant-vowel-consonant ending, the last not w, x or y ("hop").
func cvc(w string) bool {
	n := len(w)
	if n < 3 || !consonant(w, n-1) || consonant(w, n-2) || !consonant(w, n-3) {
		return false
	}
	switch w[n-1] {
	case 'w', 'x', 'y':
		return false
	}
	return true
}
