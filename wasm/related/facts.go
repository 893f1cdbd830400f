package related

import (
	"slices"
	"strconv"
	"strings"
)

// Dates are packed into one uint32: (year-yearBase)<<yearShift |
// month<<monthShift | day, each part 0 when unknown. A date with only a
// year ("in 2013") is (y,0,0); one without a year ("on June 8") is (0,m,d).
const (
	yearBase   = 1899 // so that year 0 means "unknown"
	minYear    = 1900
	maxYear    = 2099
	yearShift  = 9
	monthShift = 5
	dayMask    = 1<<monthShift - 1
	monthMask  = 1<<(yearShift-monthShift) - 1
	maxDay     = 31
	maxMonth   = 12
)

func packDate(y, m, d int) uint32 {
	if y != 0 {
		y -= yearBase
	}
	return uint32(y)<<yearShift | uint32(m)<<monthShift | uint32(d)
}

func unpackDate(p uint32) (y, m, d int) {
	y = int(p >> yearShift)
	if y != 0 {
		y += yearBase
	}
	return y, int(p>>monthShift) & monthMask, int(p) & dayMask
}

// extractDates finds dates in the body's words: "May 3, 2013", "3 May
// 2013", "June 8", "December 2008", "27 / 09 / 2013" (day first when the
// day is over 12), and years alone. At most max, sorted, no duplicates.
func extractDates(toks []token, max int) []uint32 {
	var out []uint32
	for i := 0; i < len(toks) && len(out) < max; i++ {
		if p, skip, ok := dateAt(toks, i); ok {
			out = append(out, p)
			i += skip
		}
	}
	return sortedUnique(out)
}

// dateAt reads the date starting at toks[i], if any, and how many tokens
// after the first it used up. A year is left unread for its own entry.
func dateAt(toks []token, i int) (p uint32, skip int, ok bool) {
	if y, ok := yearOf(toks[i]); ok {
		return packDate(y, 0, 0), 0, true
	}
	if m, ok := monthOf(toks, i); ok {
		// "May 3, 2013", "June 8", "December 2008".
		d := dayAt(toks, i+1)
		next := i + 1
		if d != 0 {
			next++
		}
		y := yearAt(toks, next)
		return packDate(y, m, d), 0, d != 0 || y != 0
	}
	d := dayAt(toks, i)
	if d == 0 || i+1 >= len(toks) {
		return 0, 0, false
	}
	if m, ok := monthOf(toks, i+1); ok {
		// "3 May 2013"
		return packDate(yearAt(toks, i+2), m, d), 1, true
	}
	// "27 / 09 / 2013": past the month; the year is read on its own next.
	p, ok = numericDate(toks, i)
	return p, 1, ok
}

// yearAt is the year at toks[i], or 0.
func yearAt(toks []token, i int) int {
	if i >= len(toks) {
		return 0
	}
	y, _ := yearOf(toks[i])
	return y
}

// yearOf reads a four-digit year between minYear and maxYear.
func yearOf(t token) (int, bool) {
	if !t.number || len(t.text) != 4 {
		return 0, false
	}
	y, err := strconv.Atoi(t.text)
	if err != nil || y < minYear || y > maxYear {
		return 0, false
	}
	return y, true
}

// monthOf reads a month name at toks[i]. "May" and "March" count only
// capitalized, and "May" only when a day or year follows (else it is the
// verb).
func monthOf(toks []token, i int) (int, bool) {
	t := toks[i]
	m, ok := monthNumbers[t.lower]
	if !ok || t.text == t.lower {
		return 0, false
	}
	if t.lower == "may" || t.lower == "mar" {
		if i+1 >= len(toks) || !toks[i+1].number && !isOrdinal(toks[i+1].lower) {
			return 0, false
		}
	}
	return m, true
}

// dayAt reads a day of the month at toks[i] ("8", "08", "18th"), or 0.
func dayAt(toks []token, i int) int {
	if i >= len(toks) {
		return 0
	}
	s := toks[i].lower
	if isOrdinal(s) {
		s = s[:len(s)-2]
	} else if !toks[i].number {
		return 0
	}
	d, err := strconv.Atoi(s)
	if err != nil || d < 1 || d > maxDay {
		return 0
	}
	return d
}

// isOrdinal matches "1st", "2nd", "3rd", "18th".
func isOrdinal(s string) bool {
	if len(s) < 3 || len(s) > 4 {
		return false
	}
	switch s[len(s)-2:] {
	case "st", "nd", "rd", "th":
	default:
		return false
	}
	for i := 0; i < len(s)-2; i++ {
		if !isDigitByte(s[i]) {
			return false
		}
	}
	return true
}

// numericDate reads "D M YYYY" or "M D YYYY" (the separators are gone by
// now) when the order is unambiguous: one of the first two is over 12.
func numericDate(toks []token, i int) (uint32, bool) {
	if i+2 >= len(toks) {
		return 0, false
	}
	y, ok := yearOf(toks[i+2])
	if !ok || !toks[i+1].number {
		return 0, false
	}
	a, _ := strconv.Atoi(toks[i].text)
	b, err := strconv.Atoi(toks[i+1].text)
	if err != nil {
		return 0, false
	}
	switch {
	case a > maxMonth && b >= 1 && b <= maxMonth:
		return packDate(y, b, a), true
	case b > maxMonth && b <= maxDay && a >= 1 && a <= maxMonth:
		return packDate(y, a, b), true
	}
	return 0, false
}

// extractNumbers hashes the numbers of an article that can tell two
// events apart: counts, scores, magnitudes, sums. Years are dates, and
// one-digit integers are too common to mean anything.
func extractNumbers(toks []token, max int) []uint32 {
	var out []uint32
	for _, t := range toks {
		if !t.number {
			continue
		}
		if _, year := yearOf(t); year {
			continue
		}
		n := strings.TrimLeft(strings.ReplaceAll(t.text, ",", ""), "0")
		if len(n) < 2 {
			continue
		}
		h := hashKey("n:" + n)
		if !containsUint32(out, h) {
			out = append(out, h)
		}
		if len(out) == max {
			break
		}
	}
	return sortedUnique(out)
}

func containsUint32(xs []uint32, x uint32) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func sortedUnique(xs []uint32) []uint32 {
	slices.Sort(xs)
	return dedupeUint32(xs)
}
