package related

import "strings"

// stopwordList holds English function words and the reporting verbs every
// news story uses ("said", "told"): they say nothing about which story an
// article tells. The DF table would give them a low weight anyway; leaving
// them out keeps the fingerprint's few term slots for words that matter.
const stopwordList = `a about above after again against ago all almost also although am among an and
another any anyone anything are around as at be became because become been before being below
between both but by can cannot could did do does doing done down during each either else even ever
every few for from further get gets got had has have having he her here hers herself him himself his
how however i if in into is it its itself just last later least less like many may me might more
most much must my myself near nearly never new next no nor not now of off often on once one only or
other others our ours ourselves out over own per perhaps quite rather really same say said says saying
she should since so some still such than that the their theirs them themselves then there these they
this those though through thus to told too toward towards under until up upon us very via was we
well were what whatever when where whether which while who whom whose why will with within without
would yet you your yours yourself yourselves mr mrs ms according also just told tell tells`

// stopwords is stopwordList as a set.
var stopwords = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range strings.Fields(stopwordList) {
		m[w] = struct{}{}
	}
	return m
}()

func isStopword(lower string) bool {
	_, ok := stopwords[lower]
	return ok
}

// monthNumbers maps month names and their abbreviations to 1..12. Months
// are dates, not names: "May" or "March" starting a sentence is no entity.
var monthNumbers = map[string]int{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
	"april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
	"august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
	"october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

// notNames are capitalized words that name no one: weekdays, time zones
// and clock abbreviations of datelines ("13:59 GMT", "7:32 p.m. ET").
var notNames = map[string]struct{}{
	"monday": {}, "tuesday": {}, "wednesday": {}, "thursday": {}, "friday": {},
	"saturday": {}, "sunday": {}, "today": {}, "yesterday": {}, "tonight": {},
	"gmt": {}, "utc": {}, "et": {}, "est": {}, "edt": {}, "pt": {}, "pst": {}, "pdt": {},
	"ct": {}, "cst": {}, "cdt": {}, "bst": {}, "cet": {}, "am": {}, "pm": {},
}
