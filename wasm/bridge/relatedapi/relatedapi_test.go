package relatedapi

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/tidings-app/tidings/wasm/bridge/feed"
	"github.com/tidings-app/tidings/wasm/decode"
	"github.com/tidings-app/tidings/wasm/engine"
	"github.com/tidings-app/tidings/wasm/related"
	"github.com/tidings-app/tidings/wasm/shared"
)

const kerryQuote = "we may face the best opportunity that we've had in years to end it"

// seedResults cleans the two seed pages as the extension does.
func seedResults(t *testing.T) map[string]*engine.Result {
	t.Helper()
	out := map[string]*engine.Result{}
	for _, name := range []string{"moscowtimes-kerry-syria", "middleeasteye-kerry-syria"} {
		src, err := decode.File(filepath.Join("..", "..", "..", "testdata", "seeds", name+".html"), nil)
		if err != nil {
			t.Fatal(err)
		}
		r, err := engine.Clean(src, engine.Options{URL: "http://127.0.0.1/seeds/" + name + ".html"})
		if err != nil {
			t.Fatal(err)
		}
		out[name] = r
	}
	return out
}

func mustDecode(t *testing.T, b64 string) []byte {
	t.Helper()
	b, err := DecodeBase64(b64)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestResultFingerprintOnlyForArticles(t *testing.T) {
	seeds := seedResults(t)
	mt := seeds["moscowtimes-kerry-syria"]
	fp := ResultFingerprint(mt)
	if fp == "" {
		t.Fatal("no fingerprint for a readerable article")
	}
	// The same as fingerprinting the result's JSON, as tidings.fingerprint does.
	js, _ := json.Marshal(mt)
	viaJSON, err := Fingerprint(js)
	if err != nil {
		t.Fatal(err)
	}
	if viaJSON != fp {
		t.Error("fingerprint of the result's JSON differs from the clean result's")
	}
	if len(mustDecode(t, fp)) > related.MaxEncodedSize {
		t.Error("fingerprint over 2 KB")
	}
	notArticle := *mt
	notArticle.Readerable = false
	empty := *mt
	empty.TextContent = " \n"
	for _, r := range []*engine.Result{nil, &notArticle, &empty} {
		if got := ResultFingerprint(r); got != "" {
			t.Errorf("fingerprint %q for a page that is not an article", got)
		}
	}
}

func TestFingerprintInputs(t *testing.T) {
	tests := []struct {
		name, in string
		wantErr  error
	}{
		{"plain article", `{"title":"Kerry to meet Putin","text":"John Kerry will meet Vladimir Putin in Moscow.","time":"2016-03-15"}`, nil},
		{"title only", `{"title":"Kerry to meet Putin over Syria peace process"}`, nil},
		{"empty", `{"title":" ","text":""}`, ErrNoArticle},
		{"not json", `Kerry`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Fingerprint([]byte(tc.in))
			if tc.name == "not json" {
				if err == nil {
					t.Fatal("no error for bad JSON")
				}
				return
			}
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if err == nil {
				f, _ := related.Decode(mustDecode(t, got))
				if f.Empty() {
					t.Error("empty fingerprint")
				}
			}
		})
	}
}

func TestServiceSeedsRelated(t *testing.T) {
	seeds := seedResults(t)
	s := New()
	ids := map[string]string{"moscowtimes-kerry-syria": "a:mt", "middleeasteye-kerry-syria": "a:mee"}
	fps := map[string][]byte{}
	for name, r := range seeds {
		fps[name] = mustDecode(t, ResultFingerprint(r))
		if err := s.Add(ids[name], fps[name]); err != nil {
			t.Fatal(err)
		}
	}
	if s.Len() != 2 {
		t.Fatalf("Len = %d", s.Len())
	}
	hits, err := s.Query(fps["moscowtimes-kerry-syria"], "a:mt", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 || hits[0].ID != "a:mee" {
		t.Fatalf("hits = %+v, want the MEE article", hits)
	}
	found := false
	for _, q := range hits[0].SharedQuotes {
		found = found || strings.Contains(q, kerryQuote)
	}
	if !found {
		t.Errorf("the Kerry quote is not among the shared quotes %q", hits[0].SharedQuotes)
	}
	// FindQuotes maps it back onto the Moscow Times text (typographic
	// apostrophe there), in UTF-16 units.
	text := seeds["moscowtimes-kerry-syria"].TextContent
	passages, _ := json.Marshal(hits[0].SharedQuotes)
	spans, err := FindQuotes(text, passages)
	if err != nil {
		t.Fatal(err)
	}
	u := utf16.Encode([]rune(text))
	marked := false
	for _, sp := range spans {
		got := string(utf16.Decode(u[sp.Start:sp.End]))
		marked = marked || strings.Contains(got, "we may face the best opportunity that we\u2019ve had in years to end it")
	}
	if !marked {
		t.Errorf("no span covers the quote with its typographic apostrophe: %+v", spans)
	}

	if !s.Remove("a:mee") || s.Remove("a:mee") {
		t.Error("Remove reports wrongly")
	}
	if hits, _ := s.Query(fps["moscowtimes-kerry-syria"], "a:mt", 10); len(hits) != 0 {
		t.Errorf("hits after Remove: %+v", hits)
	}
	s.Clear()
	if s.Len() != 0 {
		t.Error("Clear left articles")
	}
}

func TestServiceRejectsBadInput(t *testing.T) {
	s := New()
	good := mustDecode(t, ResultFingerprint(seedResults(t)["moscowtimes-kerry-syria"]))
	if err := s.Add("", good); !errors.Is(err, ErrBadID) {
		t.Errorf("empty id: %v", err)
	}
	if err := s.Add(strings.Repeat("x", MaxIDBytes+1), good); !errors.Is(err, ErrBadID) {
		t.Errorf("long id: %v", err)
	}
	for _, bad := range [][]byte{nil, {}, {0xff}, good[:len(good)/2]} {
		if err := s.Add("a:x", bad); !errors.Is(err, related.ErrBadFingerprint) {
			t.Errorf("Add(%x…): %v, want ErrBadFingerprint", bad[:min(len(bad), 4)], err)
		}
		if _, err := s.Query(bad, "", 5); err == nil {
			t.Error("Query of a bad fingerprint: no error")
		}
	}
	if _, err := DecodeBase64("not base64!"); !errors.Is(err, related.ErrBadFingerprint) {
		t.Errorf("bad base64: %v", err)
	}
	if _, err := DecodeBase64(base64.StdEncoding.EncodeToString([]byte{1, 2, 3})); err == nil {
		t.Error("base64 of garbage decodes")
	}
	if s.Len() != 0 {
		t.Error("a bad add was indexed")
	}
	if _, err := FindQuotes("text", []byte(`{"x":1}`)); !errors.Is(err, ErrBadPassage) {
		t.Errorf("bad passages: %v", err)
	}
	if spans, err := FindQuotes("text", []byte(`[]`)); err != nil || spans == nil || len(spans) != 0 {
		t.Errorf("no passages: %v %v", spans, err)
	}
}

func TestRankHeadlines(t *testing.T) {
	mt := mustDecode(t, ResultFingerprint(seedResults(t)["moscowtimes-kerry-syria"]))
	cands := []Candidate{
		{ID: "l:1", Title: "Kerry to meet Putin over Syria peace process"},
		{ID: "l:2", Title: "Apple unveils a new iPhone with a bigger screen"},
		{ID: "l:3", Title: "Premier League: Arsenal beat Chelsea 2-1 at the Emirates"},
		{ID: "", Title: "No id"},
		{ID: "l:4"},
	}
	hits, err := Rank(mt, cands, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 || hits[0].ID != "l:1" || hits[0].Score < HeadlineMinScore {
		t.Errorf("hits = %+v, want the Kerry headline alone", hits)
	}
	if _, err := Rank([]byte{1}, cands, 10); err == nil {
		t.Error("Rank with a bad query: no error")
	}
	many := make([]Candidate, MaxCandidates+100)
	for i := range many {
		many[i] = Candidate{ID: fmt.Sprint("l:", i), Title: "Kerry to meet Putin over Syria peace process"}
	}
	if hits, _ := Rank(mt, many, 0); len(hits) > MaxLimit {
		t.Errorf("%d hits over MaxLimit", len(hits))
	}
}

// TestHeadlineThreshold repeats the measurement behind HeadlineMinScore
// on the ECB+ dev set: each article looked up among the headlines of its
// topic (the hard negatives: the same kind of event at another time or
// place) and of every seventh other article.
func TestHeadlineThreshold(t *testing.T) {
	f, err := os.Open(filepath.Join(shared.DirOrSkip(t), "corpus", "ecbplus", "dev.jsonl"))
	if err != nil {
		t.Skipf("ECB+ dev set absent: %v", err)
	}
	defer f.Close()
	type doc struct {
		Topic        int
		Story, Title string
		Text         string
	}
	var docs []doc
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var d doc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	tp, fp, pos := 0, 0, 0
	for i, d := range docs {
		q, _ := related.New(related.Article{Title: d.Title, Text: d.Text}).MarshalBinary()
		var cands []Candidate
		for j, e := range docs {
			if j != i && (e.Topic == d.Topic || j%7 == 0) {
				cands = append(cands, Candidate{ID: fmt.Sprint(j), Title: e.Title})
				if e.Story == d.Story {
					pos++
				}
			}
		}
		hits, err := Rank(q, cands, MaxLimit)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			var j int
			fmt.Sscan(h.ID, &j)
			if docs[j].Story == d.Story {
				tp++
			} else {
				fp++
			}
		}
	}
	precision, recall := float64(tp)/float64(tp+fp), float64(tp)/float64(pos)
	t.Logf("headline candidates at %.2f: precision %.3f, recall %.3f (%d true, %d false of %d)", HeadlineMinScore, precision, recall, tp, fp, pos)
	if precision < 0.85 || recall < 0.15 {
		t.Errorf("precision %.3f recall %.3f: HeadlineMinScore no longer fits the model", precision, recall)
	}
}

func TestParseFeedFingerprintsItems(t *testing.T) {
	src := `<?xml version="1.0"?><rss><channel><title>Wire</title><ttl>30</ttl>` +
		`<item><title>Kerry to meet Putin over Syria peace process</title><link>/kerry</link>` +
		`<description>&lt;p&gt;Kerry will travel to Moscow next week to meet Putin and Lavrov about Syria.&lt;/p&gt;</description>` +
		`<pubDate>Tue, 15 Mar 2016 19:30:00 +0000</pubDate></item>` +
		`<item><title>Arsenal beat Chelsea 2-1 at the Emirates</title><link>https://wire.example/arsenal</link></item>` +
		`</channel></rss>`
	f, err := ParseFeed(src, "https://wire.example/rss.xml")
	if err != nil {
		t.Fatal(err)
	}
	if f.Title != "Wire" || f.TTL != 30 || len(f.Items) != 2 {
		t.Fatalf("feed %+v", f)
	}
	// Each item's fingerprint is that of {title, text: summary, time:
	// published}, as tidings.fingerprint makes it.
	for _, it := range f.Items {
		in, _ := json.Marshal(map[string]string{"title": it.Title, "text": it.Summary, "time": it.Published})
		want, err := Fingerprint(in)
		if err != nil {
			t.Fatal(err)
		}
		if it.Fingerprint != want {
			t.Errorf("%q: fingerprint differs from its article's", it.Title)
		}
	}
	// The Kerry item is found from the Moscow Times article, the other not.
	s := New()
	for _, it := range f.Items {
		if err := s.Add("f:"+it.ID, mustDecode(t, it.Fingerprint)); err != nil {
			t.Fatal(err)
		}
	}
	hits, err := s.Query(mustDecode(t, ResultFingerprint(seedResults(t)["moscowtimes-kerry-syria"])), "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 || hits[0].ID != "f:https://wire.example/kerry" {
		t.Errorf("hits %+v, want the Kerry item alone", hits)
	}
	if _, err := ParseFeed("<!DOCTYPE html><html><body>not a feed</body></html>", ""); !errors.Is(err, feed.ErrNotFeed) {
		t.Errorf("an HTML page: %v, want ErrNotFeed", err)
	}
}
