package related_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tidings-app/tidings/wasm/related"
	"github.com/tidings-app/tidings/wasm/shared"
)

// kerryQuote is the sentence both seed articles quote, one with a
// typographic apostrophe, one with a straight one.
const kerryQuote = "we may face the best opportunity that we've had in years to end it"

// seedArticles reads the two seed texts; their titles are the articles'
// headlines (shared/README.md), as the engine's metadata would give them.
func seedArticles(t *testing.T, shared string) map[string]related.Article {
	t.Helper()
	titles := map[string]string{
		"middleeasteye-kerry-syria": "Kerry to meet Putin over Syria peace process",
		"moscowtimes-kerry-syria":   "Kerry to Discuss Syria With Putin, Lavrov in Moscow",
	}
	out := map[string]related.Article{}
	for name, title := range titles {
		b, err := os.ReadFile(filepath.Join(shared, "seeds", name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		out[name] = related.Article{Title: title, Text: string(b)}
	}
	return out
}

// zyteArticles are the 181 Zyte benchmark bodies, titled by their first line.
func zyteArticles(t *testing.T, shared string) map[string]related.Article {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(shared, "corpus", "zyte", "ground-truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		t.Fatal(err)
	}
	out := map[string]related.Article{}
	for id, v := range gt {
		title, _, _ := strings.Cut(strings.TrimSpace(v.ArticleBody), "\n")
		out["zyte-"+id] = related.Article{Title: title, Text: v.ArticleBody, URL: v.URL}
	}
	return out
}

func TestSeedsRelatedWithSharedQuote(t *testing.T) {
	dir := shared.DirOrSkip(t)
	seeds := seedArticles(t, dir)
	idx := related.NewIndex(related.DefaultModel())
	fps := map[string]*related.Fingerprint{}
	add := func(id string, a related.Article) {
		fps[id] = related.New(a)
		if err := idx.Add(id, fps[id]); err != nil {
			t.Fatal(err)
		}
	}
	for id, a := range seeds {
		add(id, a)
	}
	zyte := zyteArticles(t, dir)
	for id, a := range zyte {
		add(id, a)
	}
	for id, other := range map[string]string{"middleeasteye-kerry-syria": "moscowtimes-kerry-syria", "moscowtimes-kerry-syria": "middleeasteye-kerry-syria"} {
		hits := idx.Query(fps[id], related.QueryOptions{Exclude: id})
		if len(hits) != 1 || hits[0].ID != other {
			t.Fatalf("%s: hits %+v, want only %s", id, hits, other)
		}
		found := false
		for _, q := range hits[0].SharedQuotes {
			found = found || strings.Contains(q, kerryQuote)
		}
		if !found {
			t.Errorf("%s: shared quotes %q lack %q", id, hits[0].SharedQuotes, kerryQuote)
		}
	}
	// No Zyte article finds a seed, from either side.
	for id := range zyte {
		for _, h := range idx.Query(fps[id], related.QueryOptions{Exclude: id}) {
			if _, seed := seeds[h.ID]; seed {
				t.Errorf("%s relates to seed %s (score %.2f)", id, h.ID, h.Score)
			}
		}
	}
}

func TestSeedQuotesNormalized(t *testing.T) {
	seeds := seedArticles(t, shared.DirOrSkip(t))
	for id, a := range seeds {
		found := false
		for _, q := range related.Quotes(a.Text) {
			found = found || strings.Contains(q, kerryQuote)
		}
		if !found {
			t.Errorf("%s: quotes %q lack %q", id, related.Quotes(a.Text), kerryQuote)
		}
	}
}

func TestSeedFingerprintSizes(t *testing.T) {
	dir := shared.DirOrSkip(t)
	arts := zyteArticles(t, dir)
	for id, a := range seedArticles(t, dir) {
		arts[id] = a
	}
	for id, a := range arts {
		raw, err := related.New(a).MarshalBinary()
		if err != nil || len(raw) > related.MaxEncodedSize {
			t.Errorf("%s: %d bytes, %v", id, len(raw), err)
		}
	}
}
