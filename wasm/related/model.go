package related

import "math"

// Model turns Features into a same-story probability: a logistic function
// of a weighted sum of the features. DefaultModel holds the weights fit
// on ECB+ (package ecbplus, `go generate`); the fields are exported so the
// tuner and tests can build others.
type Model struct {
	Terms, LocalTerms, Entities, EntityCover, Title, Quotes float64
	SameDay, Years, YearConflict, Numbers                   float64
	TitleCover, TopEntity                                   float64
	Bias                                                    float64
}

// MinTerms is the key-term cosine below which two articles are never the
// same story: they do not even share a topic. On ECB+, 97 % of same-story
// pairs are above it and 99.8 % of pairs from different topics below. The
// index looks no further than the articles above it.
const MinTerms = 0.15

// Vector lists the features in the order of Model.WeightVector.
func (f Features) Vector() []float64 {
	return []float64{f.Terms, f.LocalTerms, f.Entities, f.EntityCover, f.Title, f.Quotes,
		f.SameDay, f.Years, f.YearConflict, f.Numbers, f.TitleCover, f.TopEntity}
}

// FeatureNames names the entries of Features.Vector.
func FeatureNames() []string {
	return []string{"terms", "localTerms", "entities", "entityCover", "title", "quotes",
		"sameDay", "years", "yearConflict", "numbers", "titleCover", "topEntity"}
}

// WeightVector lists the weights in the order of Features.Vector.
func (m Model) WeightVector() []float64 {
	return []float64{m.Terms, m.LocalTerms, m.Entities, m.EntityCover, m.Title, m.Quotes,
		m.SameDay, m.Years, m.YearConflict, m.Numbers, m.TitleCover, m.TopEntity}
}

// WithWeights returns m with the weights w (in Features.Vector order) and
// the bias.
func (m Model) WithWeights(w []float64, bias float64) Model {
	m.Terms, m.LocalTerms, m.Entities, m.EntityCover, m.Title, m.Quotes = w[0], w[1], w[2], w[3], w[4], w[5]
	m.SameDay, m.Years, m.YearConflict, m.Numbers = w[6], w[7], w[8], w[9]
	m.TitleCover, m.TopEntity = w[10], w[11]
	m.Bias = bias
	return m
}

// Probability is the logistic of the weighted feature sum, or 0 when the
// articles share too few key terms.
func (m Model) Probability(f Features) float64 {
	if f.Terms < MinTerms {
		return 0
	}
	// Spelled out rather than a loop over Vector: no allocation, and a
	// lookup calls this a thousand times.
	z := m.Bias + m.Terms*f.Terms + m.LocalTerms*f.LocalTerms + m.Entities*f.Entities +
		m.EntityCover*f.EntityCover + m.Title*f.Title + m.Quotes*f.Quotes + m.SameDay*f.SameDay +
		m.Years*f.Years + m.YearConflict*f.YearConflict + m.Numbers*f.Numbers +
		m.TitleCover*f.TitleCover + m.TopEntity*f.TopEntity
	return 1 / (1 + math.Exp(-z))
}
