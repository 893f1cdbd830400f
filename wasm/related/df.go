package related

//go:generate go run ./internal/gendf -out dftable.go
//go:generate go run ./internal/tune -write model_default.go

import (
	"math"
	"strconv"
	"strings"
	"sync"
)

// docFreq maps a stemmed term to the number of documents of the
// reference corpus (see internal/gendf) that contain it. Terms seen in
// fewer than the generator's floor of documents are not listed and count
// as rare. It is built from the generated dfTable on first use (the
// first fingerprint, not the engine's start) and never changed.
var docFreq = sync.OnceValue(func() map[string]int { return parseDFTable(dfTable) })

// parseDFTable reads the generated table: one line per document
// frequency, "DF term term …".
func parseDFTable(table string) map[string]int {
	m := make(map[string]int, strings.Count(table, " "))
	for _, line := range strings.Split(table, "\n") {
		head, rest, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		df, err := strconv.Atoi(head)
		if err != nil {
			continue
		}
		for _, t := range strings.Fields(rest) {
			m[t] = df
		}
	}
	return m
}

// idf is the inverse document frequency of a stemmed term, smoothed:
// ln((N+1)/(df+1)). A term absent from the table gets the weight of a
// term seen once or never, the highest.
func idf(term string) float64 {
	return math.Log(float64(dfCorpusDocs+1) / float64(docFreq()[term]+1))
}

// DocumentTerms returns the distinct stemmed terms of a text, the unit the
// document-frequency table counts. The table generator calls it, so the
// table and the fingerprints always agree on what a term is.
func DocumentTerms(text string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range tokenize(foldText(text)) {
		term, ok := termOf(t)
		if ok && !seen[term] {
			seen[term] = true
			out = append(out, term)
		}
	}
	return out
}

// termOf maps a token to its term: lowercased and stemmed; stopwords,
// numbers and one-letter words have none.
func termOf(t token) (string, bool) {
	if t.number || len(t.lower) < 2 || isStopword(t.lower) {
		return "", false
	}
	return stem(t.lower), true
}

// DFTableBytes is the size of the document-frequency table compiled into
// the engine (the .wasm carries it as one string).
const DFTableBytes = len(dfTable)
