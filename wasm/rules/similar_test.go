package rules

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"
)

func TestNormalizeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"… we have a small favor to ask.", "we have a small favor to ask"},
		{"We’ve had “the best” opportunity — it's “main”", "we ve had the best opportunity it s main"},
		{"We've had \"the best\" opportunity - it’s 'main'", "we ve had the best opportunity it s main"},
		{"  New\tMEE\n\nnewsletter:  Jerusalem Dispatch ", "new mee newsletter jerusalem dispatch"},
		{"Ümlaut ÉTÉ café", "ümlaut été café"},
		{"soft\u00adhyphen zero\u200bwidth", "softhyphen zerowidth"},
		{"e\u0301te\u0301", "ete"},
		{"Поддержите нас!", "поддержите нас"},
		{"$2 / month", "2 month"},
		{"", ""},
		{"!!!", ""},
	}
	for _, tt := range tests {
		if got := NormalizeText(tt.in); got != tt.want {
			t.Errorf("NormalizeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// referenceNormalize is NormalizeText by its definition, rune by rune
// through the unicode package (invalid UTF-8 read as U+FFFD, a symbol).
func referenceNormalize(s string) string {
	var b strings.Builder
	space := true
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Cf, r):
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), " ")
}

// TestNormalizeTextEveryRune checks the table of two-byte runes and the
// decoding shortcut against the definition: every rune of two bytes and
// some beyond, between letters and alone, and malformed sequences.
func TestNormalizeTextEveryRune(t *testing.T) {
	var cases []string
	for r := rune(0x80); r < 0x3100; r++ {
		cases = append(cases, string(r), "a"+string(r)+"Б", string(r)+" "+string(r))
	}
	cases = append(cases, "\xc3", "a\xc3", "\xc3a", "\xc3\xc3\xa9", "\xc0\x80x", "\xc1\xbf", "\xdf", "\xdf\xbf\xbf", "x\xe2\x80", "\xc2\xa0\xc2")
	for _, in := range cases {
		if got, want := NormalizeText(in), referenceNormalize(in); got != want {
			t.Errorf("NormalizeText(%q) = %q, want %q", in, got, want)
		}
	}
	for r := rune(utf8.RuneSelf); r <= unicode.MaxRune; r++ {
		k, l := runeNormKind(r)
		if wk, wl := classifyRune(r); k != wk || l != wl {
			t.Fatalf("runeNormKind(%U) = %d %U, want %d %U", r, k, l, wk, wl)
		}
	}
}

// bruteSemiGlobal is the definition: the smallest Levenshtein distance
// between pat and any substring of text.
func bruteSemiGlobal(pat, text []rune) int {
	best := len(pat)
	for i := 0; i <= len(text); i++ {
		for j := i; j <= len(text); j++ {
			if d := levenshtein.ComputeDistance(string(pat), string(text[i:j])); d < best {
				best = d
			}
		}
	}
	return best
}

// randRunes returns n runes drawn from alphabet.
func randRunes(rng *rand.Rand, alphabet string, n int) []rune {
	letters := []rune(alphabet)
	r := make([]rune, n)
	for i := range r {
		r[i] = letters[rng.IntN(len(letters))]
	}
	return r
}

func TestSemiGlobalAgainstDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	randStr := func(n int) []rune { return randRunes(rng, "abc é", n) }
	var d dpScratch
	for iter := 0; iter < 2000; iter++ {
		pat := randStr(1 + rng.IntN(7))
		text := randStr(rng.IntN(14))
		k := rng.IntN(len(pat))
		s, e, dist := d.semiGlobal(pat, text, k)
		want := bruteSemiGlobal(pat, text)
		if want > k {
			if dist <= k {
				t.Fatalf("semiGlobal(%q, %q, %d) = %d, but the best is %d", string(pat), string(text), k, dist, want)
			}
			continue
		}
		if dist != want {
			t.Fatalf("semiGlobal(%q, %q, %d) = %d, want %d", string(pat), string(text), k, dist, want)
		}
		// The reported substring must realize the distance.
		if got := levenshtein.ComputeDistance(string(pat), string(text[s:e])); got != dist {
			t.Fatalf("semiGlobal(%q, %q): substring [%d:%d] %q has distance %d, reported %d", string(pat), string(text), s, e, string(text[s:e]), got, dist)
		}
	}
}

func TestSimilarSpecPieces(t *testing.T) {
	s := &similarSpec{raw: "… we have a small favor to ask."}
	if err := s.prepare(); err != nil {
		t.Fatal(err)
	}
	m := len(s.phrase)
	if s.norm != "we have a small favor to ask" || s.k != int(float64(m)*(1-defaultThreshold)) {
		t.Fatalf("norm %q k %d (m %d)", s.norm, s.k, m)
	}
	if s.need != 2 || len(s.pieces) != s.k+2 {
		t.Fatalf("%d pieces, %d needed, for k=%d", len(s.pieces), s.need, s.k)
	}
	var joined strings.Builder
	for _, p := range s.pieces {
		if s.norm[p.off:p.off+len(p.text)] != p.text {
			t.Errorf("piece %q not at offset %d", p.text, p.off)
		}
		joined.WriteString(p.text)
	}
	if joined.String() != s.norm {
		t.Errorf("pieces do not partition the phrase: %q", joined.String())
	}
	tooShort := &similarSpec{raw: "abc def"}
	if err := tooShort.prepare(); err == nil {
		t.Error("a 7-character phrase was accepted")
	}
	lowT := &similarSpec{raw: "abcd efg", threshold: 0.75}
	if err := lowT.prepare(); err == nil {
		t.Error("pieces shorter than 3 bytes were accepted")
	}
}

// TestSearchFindsEdits checks the whole search (pieces, windows, distance)
// on texts with up to k random edits: the pigeonhole filter must never
// lose a match within the threshold.
func TestSearchFindsEdits(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	const phrase = "your support no matter how small makes a world of difference"
	filler := strings.Repeat("the talks resumed in geneva on monday after a pause ", 20)
	// Letters only: replacing a letter with a space between two spaces
	// would delete two normalized characters with one edit.
	letters := "abcdefghijklmnopqrstuvwxyz"
	checked := 0
	for iter := 0; iter < 300; iter++ {
		spec := &similarSpec{raw: phrase}
		if err := spec.prepare(); err != nil {
			t.Fatal(err)
		}
		edited := []rune(phrase)
		edits := rng.IntN(spec.k + 1)
		for e := 0; e < edits; e++ {
			pos := rng.IntN(len(edited))
			c := rune(letters[rng.IntN(len(letters))])
			switch rng.IntN(3) {
			case 0:
				edited[pos] = c
			case 1:
				edited = append(edited[:pos], edited[pos+1:]...)
			default:
				edited = append(edited[:pos], append([]rune{c}, edited[pos:]...)...)
			}
		}
		cut := rng.IntN(len(filler))
		page := filler[:cut] + " " + string(edited) + " " + filler[cut:]
		l := Parse("t", "##:similar("+phrase+")")
		if l.Counts.Errors > 0 {
			t.Fatal(l.Diagnostics)
		}
		m := Compile(l)
		doc := mustDoc(t, "<html><body><p>"+page+"</p></body></html>")
		res := m.Match(doc, "")
		// Normalization can turn one raw edit into two (deleting the
		// letter of "a" merges two spaces), so compare in normalized form.
		edits = levenshtein.ComputeDistance(spec.norm, NormalizeText(string(edited)))
		if edits > spec.k {
			continue
		}
		checked++
		if len(res.Hits) != 1 {
			t.Fatalf("%d edits (k=%d): %d hits for %q", edits, spec.k, len(res.Hits), string(edited))
		}
		if h := res.Hits[0]; h.Distance > edits || h.Confidence < spec.threshold {
			t.Fatalf("%d edits: distance %d confidence %.2f: %q in %q", edits, h.Distance, h.Confidence, string(edited), page)
		}
	}
	if checked < 200 {
		t.Errorf("only %d of 300 cases within the threshold", checked)
	}
}

func TestPhraseSimilarity(t *testing.T) {
	tests := []struct {
		phrase, text string
		min, max     float64
	}{
		{"we have a small favor to ask", "… We have a small favour to ask. More people…", 0.96, 0.97},
		{"we have a small favor to ask", "we have a small favor to ask", 1, 1},
		{"sign up for our newsletter", "The talks resumed in Geneva.", 0, 0.5},
		{"", "anything", 0, 0},
		{"abc", "", 0, 0},
	}
	for _, tt := range tests {
		got := PhraseSimilarity(tt.phrase, tt.text)
		if got < tt.min || got > tt.max {
			t.Errorf("PhraseSimilarity(%q, %q) = %.3f, want %.2f…%.2f", tt.phrase, tt.text, got, tt.min, tt.max)
		}
	}
}

// TestMayMatchAgreesWithDistance checks the bit-parallel filter against
// the distance computation: it must say "may match" exactly when some
// stretch of the text is within k edits.
func TestMayMatchAgreesWithDistance(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	randStr := func(n int) []rune { return randRunes(rng, "abc éд", n) }
	var d dpScratch
	for iter := 0; iter < 5000; iter++ {
		m := 1 + rng.IntN(myersMaxRunes)
		if iter%4 == 0 {
			m = 1 + rng.IntN(8)
		}
		pat := randStr(m)
		text := randStr(rng.IntN(3 * m))
		k := rng.IntN(m)
		s := &similarSpec{phrase: pat, k: k}
		s.prepareMasks()
		_, _, dist := d.semiGlobal(pat, text, k)
		if got := s.mayMatch([]byte(string(text)), 0, len(string(text))); got != (dist <= k) {
			t.Fatalf("mayMatch(%q, %q, k=%d) = %v, distance %d", string(pat), string(text), k, got, dist)
		}
	}
}

// TestSimilarityFilterIsExact: with random phrases, thresholds and edits
// (multi-byte letters included, which shift byte offsets), a rule hits
// the page exactly when some stretch of its normalized text is within
// the rule's edit budget of the phrase, as the plain distance computation
// over the whole text says.
func TestSimilarityFilterIsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 13))
	words := []string{"support", "our", "journalism", "we", "have", "a", "small", "favour", "to", "ask", "sign", "up", "for",
		"newsletter", "été", "привет", "daß", "reading", "the", "article", "über"}
	letters := []rune("abcdefghijklmnopqrstuvwxyzéжßü")
	sentence := func(n int) string {
		var b []string
		for i := 0; i < n; i++ {
			b = append(b, words[rng.IntN(len(words))])
		}
		return strings.Join(b, " ")
	}
	var d dpScratch
	hits, misses := 0, 0
	for iter := 0; iter < 600; iter++ {
		phrase := sentence(3 + rng.IntN(6))
		threshold := []string{"", ":threshold(0.8)", ":threshold(0.9)", ":threshold(0.75)"}[rng.IntN(4)]
		l := Parse("t", "##:similar("+phrase+")"+threshold)
		if l.Counts.Errors > 0 {
			continue // too short for its threshold
		}
		spec := l.Rules[0].prog.similar
		edited := []rune(phrase)
		for e := rng.IntN(spec.k + 3); e > 0 && len(edited) > 1; e-- {
			pos := rng.IntN(len(edited))
			c := letters[rng.IntN(len(letters))]
			switch rng.IntN(3) {
			case 0:
				edited[pos] = c
			case 1:
				edited = append(edited[:pos], edited[pos+1:]...)
			default:
				edited = append(edited[:pos], append([]rune{c}, edited[pos:]...)...)
			}
		}
		page := sentence(rng.IntN(30)) + " " + string(edited) + " " + sentence(rng.IntN(30))
		res := Compile(l).Match(mustDoc(t, "<html><body><p>"+page+"</p></body></html>"), "")
		_, _, dist := d.semiGlobal(spec.phrase, []rune(NormalizeText(page)), spec.k)
		if want := dist <= spec.k; want != (len(res.Hits) > 0) {
			t.Fatalf("phrase %q (k=%d) in %q: %d hits, distance %d", phrase, spec.k, page, len(res.Hits), dist)
		}
		if len(res.Hits) > 0 {
			hits++
		} else {
			misses++
		}
	}
	if hits < 100 || misses < 50 {
		t.Errorf("%d pages with a match, %d without: too few of one kind to prove anything", hits, misses)
	}
}

// TestSimilarityAcrossChunks: the text is searched in chunks; a phrase
// that straddles a chunk boundary is found wherever it starts, even when
// its only intact pieces (the first and the last: four edits break the
// four between) lie on either side of the boundary.
func TestSimilarityAcrossChunks(t *testing.T) {
	const phrase = "we have a small favor to ask"
	m := Compile(Parse("t", "##:similar("+phrase+")"))
	for shift := -len(phrase) - 3; shift <= 3; shift++ {
		// Normalized, the filler is "x " repeated: the phrase (with one
		// edit) starts at similarChunkBytes+shift.
		start := similarChunkBytes + shift
		filler := strings.Repeat("x ", start/2)
		if start%2 == 1 {
			filler = strings.Repeat("x ", (start-3)/2) + "yy "
		}
		if n := len(NormalizeText(filler)) + 1; n != start {
			t.Fatalf("filler of %d bytes, want %d", n, start)
		}
		page := "<html><body><p>" + filler + "We haxe a sxall xavxr to ask.</p></body></html>"
		res := m.Match(mustDoc(t, page), "")
		if len(res.Hits) != 1 || res.Hits[0].Distance != 4 {
			t.Errorf("phrase at %d: %d hits", start, len(res.Hits))
		}
	}
}
