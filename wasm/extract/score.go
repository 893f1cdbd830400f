package extract

import (
	"golang.org/x/net/html/atom"
)

// Candidate scoring, after Readability.js _grabArticle: every paragraph
// scores points for its length and commas; its ancestors collect them
// with a decay; the best-scoring ancestor, discounted by its link density,
// is the article, joined by siblings that score well too.

// pass is one extraction attempt's switches (Readability.js
// FLAG_STRIP_UNLIKELYS, FLAG_WEIGHT_CLASSES, FLAG_CLEAN_CONDITIONALLY).
// When an attempt finds too little text, the next one turns one more off.
type pass struct {
	stripUnlikely, weightClasses, cleanConditionally bool
}

// passes are tried in order until one yields enough text.
var passes = [...]pass{
	{stripUnlikely: true, weightClasses: true, cleanConditionally: true},
	{stripUnlikely: false, weightClasses: true, cleanConditionally: true},
	{stripUnlikely: false, weightClasses: false, cleanConditionally: true},
	{stripUnlikely: false, weightClasses: false, cleanConditionally: false},
}

const (
	// minParagraphChars: shorter paragraphs score nothing
	// (Readability.js: `if (innerText.length < 25) return;`).
	minParagraphChars = 25
	// charsPerPoint and maxLengthPoints: a paragraph scores a point per
	// 100 characters, at most 3 (Readability.js:
	// Math.min(Math.floor(innerText.length / 100), 3)).
	charsPerPoint   = 100
	maxLengthPoints = 3
	// ancestorLevels: how many ancestors share a paragraph's score
	// (Readability.js _getNodeAncestors(elementToScore, 5)).
	ancestorLevels = 5
	// grandparentDivider and levelDivider: the parent gets the full score,
	// the grandparent half, further ancestors score/(level*3).
	grandparentDivider = 2
	levelDivider       = 3
	// nTopCandidates: Readability.js DEFAULT_N_TOP_CANDIDATES.
	nTopCandidates = 5
	// classWeightPoints: points for a positive or negative class or id.
	classWeightPoints = 25
	// alternativeShare and minAlternatives: when at least 3 other top
	// candidates score 75 % of the best, their common ancestor is the
	// article (the content is split into several blocks).
	alternativeShare = 0.75
	minAlternatives  = 3
	// parentClimbShare: a parent scoring under a third of the candidate
	// stops the climb.
	parentClimbShare = 1.0 / 3
	// siblingShare, minSiblingThreshold, sameClassBonus: Readability.js
	// sibling merge: max(10, score*0.2) to join; siblings with the
	// candidate's class get a bonus of score*0.2.
	siblingShare        = 0.2
	minSiblingThreshold = 10
	sameClassBonus      = 0.2
	// Sibling paragraphs join when longer than 80 characters with link
	// density under 0.25, or shorter, linkless and ending a sentence.
	siblingParaChars       = 80
	siblingParaLinkDensity = 0.25
)

// classWeight is Readability.js _getClassWeight: ±25 for a class and ±25
// for an id matching REGEXPS.positive / REGEXPS.negative.
func (ix *index) classWeight(i int, p pass) float64 {
	if !p.weightClasses {
		return 0
	}
	e := &ix.el[i]
	return sigWeight(e.cls) + sigWeight(e.id)
}

func sigWeight(s sigBits) float64 {
	w := 0.0
	if s&sigNegative != 0 {
		w -= classWeightPoints
	}
	if s&sigPositive != 0 {
		w += classWeightPoints
	}
	return w
}

// tagWeight is Readability.js _initializeNode's starting score by tag:
// divs usually hold content, lists and headings usually do not.
func tagWeight(a atom.Atom) float64 {
	switch a {
	case atom.Div:
		return 5
	case atom.Pre, atom.Td, atom.Blockquote:
		return 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		return -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		return -5
	}
	return 0
}

func (ix *index) initScore(i int, p pass) {
	e := &ix.el[i]
	if e.scored {
		return
	}
	e.scored = true
	e.score = tagWeight(e.n.DataAtom) + ix.classWeight(i, p)
}

// paragraph reports whether element i is scored as a paragraph, with its
// text, commas and the element whose ancestors (from itself up) collect
// the score. Readability.js scores <p>, <pre>, <td>, <section> and <h2>–
// <h6> (DEFAULT_TAGS_TO_SCORE) and divs without block children (which it
// turns into <p>); in a div mixing text and blocks it wraps the text runs
// in <p>s, so the div itself collects their score.
func (ix *index) paragraph(i int) (chars, commas int32, first int32, ok bool) {
	e := &ix.el[i]
	switch e.n.DataAtom {
	case atom.P, atom.Pre, atom.Td, atom.Section, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		chars, commas, first = e.sum.text, e.sum.commas, e.parent
	case atom.Div:
		if e.flags&flagBlockChild == 0 {
			chars, commas, first = e.sum.text, e.sum.commas, e.parent
		} else {
			chars, commas, first = e.inline, e.inlineCommas, int32(i)
		}
	default:
		return 0, 0, 0, false
	}
	return chars, commas, first, chars >= minParagraphChars
}

// scoreParagraphs gives every paragraph's points to its ancestors.
func (ix *index) scoreParagraphs(p pass) {
	for i := 0; i < len(ix.el); {
		e := &ix.el[i]
		if e.flags&flagRemoved != 0 {
			i = int(e.end)
			continue
		}
		chars, commas, a, ok := ix.paragraph(i)
		i++
		if !ok {
			continue
		}
		points := 1 + float64(commas) + min(float64(chars/charsPerPoint), maxLengthPoints)
		for level := 0; a >= 0 && level < ancestorLevels; level++ {
			ix.initScore(int(a), p)
			div := 1.0
			switch {
			case level == 1:
				div = grandparentDivider
			case level > 1:
				div = float64(level * levelDivider)
			}
			ix.el[a].score += points / div
			a = ix.el[a].parent
		}
	}
}

// topCandidates discounts every score by link density and returns the
// best nTopCandidates, best first.
func (ix *index) topCandidates() []int {
	top := make([]int, 0, nTopCandidates)
	for i := range ix.el {
		e := &ix.el[i]
		if !e.scored || e.flags&flagRemoved != 0 {
			continue
		}
		e.score *= 1 - ix.linkDensity(i)
		pos := len(top)
		for pos > 0 && ix.el[top[pos-1]].score < e.score {
			pos--
		}
		if pos >= nTopCandidates {
			continue
		}
		if len(top) < nTopCandidates {
			top = append(top, 0)
		}
		copy(top[pos+1:], top[pos:len(top)-1])
		top[pos] = i
	}
	return top
}

// isAncestor reports whether a is a proper ancestor of i.
func (ix *index) isAncestor(a, i int) bool {
	return a < i && i < int(ix.el[a].end)
}

// chooseCandidate picks the article element from the top candidates, as
// Readability.js does: climb to the common ancestor of several strong
// candidates, then to a parent that scores better, then past parents
// with a single child. The root (index 0) means no better choice.
func (ix *index) chooseCandidate(top []int, p pass) int {
	if len(top) == 0 || top[0] == 0 {
		return 0
	}
	best := top[0]
	bestScore := ix.el[best].score
	var alts []int
	for _, c := range top[1:] {
		if bestScore > 0 && ix.el[c].score/bestScore >= alternativeShare {
			alts = append(alts, c)
		}
	}
	if len(alts) >= minAlternatives {
		for a := int(ix.el[best].parent); a > 0; a = int(ix.el[a].parent) {
			n := 0
			for _, c := range alts {
				if ix.isAncestor(a, c) {
					n++
				}
			}
			if n >= minAlternatives {
				best = a
				break
			}
		}
	}
	ix.initScore(best, p)

	last := ix.el[best].score
	threshold := last * parentClimbShare
	for a := int(ix.el[best].parent); a > 0; a = int(ix.el[a].parent) {
		if !ix.el[a].scored {
			continue
		}
		s := ix.el[a].score
		if s < threshold {
			break
		}
		if s > last {
			best = a
			break
		}
		last = s
	}

	for best > 0 {
		parent := int(ix.el[best].parent)
		if parent <= 0 || ix.elementChildren(parent) != 1 {
			break
		}
		best = parent
	}
	ix.initScore(best, p)
	return best
}

// elementChildren counts the kept element children of i.
func (ix *index) elementChildren(i int) int {
	n := 0
	for c := i + 1; c < int(ix.el[i].end); c = int(ix.el[c].end) {
		if ix.el[c].flags&flagRemoved == 0 {
			n++
		}
	}
	return n
}

// siblings returns the article's top-level elements: the candidate and
// those of its siblings that Readability.js would append (see the
// sibling constants), in document order.
func (ix *index) siblings(best int) []int {
	if best == 0 {
		return []int{0}
	}
	bestScore := ix.el[best].score
	threshold := max(minSiblingThreshold, bestScore*siblingShare)
	cls := attr(ix.el[best].n, "class")
	parent := int(ix.el[best].parent)
	var out []int
	for c := parent + 1; c < int(ix.el[parent].end); c = int(ix.el[c].end) {
		e := &ix.el[c]
		if e.flags&flagRemoved != 0 {
			continue
		}
		if c == best || ix.siblingJoins(c, cls, bestScore, threshold) {
			out = append(out, c)
		}
	}
	return out
}

// siblingJoins is Readability.js's sibling test.
func (ix *index) siblingJoins(c int, cls string, bestScore, threshold float64) bool {
	e := &ix.el[c]
	bonus := 0.0
	if cls != "" && attr(e.n, "class") == cls {
		bonus = bestScore * sameClassBonus
	}
	if e.scored && e.score+bonus >= threshold {
		return true
	}
	if e.n.DataAtom != atom.P && !(e.n.DataAtom == atom.Div && e.flags&flagBlockChild == 0) {
		return false
	}
	ld := ix.linkDensity(c)
	chars := e.sum.text
	if chars > siblingParaChars {
		return ld < siblingParaLinkDensity
	}
	return chars > 0 && ld == 0 && endsSentence(nodeText(e.n))
}

// endsSentence reports a full stop followed by a space or the end
// (Readability.js: nodeContent.search(/\.( |$)/) !== -1).
func endsSentence(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' && (i+1 == len(s) || s[i+1] == ' ') {
			return true
		}
	}
	return false
}
