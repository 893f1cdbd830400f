package synth

import (
	"testing"

	"github.com/tidings-app/tidings/wasm/related"
)

func TestGeneratorPerturbsDeterministically(t *testing.T) {
	base := []related.Article{
		{Title: "Kerry meets Putin", Text: "John Kerry met Vladimir Putin in Moscow on March 15, 2016 with 40 aides.\nThe talks went on."},
		{Title: "Quake hits Aceh", Text: "A strong earthquake struck Aceh province in Indonesia, killing 12 people."},
	}
	g1, g2 := New(base, 1), New(base, 1)
	if g1.Article(0) != base[0] || g1.Article(1) != base[1] {
		t.Error("the first copy of each base article should be the article itself")
	}
	a, b := g1.Article(2), g2.Article(2)
	if a != b {
		t.Error("same seed, different articles")
	}
	if a.Text == base[0].Text || a.URL == base[0].URL {
		t.Errorf("copy not perturbed: %+v", a)
	}
	if fp := related.New(a); fp.Empty() {
		t.Error("a perturbed copy should still fingerprint")
	}
}
