package ecbplus

import (
	"fmt"
	"math"
	"sort"

	"github.com/tidings-app/tidings/wasm/related"
)

// Logistic regression settings for Fit: batch gradient descent on the
// mean log-loss with a light L2 penalty; the twelve features lie in
// [0, 1], so a fixed step converges well within the rounds.
const (
	fitRounds       = 4000
	fitLearningRate = 2.0
	fitL2           = 1e-4
)

// Fit learns the model's weights from labeled pairs by logistic
// regression.
func Fit(pairs []Pair) related.Model {
	n := len(related.FeatureNames())
	xs := make([][]float64, len(pairs))
	ys := make([]float64, len(pairs))
	for i, p := range pairs {
		xs[i] = p.F.Vector()
		if p.Same {
			ys[i] = 1
		}
	}
	w := make([]float64, n)
	bias := 0.0
	grad := make([]float64, n)
	inv := 1 / float64(max(1, len(xs)))
	for range fitRounds {
		for k := range grad {
			grad[k] = fitL2 * w[k]
		}
		gb := 0.0
		for i, x := range xs {
			z := bias
			for k, v := range x {
				z += w[k] * v
			}
			e := 1/(1+math.Exp(-z)) - ys[i]
			for k, v := range x {
				grad[k] += e * v * inv
			}
			gb += e * inv
		}
		for k := range w {
			w[k] = constrain(k, w[k]-fitLearningRate*grad[k])
		}
		bias -= fitLearningRate * gb
	}
	return related.Model{}.WithWeights(w, bias)
}

// constrain keeps weight k on the side its feature argues for: every
// feature is evidence for the same story except yearConflict, against. A
// weight of the wrong sign would only fit chance correlations between
// features (on ECB+ the title similarity went negative beside title
// coverage) and would not carry over to other stories.
func constrain(k int, w float64) float64 {
	if related.FeatureNames()[k] == "yearConflict" {
		return min(0, w)
	}
	return max(0, w)
}

// FitSet fits a model on the lookups of a set.
func FitSet(s *Set) (related.Model, error) {
	pairs, err := s.QueryPairs()
	if err != nil {
		return related.Model{}, err
	}
	return Fit(pairs), nil
}

// Halves splits the topics in two by rank (1st, 3rd, 5th … smallest topic
// number in one half, the others in the other), so each half holds both
// stories of its topics and every hard negative stays within a half.
func Halves(docs []Doc) (a, b map[int]bool) {
	var topics []int
	seen := map[int]bool{}
	for _, d := range docs {
		if !seen[d.Topic] {
			seen[d.Topic] = true
			topics = append(topics, d.Topic)
		}
	}
	sort.Ints(topics)
	a, b = map[int]bool{}, map[int]bool{}
	for i, t := range topics {
		if i%2 == 0 {
			a[t] = true
		} else {
			b[t] = true
		}
	}
	return a, b
}

// CrossValidation is the result of two-fold cross-validation by topic:
// each half of the topics is its own collection, indexed and looked up
// with a model fit on the other half.
type CrossValidation struct {
	// AonB is measured on half B with a model fit on half A; BonA the
	// other way round.
	AonB, BonA PRF
	// FP and FN count the errors per topic over both folds.
	FP, FN map[int]int
}

// Pooled adds the two folds' counts.
func (cv CrossValidation) Pooled() PRF { return cv.AonB.Add(cv.BonA) }

// CrossValidate fits on one half of the topics and measures on the other,
// both ways.
func CrossValidate(s *Set) (CrossValidation, error) {
	ha, hb := Halves(s.Docs)
	a, b := s.Subset(ha), s.Subset(hb)
	cv := CrossValidation{FP: map[int]int{}, FN: map[int]int{}}
	for _, fold := range []struct {
		train, test *Set
		out         *PRF
	}{{a, b, &cv.AonB}, {b, a, &cv.BonA}} {
		m, err := FitSet(fold.train)
		if err != nil {
			return cv, fmt.Errorf("cross-validation fit: %w", err)
		}
		rel, err := fold.test.Related(m)
		if err != nil {
			return cv, fmt.Errorf("cross-validation test: %w", err)
		}
		*fold.out = fold.test.Score(rel)
		fp, fn := fold.test.ByTopic(rel)
		for t, n := range fp {
			cv.FP[t] += n
		}
		for t, n := range fn {
			cv.FN[t] += n
		}
	}
	return cv, nil
}

// PairwiseOnly scores the plain per-pair decision (probability ≥ 1/2, no
// grouping) on the lookups of a set, for comparison with Story's grouping.
func PairwiseOnly(s *Set, m related.Model) (PRF, error) {
	pairs, err := s.QueryPairs()
	if err != nil {
		return PRF{}, err
	}
	rel := map[[2]int]float64{}
	for _, p := range pairs {
		if pr := m.Probability(p.F); pr >= 0.5 {
			rel[[2]int{min(p.I, p.J), max(p.I, p.J)}] = pr
		}
	}
	return s.Score(rel), nil
}
