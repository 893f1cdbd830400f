package engine

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/detect"
	"github.com/tidings-app/tidings/wasm/document"
	"github.com/tidings-app/tidings/wasm/locate"
	"github.com/tidings-app/tidings/wasm/rules"
)

// TestSeedBoilerplateDetected checks, on the seed pages with the shipped
// lists, that each piece of boilerplate the issue names is detected (by a
// generic rule or a heuristic: no site-specific selector) and is absent
// from the reader text, while the article stays.
func TestSeedBoilerplateDetected(t *testing.T) {
	tests := []struct {
		file, url string
		// pieces: a snippet of each boilerplate text and the category it
		// must be detected with.
		pieces  map[string]rules.Category
		article []string
	}{
		{
			file: "../../testdata/seeds/moscowtimes-kerry-syria.html",
			url:  "https://www.themoscowtimes.com/2016/03/15/kerry-to-discuss-syria-with-putin-lavrov-in-moscow-a52175",
			pieces: map[string]rules.Category{
				"Support The Moscow Times!":    rules.Donation,
				"we have a small favor to ask": rules.Donation,
				"support us monthly":           rules.Donation,
				"Not ready to support today?":  rules.Donation,
				"Contact the author at":        rules.Boilerplate,
			},
			article: []string{"Putin said he was ordering a partial withdrawal", "38.5 billion rubles"},
		},
		{
			file: "../../testdata/seeds/middleeasteye-kerry-syria.html",
			url:  "https://www.middleeasteye.net/news/kerry-meet-putin-over-syria-peace-process",
			pieces: map[string]rules.Category{
				"New MEE newsletter: Jerusalem Dispatch":                       rules.Newsletter,
				"Sign up to get the latest insights":                           rules.Newsletter,
				"Middle East Eye delivers independent and unrivalled coverage": rules.Boilerplate,
				"republishing this content":                                    rules.Boilerplate,
			},
			article: []string{"Kerry", "The primary message is to Assad"},
		},
	}
	for _, tt := range tests {
		raw, err := os.ReadFile(tt.file)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Clean(string(raw), Options{URL: tt.url})
		if err != nil {
			t.Fatal(err)
		}
		for piece, cat := range tt.pieces {
			if strings.Contains(res.TextContent, piece) {
				t.Errorf("%s: %q is in the reader text", tt.file, piece)
			}
			found := false
			for _, d := range res.Detections {
				if d.Category == string(cat) && d.Action != "style" && containsText(raw, d, piece) {
					found = true
					if d.Rule != nil && strings.Contains(d.Rule.Text, "moscowtimes") || d.Rule != nil && strings.Contains(d.Rule.Text, "middleeasteye") {
						t.Errorf("%s: %q is found by a site-specific rule: %s", tt.file, piece, d.Rule.Text)
					}
				}
			}
			if !found {
				t.Errorf("%s: no %s detection covers %q", tt.file, cat, piece)
			}
		}
		for _, a := range tt.article {
			if !strings.Contains(res.TextContent, a) {
				t.Errorf("%s: the article lost %q", tt.file, a)
			}
		}
	}
}

// containsText reports whether detection d's element holds piece: its
// snippet shows the start of its text, so the page is parsed again and the
// element found by its locator.
func containsText(page []byte, d Detection, piece string) bool {
	if strings.Contains(d.Snippet, piece) {
		return true
	}
	return strings.Contains(locatedText(string(page), d), piece)
}

func TestDefaultRulesBuiltOnce(t *testing.T) {
	a, b := DefaultRules(), DefaultRules()
	if a == nil || a != b {
		t.Fatal("DefaultRules is not one shared matcher")
	}
	if len(DefaultLists()) == 0 || a.Stats().Rules == 0 {
		t.Fatal("the shipped lists are empty")
	}
	for _, l := range DefaultLists() {
		if l.Counts.Errors > 0 {
			t.Errorf("shipped list %s has %d errors", l.Name, l.Counts.Errors)
		}
	}
}

func TestDetectionOptions(t *testing.T) {
	raw, err := os.ReadFile("../../testdata/seeds/moscowtimes-kerry-syria.html")
	if err != nil {
		t.Fatal(err)
	}
	src := string(raw)
	on, err := Clean(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	off, err := Clean(src, Options{NoDetection: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(on.Detections) == 0 || len(off.Detections) != 0 || off.Detections == nil {
		t.Errorf("detections on %d, off %d (want some, and an empty list)", len(on.Detections), len(off.Detections))
	}
	if !strings.Contains(off.TextContent, "Contact the author at") && strings.Contains(on.TextContent, "Contact the author at") {
		t.Error("NoDetection did not leave the page whole")
	}
	// A reader's own matcher replaces the shipped lists.
	m, lint := CompileRules([]rules.Source{{Name: "mine", Text: "##.article__contact:category(promo)\n"}}, false)
	if len(lint) != 1 || lint[0].Counts.Errors != 0 {
		t.Fatalf("lint %+v", lint)
	}
	mine, err := Clean(src, Options{Rules: m})
	if err != nil {
		t.Fatal(err)
	}
	rulesSeen := 0
	for _, d := range mine.Detections {
		if d.Rule != nil {
			rulesSeen++
			if d.Rule.List != "mine" || d.Category != "promo" || d.Action != "hide" {
				t.Errorf("detection %+v", d)
			}
		}
	}
	if rulesSeen != 1 {
		t.Errorf("%d rule detections with my list alone, want 1", rulesSeen)
	}
	// The JSON contract carries the new fields.
	buf, _ := json.Marshal(on)
	for _, field := range []string{`"paywalled":`, `"action":"hide"`, `"locator":{"path":[`} {
		if !strings.Contains(string(buf), field) {
			t.Errorf("result JSON lacks %s", field)
		}
	}
}

// locatedText parses page again and returns the text of the element d's
// locator names.
func locatedText(page string, d Detection) string {
	doc, err := document.Parse(page)
	if err != nil {
		return ""
	}
	n := locate.Find(doc, locate.Locator{Path: d.Locator.Path, Tag: d.Locator.Tag, Hash: d.Locator.Hash})
	if n == nil {
		return ""
	}
	return detect.Snippet(n) + " " + textContent(n)
}

func textContent(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}
