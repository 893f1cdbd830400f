package metadata

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/document"
)

const testPageURL = "https://example.com/news/2024/story.html"

// extractFrom parses src and extracts its metadata against testPageURL.
func extractFrom(t testing.TB, src string) Metadata {
	t.Helper()
	doc, err := document.Parse(src)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	base, _ := url.Parse(testPageURL)
	return Extract(doc, BaseURL(doc, base))
}

// page wraps head and body markup into a document.
func pageHTML(head, body string) string {
	return "<!DOCTYPE html><html><head>" + head + "</head><body>" + body + "</body></html>"
}

// ld wraps JSON into a JSON-LD script element.
func ld(json string) string {
	return `<script type="application/ld+json">` + json + `</script>`
}

func TestTitleSources(t *testing.T) {
	tests := []struct {
		name, head, body, want string
	}{
		{"json-ld headline first", ld(`{"@context":"https://schema.org","@type":"NewsArticle","headline":"From JSON-LD"}`) +
			`<meta property="og:title" content="From OG">`, "", "From JSON-LD"},
		{"dc:title before og:title", `<meta property="og:title" content="From OG"><meta name="DC.title" content="From DC">`, "", "From DC"},
		{"og:title before <title>", `<title>Title Element Words | Site</title><meta property="og:title" content="From OG">`, "", "From OG"},
		{"twitter:title", `<meta name="twitter:title" content="From Twitter">`, "", "From Twitter"},
		{"parsely-title", `<meta name="parsely-title" content="From Parsely">`, "", "From Parsely"},
		{"<title> cut", `<title>A Headline Of Several Words | The Site</title>`, "", "A Headline Of Several Words"},
		{"double-escaped entities", `<meta property="og:title" content="Tom &amp;amp; Jerry &amp;#8217;s">`, "", "Tom & Jerry ’s"},
		{"whitespace collapsed", `<meta property="og:title" content="  Spaced
			   out  title ">`, "", "Spaced out title"},
		{"name differs from headline: headline matches <title>",
			`<title>Mayor opens the new bridge downtown - City Paper</title>` +
				ld(`{"@context":"http://schema.org","@type":"NewsArticle","name":"City Paper","headline":"Mayor opens the new bridge downtown"}`),
			"", "Mayor opens the new bridge downtown"},
		{"name differs from headline: name by default",
			`<title>Something else entirely here</title>` +
				ld(`{"@context":"http://schema.org","@type":"NewsArticle","name":"The Name","headline":"The Headline"}`),
			"", "The Name"},
		{"no title at all", "", "<p>text</p>", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := extractFrom(t, pageHTML(tc.head, tc.body)).Title; got != tc.want {
				t.Errorf("Title = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestArticleTitle(t *testing.T) {
	tests := []struct {
		name, title, body, want string
	}{
		{"suffix cut", "Obama admits US gun laws are his biggest frustration - BBC News", "",
			"Obama admits US gun laws are his biggest frustration"},
		{"last separator cut", "Part one - part two words | Site", "", "Part one - part two words"},
		{"en dash", "Lorem ipsum dolor sit amet – My website", "", "Lorem ipsum dolor sit amet"},
		{"em dash", "Lorem ipsum dolor sit amet — My website", "", "Lorem ipsum dolor sit amet"},
		{"site first: cut leaves too few words", "Site | A Real Headline Of The Day", "", " A Real Headline Of The Day"},
		{"short result keeps original", "News | Short One", "", "News | Short One"},
		{"four-word result keeps original", "Four Words Are Here | Site", "", "Four Words Are Here | Site"},
		{"five-word result is kept", "Five Words Are Right Here | Site", "", "Five Words Are Right Here"},
		{"hyphen inside a word is no separator", "A well-known fact about long titles", "", "A well-known fact about long titles"},
		{"several crumbs: short result keeps original", "Docs / Guide / Install Guide Now", "", "Docs / Guide / Install Guide Now"},
		{"one crumb removed", "Install Guide Now / Docs", "", "Install Guide Now"},
		{"colon prefix cut", "Analysis: Why the markets fell so sharply today", "",
			"Why the markets fell so sharply today"},
		{"colon kept when a heading repeats the title", "Analysis: Why the markets fell so sharply today",
			"<h1>Analysis: Why the markets fell so sharply today</h1>", "Analysis: Why the markets fell so sharply today"},
		{"colon after many words is part of the headline", "This is a long title with a colon: Hello there people", "",
			"This is a long title with a colon: Hello there people"},
		{"last colon leaves too little: first colon", "Live: Updates: Big Win", "", "Live: Updates: Big Win"},
		{"very short title: the sole h1", "Home", "<h1>The Real Headline Of This Page</h1>", "The Real Headline Of This Page"},
		{"very short title, two h1s: keep", "Home", "<h1>One</h1><h1>Two</h1>", "Home"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := document.Parse(pageHTML("<title>"+tc.title+"</title>", tc.body))
			if err != nil {
				t.Fatal(err)
			}
			want := collapse(tc.want)
			if got := articleTitle(doc); got != want {
				t.Errorf("articleTitle(%q) = %q, want %q", tc.title, got, want)
			}
		})
	}
}

func TestDocumentTitleIgnoresSVGTitle(t *testing.T) {
	doc, _ := document.Parse(pageHTML("", `<svg><title>icon</title></svg><title>Real</title>`))
	if got := documentTitle(doc); got != "Real" {
		t.Errorf("documentTitle = %q, want %q", got, "Real")
	}
}

func TestWordCount(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 1}, {"one", 1}, {"two words", 2}, {" leading", 2}, {"trailing ", 2}, {"a  b\t\nc", 3}, {"nbsp\u00a0split", 2},
	}
	for _, tc := range tests {
		if got := wordCount(tc.in); got != tc.want {
			t.Errorf("wordCount(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestTextSimilarity(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"Same words here", "same WORDS here", 1},
		{"abc", "xyz", 0},
		{"", "xyz", 0},
		{"the cat", "the dog", 1 - float64(len("dog"))/float64(len("the dog"))},
	}
	for _, tc := range tests {
		if got := textSimilarity(tc.a, tc.b); got != tc.want {
			t.Errorf("textSimilarity(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestCollapse(t *testing.T) {
	tests := map[string]string{
		"":                  "",
		"plain":             "plain",
		"  a \n\t b  ":      "a b",
		"a\u00a0\u00a0b":    "a b",
		"\ufeffbom":         "bom",
		"already clean one": "already clean one",
	}
	for in, want := range tests {
		if got := collapse(in); got != want {
			t.Errorf("collapse(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadabilityKeys(t *testing.T) {
	props := map[string]string{
		"og:title":                      "og:title",
		"OG:Title":                      "og:title",
		"article:published_time":        "article:published_time",
		"og:image":                      "",
		"foo dc:creator og:title":       "dc:creator",
		"dcterm:description":            "dcterm:description",
		"twitter:site_name other:thing": "twitter:site_name",
	}
	for in, want := range props {
		if got := readabilityPropertyKey(in); got != want {
			t.Errorf("readabilityPropertyKey(%q) = %q, want %q", in, got, want)
		}
	}
	names := map[string]string{
		"author":              "author",
		"DC.creator":          "dc:creator",
		"parsely-pub-date":    "parsely-pub-date",
		"twitter:title":       "twitter:title",
		"weibo:article:title": "weibo:article:title",
		"dcterm.title":        "dcterm:title",
		"viewport":            "",
		"author-bio":          "",
		"og:image":            "",
	}
	for in, want := range names {
		if got := readabilityNameKey(in); got != want {
			t.Errorf("readabilityNameKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestJSONLD(t *testing.T) {
	const ctx = `"@context":"https://schema.org"`
	tests := []struct {
		name    string
		scripts string
		want    Metadata // only Title, Byline, SiteName, PublishedTime, Image are compared
	}{
		{"plain article", ld(`{` + ctx + `,"@type":"NewsArticle","headline":"H","author":{"@type":"Person","name":"Ann Author"},
			"publisher":{"@type":"Organization","name":"The Paper"},"datePublished":"2024-01-02T03:04:05Z","image":"/img/a.jpg"}`),
			Metadata{Title: "H", Byline: "Ann Author", SiteName: "The Paper", PublishedTime: "2024-01-02T03:04:05Z", Image: "https://example.com/img/a.jpg"}},
		{"graph with references", ld(`{` + ctx + `,"@graph":[
			{"@type":"WebSite","@id":"#site","name":"Site Name"},
			{"@type":"Person","@id":"#ann","name":"Ann"},
			{"@type":["Article","BlogPosting"],"headline":"Graph H","author":{"@id":"#ann"},"publisher":{"@id":"#org"},
			 "image":{"@type":"ImageObject","url":"https://cdn.example.com/x.png"}},
			{"@type":"Organization","@id":"#org","name":"Org Name"}]}`),
			Metadata{Title: "Graph H", Byline: "Ann", SiteName: "Org Name", Image: "https://cdn.example.com/x.png"}},
		{"top-level array", ld(`[{` + ctx + `,"@type":"BreadcrumbList"},{` + ctx + `,"@type":"ReportageNewsArticle","headline":"Arr H",
			"author":[{"name":"A One"},{"name":"B Two"},"C Three","https://example.com/author/d"]}]`),
			Metadata{Title: "Arr H", Byline: "A One, B Two, C Three"}},
		{"context object with @vocab", ld(`{"@context":{"@vocab":"http://schema.org/"},"@type":"NewsArticle","headline":"Vocab H"}`),
			Metadata{Title: "Vocab H"}},
		{"invalid JSON skipped, next script used", ld(`{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Broken",}`) +
			ld(`{`+ctx+`,"@type":"Article","headline":"Second"}`),
			Metadata{Title: "Second"}},
		{"not schema.org: ignored", ld(`{"@context":"https://example.org","@type":"NewsArticle","headline":"Nope"}`) + `<title>Fallback Title Of Page</title>`,
			Metadata{Title: "Fallback Title Of Page"}},
		{"non-article type: ignored", ld(`{`+ctx+`,"@type":"Recipe","name":"Cake"}`) + `<title>Fallback Title Of Page</title>`,
			Metadata{Title: "Fallback Title Of Page"}},
		{"CDATA wrapper", `<script type="application/ld+json"><![CDATA[{` + ctx + `,"@type":"NewsArticle","headline":"CDATA H"}]]></script>`,
			Metadata{Title: "CDATA H"}},
		{"WebSite name when no publisher", ld(`{`+ctx+`,"@type":"WebSite","name":"Only Site"}`) + ld(`{`+ctx+`,"@type":"NewsArticle","headline":"X"}`),
			Metadata{Title: "X", SiteName: "Only Site"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := extractFrom(t, pageHTML(tc.scripts, ""))
			got := Metadata{Title: m.Title, Byline: m.Byline, SiteName: m.SiteName, PublishedTime: m.PublishedTime, Image: m.Image}
			if got != tc.want {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestJSONLDHostile(t *testing.T) {
	deep := strings.Repeat(`{"a":`, 20000) + "1" + strings.Repeat("}", 20000)
	deepArr := `{"@context":"https://schema.org","@type":"NewsArticle","headline":"Deep","author":` +
		strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + `}`
	huge := `{"@context":"https://schema.org","@graph":[` + strings.Repeat(`{"@type":"Thing","@id":"x"},`, 100000) + `{"@type":"NewsArticle","headline":"Late"}]}`
	cyclic := `{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","headline":"C","image":{"@id":"#i"}},{"@id":"#i","url":{"@id":"#i"}}]}`
	for name, script := range map[string]string{
		"deep nesting": deep, "deep author arrays": deepArr, "huge graph": huge, "cyclic image reference": cyclic,
		"binary": "\x00\xff\xfe{", "empty": "", "wrong types": `{"@context":1,"@type":{"x":[]},"headline":[1,2]}`,
		"null": "null", "string": `"just a string"`,
	} {
		t.Run(name, func(t *testing.T) {
			m := extractFrom(t, pageHTML(ld(script)+"<title>Safe Fallback Title Here</title>", ""))
			if m.Title == "" {
				t.Errorf("no title at all; the fallback should survive bad JSON-LD")
			}
		})
	}
}

func TestByline(t *testing.T) {
	tests := []struct {
		name, head, body, want string
	}{
		{"json-ld author", ld(`{"@context":"https://schema.org","@type":"NewsArticle","author":{"name":"JSON Author"}}`) +
			`<meta name="author" content="Meta Author">`, "", "JSON Author"},
		{"dc:creator before author", `<meta name="author" content="Meta Author"><meta name="dc.creator" content="DC Author">`, "", "DC Author"},
		{"meta author", `<meta name="author" content="Meta Author">`, "", "Meta Author"},
		{"parsely-author", `<meta name="parsely-author" content="Parsely Author">`, "", "Parsely Author"},
		{"article:author name", `<meta property="article:author" content="Prop Author">`, "", "Prop Author"},
		{"article:author URL skipped", `<meta property="article:author" content="https://facebook.com/someone">`,
			`<p>By <a rel="author" href="/a">Link Author</a></p>`, "Link Author"},
		{"rel=author", "", `<p>x <a rel="author" href="/a">Link Author</a></p>`, "Link Author"},
		{"class byline", "", `<div class="article-byline">By Class Author</div>`, "By Class Author"},
		{"itemprop author with name", "", `<span itemprop="author" itemscope><span itemprop="name">Micro Author</span> — 3 May</span>`, "Micro Author"},
		{"too long is no byline", "", `<div class="author">` + strings.Repeat("word ", 30) + `</div>`, ""},
		{"hidden skipped", "", `<div style="display: none"><span class="byline">Hidden Author</span></div><span class="byline">Shown Author</span>`, "Shown Author"},
		{"aria-hidden skipped", "", `<span class="byline" aria-hidden="true">Hidden</span><span class="byline">Shown</span>`, "Shown"},
		{"comments skipped", "", `<div class="comments"><span class="comment-author">Commenter</span></div><p class="byline">Writer</p>`, "Writer"},
		{"navigation role skipped", "", `<nav role="navigation"><a class="author-link">Nav Author</a></nav>`, ""},
		{"article header searched last", "", `<article><header class="entry-header"><span class="author">Header Author</span></header><p>Text</p></article>`, "Header Author"},
		{"site header not searched", "", `<header class="site-header"><span class="author">Site Author</span></header><p>Text</p>`, ""},
		{"script text ignored", "", `<div class="byline">By <script>var x=1;</script>Script-Free</div>`, "By Script-Free"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := extractFrom(t, pageHTML(tc.head, tc.body)).Byline; got != tc.want {
				t.Errorf("Byline = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPublishedTime(t *testing.T) {
	tests := []struct {
		name, head, body, want string
	}{
		{"json-ld first", ld(`{"@context":"https://schema.org","@type":"NewsArticle","datePublished":"2020-01-01"}`) +
			`<meta property="article:published_time" content="2021-01-01">`, "", "2020-01-01"},
		{"article:published_time", `<meta property="article:published_time" content="2021-01-01T10:00:00Z">`, "", "2021-01-01T10:00:00Z"},
		{"parsely-pub-date", `<meta name="parsely-pub-date" content="2022-02-02">`, "", "2022-02-02"},
		{"itemprop datePublished meta", `<meta itemprop="datePublished" content="2023-03-03">`, "", "2023-03-03"},
		{"dc.date.issued", `<meta name="DC.date.issued" content="2019-09-09">`, "", "2019-09-09"},
		{"time pubdate", "", `<time datetime="2018-08-08" pubdate>Aug 8</time>`, "2018-08-08"},
		{"time itemprop", "", `<time datetime="2017-07-07">x</time><time itemprop="datePublished" datetime="2016-06-06">y</time>`, "2016-06-06"},
		{"time inside article", "", `<aside><time datetime="2001-01-01">old</time></aside><article><time datetime="2015-05-05">z</time></article>`, "2015-05-05"},
		{"lone time outside article ignored", "", `<aside><time datetime="2001-01-01">old</time></aside>`, ""},
		{"zero date skipped for the next source", ld(`{"@context":"https://schema.org","@type":"NewsArticle","datePublished":"0001-01-01T00:00:00Z"}`) +
			`<meta property="article:published_time" content="2019-11-19">`, "", "2019-11-19"},
		{"epoch skipped", `<meta property="article:published_time" content="1970-01-01T00:00:00Z">`, "", ""},
		{"free-form date kept", `<meta name="date" content="November 19, 2019">`, "", "November 19, 2019"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := extractFrom(t, pageHTML(tc.head, tc.body)).PublishedTime; got != tc.want {
				t.Errorf("PublishedTime = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSiteNameExcerpt(t *testing.T) {
	tests := []struct {
		name, head, wantSite, wantExcerpt string
	}{
		{"og", `<meta property="og:site_name" content="OG Site"><meta property="og:description" content="OG desc">`, "OG Site", "OG desc"},
		{"application-name", `<meta name="application-name" content="App Site"><meta name="description" content="Plain desc">`, "App Site", "Plain desc"},
		{"json-ld publisher wins", ld(`{"@context":"https://schema.org","@type":"NewsArticle","publisher":{"name":"LD Pub"},"description":"LD desc"}`) +
			`<meta property="og:site_name" content="OG Site"><meta property="og:description" content="OG desc">`, "LD Pub", "LD desc"},
		{"dc:description before og", `<meta property="og:description" content="OG desc"><meta name="dc.description" content="DC desc">`, "", "DC desc"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := extractFrom(t, pageHTML(tc.head, ""))
			if m.SiteName != tc.wantSite || m.Excerpt != tc.wantExcerpt {
				t.Errorf("SiteName, Excerpt = %q, %q; want %q, %q", m.SiteName, m.Excerpt, tc.wantSite, tc.wantExcerpt)
			}
		})
	}
}

func TestLangDir(t *testing.T) {
	tests := []struct {
		name, doc, wantLang, wantDir string
	}{
		{"html lang and dir", `<html lang="en-GB" dir="ltr"><body><p>x</p></body></html>`, "en-GB", "ltr"},
		{"no lang", `<html><body><p>x</p></body></html>`, "", ""},
		{"content-language meta", `<html><head><meta http-equiv="Content-Language" content="de, en"></head><body></body></html>`, "de", ""},
		{"og:locale", `<html><head><meta property="og:locale" content="pt_BR"></head><body></body></html>`, "pt-BR", ""},
		{"underscore in html lang", `<html lang="pt_BR"><body></body></html>`, "pt-BR", ""},
		{"body dir overrides html dir", `<html dir="ltr"><body dir="rtl"><p>x</p></body></html>`, "", "rtl"},
		{"dir nearest the text wins", `<html dir="ltr"><body><div dir="rtl"><p>` + strings.Repeat("نص ", 50) + `</p></div><div><p>short</p></div></body></html>`, "", "rtl"},
		{"rtl language without dir", `<html lang="ar-EG"><body><p>x</p></body></html>`, "ar-EG", "rtl"},
		{"dir beats the language", `<html lang="he" dir="ltr"><body><p>x</p></body></html>`, "he", "ltr"},
		{"bogus dir ignored", `<html dir="sideways"><body><p>x</p></body></html>`, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := extractFrom(t, tc.doc)
			if m.Lang != tc.wantLang || m.Dir != tc.wantDir {
				t.Errorf("Lang, Dir = %q, %q; want %q, %q", m.Lang, m.Dir, tc.wantLang, tc.wantDir)
			}
		})
	}
}

func TestURLs(t *testing.T) {
	tests := []struct {
		name, head, wantImage, wantCanonical string
	}{
		{"relative resolved", `<meta property="og:image" content="/i/a.jpg"><link rel="canonical" href="../story.html">`,
			"https://example.com/i/a.jpg", "https://example.com/news/story.html"},
		{"base element", `<base href="https://cdn.example.org/x/"><meta name="twitter:image" content="b.png"><meta property="og:url" content="c.html">`,
			"https://cdn.example.org/x/b.png", "https://cdn.example.org/x/c.html"},
		{"image_src link", `<link rel="image_src" href="//img.example.net/p.gif">`, "https://img.example.net/p.gif", ""},
		{"javascript dropped", `<meta property="og:image" content="javascript:alert(1)">`, "", ""},
		{"entities decoded", `<meta property="og:image" content="/i?a=1&amp;amp;b=2">`, "https://example.com/i?a=1&b=2", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := extractFrom(t, pageHTML(tc.head, ""))
			if m.Image != tc.wantImage || m.CanonicalURL != tc.wantCanonical {
				t.Errorf("Image, CanonicalURL = %q, %q; want %q, %q", m.Image, m.CanonicalURL, tc.wantImage, tc.wantCanonical)
			}
		})
	}
}

func TestReaderable(t *testing.T) {
	long := strings.Repeat("This is a sentence of an article. ", 20) // 680 characters
	tests := []struct {
		name, body string
		want       bool
	}{
		{"one long paragraph", "<p>" + long + "</p>", true},
		{"short paragraphs", strings.Repeat("<p>Short text.</p>", 50), false},
		{"hidden paragraph", `<p hidden>` + long + `</p>`, false},
		{"display none", `<p style="display:none">` + long + `</p>`, false},
		{"paragraph in list item", "<ul><li><p>" + long + "</p></li></ul>", false},
		{"chrome class", `<p class="sidebar">` + long + `</p>`, false},
		{"chrome class rescued by content hint", `<p class="sidebar-content">` + long + `</p>`, true},
		{"div with line breaks", "<div>" + long + "<br>" + long + "</div>", true},
		{"article element", "<article>" + long + "</article>", true},
		{"several medium paragraphs", strings.Repeat("<p>"+long[:300]+"</p>", 3), true},
		{"short-paragraph story, undeclared", strings.Repeat("<p>"+long[:120]+"</p>", 12), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := document.Parse(pageHTML("", tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if got := Readerable(doc); got != tc.want {
				t.Errorf("Readerable = %v, want %v", got, tc.want)
			}
			if got := extractFrom(t, pageHTML("", tc.body)).Readerable; got != tc.want {
				t.Errorf("Extract().Readerable = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestReaderableDeclaredArticle(t *testing.T) {
	para := "<p>" + strings.Repeat("Short news paragraph text. ", 4) + "</p>" // 108 characters
	tests := []struct {
		name, head, body string
		want             bool
	}{
		{"og:type article, enough short paragraphs", `<meta property="og:type" content="article">`, strings.Repeat(para, 10), true},
		{"JSON-LD article, enough short paragraphs", ld(`{"@context":"https://schema.org","@type":"NewsArticle"}`), strings.Repeat(para, 10), true},
		{"declared article, too little text", `<meta property="og:type" content="article">`, strings.Repeat(para, 5), false},
		{"og:type website", `<meta property="og:type" content="website">`, strings.Repeat(para, 10), false},
		{"declared article, text in list items", `<meta property="og:type" content="article">`, "<ul>" + strings.Repeat("<li>"+para+"</li>", 10) + "</ul>", false},
		{"declared article, one-line snippets", `<meta property="og:type" content="article">`, strings.Repeat("<p>Teaser headline</p>", 100), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := pageHTML(tc.head, tc.body)
			if got := extractFrom(t, src).Readerable; got != tc.want {
				t.Errorf("Readerable = %v, want %v", got, tc.want)
			}
			doc, _ := document.Parse(src)
			if got := Readerable(doc); got != tc.want {
				t.Errorf("Readerable(doc) = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestStripSiteSuffix(t *testing.T) {
	tests := []struct {
		name, title, site, want string
	}{
		{"pipe suffix", "Clymer workshop manual review | MoreBikes", "MoreBikes", "Clymer workshop manual review"},
		{"spacing and case differ", "Man pleads guilty to threatening to kill Omar | TheHill", "The Hill", "Man pleads guilty to threatening to kill Omar"},
		{"site name with separators", "Black Friday per nostalgici - Remember 80/90 - Memorabilia anni 80/90", "Remember 80/90 - Memorabilia anni 80/90", "Black Friday per nostalgici"},
		{"en dash", "These Weeks in Firefox: Issue 85 – Firefox Nightly News", "Firefox Nightly News", "These Weeks in Firefox: Issue 85"},
		{"other suffix kept", "A story about many things | Section", "The Site", "A story about many things | Section"},
		{"no site name", "A story about many things | The Site", "", "A story about many things | The Site"},
		{"too short without it", "Home | The Site", "The Site", "Home | The Site"},
		{"site name inside, not at the end", "The Site reports on many things today", "The Site", "The Site reports on many things today"},
		{"em dash", "The Early Reviews Are Here — And Not Great — Digg", "Digg", "The Early Reviews Are Here — And Not Great"},
		{"middle dot", "Outputting standalone WebAssembly binaries · V8", "V8", "Outputting standalone WebAssembly binaries"},
		{"author suffix kept", "Tribes fearful over whale strandings | Eleanor Ainge Roy", "the Guardian", "Tribes fearful over whale strandings | Eleanor Ainge Roy"},
		// Readability keeps this suffix (iab-1); Tidings cuts it on purpose.
		{"cut where Readability keeps it", "Getting LEAN with Digital Ad UX | IAB", "IAB", "Getting LEAN with Digital Ad UX"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := stripSiteSuffix(tc.title, tc.site); got != tc.want {
				t.Errorf("stripSiteSuffix(%q, %q) = %q, want %q", tc.title, tc.site, got, tc.want)
			}
		})
	}
	m := extractFrom(t, pageHTML(`<meta property="og:title" content="Clymer workshop manual review | MoreBikes"><meta property="og:site_name" content="MoreBikes">`, ""))
	if m.Title != "Clymer workshop manual review" {
		t.Errorf("Title = %q, want it without the site suffix", m.Title)
	}
}

func TestNamesSite(t *testing.T) {
	tests := []struct {
		name, suffix, site string
		want               bool
	}{
		{"equal", "MoreBikes", "MoreBikes", true},
		{"spacing differs", "TheHill", "The Hill", true},
		{"case differs", "ign", "IGN", true},
		{"punctuation differs", "Sportsnet.ca", "Sportsnet ca", true},
		{"non-Latin letters", "Yahoo!ニュース", "Yahoo!ニュース", true},
		{"section, not the site", "Editorial", "the Guardian", false},
		{"author, not the site", "Eleanor Ainge Roy", "the Guardian", false},
		{"shares a word only", "Factorio", "Factorio.com", false},
		{"empty site name", "Anything", "", false},
		{"punctuation-only site name", "Anything", "!!!", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := namesSite(tc.suffix, alnumKey(tc.site)); got != tc.want {
				t.Errorf("namesSite(%q, key of %q) = %v, want %v", tc.suffix, tc.site, got, tc.want)
			}
		})
	}
}

func TestLeavesHeadline(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{"Clymer workshop manual review", true},
		{"Three word headline", true},
		{"Home", false},
		{"About us", false},
		{"", false},
	}
	for _, tc := range tests {
		if got := leavesHeadline(tc.head); got != tc.want {
			t.Errorf("leavesHeadline(%q) = %v, want %v", tc.head, got, tc.want)
		}
	}
}

func TestCutSiteSuffix(t *testing.T) {
	tests := []struct {
		name, title, sep, site, want string
		ok                           bool
	}{
		{"cut at the separator naming the site", "A story of several words | The Site", " | ", "The Site", "A story of several words", true},
		{"site name contains the separator", "A story of several words - Remember 80/90 - Memorabilia", " - ", "Remember 80/90 - Memorabilia", "A story of several words", true},
		{"earlier separator belongs to the headline", "Part one - part two of it - The Site", " - ", "The Site", "Part one - part two of it", true},
		{"other separator", "A story of several words | The Site", " - ", "The Site", "", false},
		{"suffix is not the site", "A story of several words | Section", " | ", "The Site", "", false},
		{"cut would leave no headline", "Home | The Site", " | ", "The Site", "Home", false},
		{"separator at the start", " | The Site", " | ", "The Site", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := cutSiteSuffix(tc.title, tc.sep, alnumKey(tc.site))
			if ok != tc.ok || ok && got != tc.want {
				t.Errorf("cutSiteSuffix(%q, %q, %q) = %q, %v; want %q, %v", tc.title, tc.sep, tc.site, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestBaseURL(t *testing.T) {
	page, _ := url.Parse(testPageURL)
	tests := []struct {
		name, head, want string
	}{
		{"no base", "", testPageURL},
		{"absolute base", `<base href="https://other.example/dir/">`, "https://other.example/dir/"},
		{"relative base", `<base href="/root/">`, "https://example.com/root/"},
		{"base without href skipped", `<base target="_blank"><base href="/second/">`, "https://example.com/second/"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, _ := document.Parse(pageHTML(tc.head, ""))
			if got := BaseURL(doc, page).String(); got != tc.want {
				t.Errorf("BaseURL = %q, want %q", got, tc.want)
			}
		})
	}
	doc, _ := document.Parse(pageHTML(`<base href="rel/">`, ""))
	if got := BaseURL(doc, nil); got != nil {
		t.Errorf("relative base without a page URL = %v, want nil", got)
	}
}

func TestDegenerateDocuments(t *testing.T) {
	if m := Extract(nil, nil); m != (Metadata{}) {
		t.Errorf("Extract(nil) = %+v, want zero", m)
	}
	for name, src := range map[string]string{
		"empty": "", "text only": "just text", "no head": "<body><p>x</p></body>", "binary": "\x00\x01\xff<<>>",
		"frameset": "<frameset><frame src=a></frameset>",
	} {
		t.Run(name, func(t *testing.T) {
			// x/net/html directly: document.Parse refuses binary data,
			// but metadata must cope with whatever tree it is given.
			doc, err := html.Parse(strings.NewReader(src))
			if err != nil {
				t.Fatal(err)
			}
			if m := Extract(doc, nil); m.Readerable {
				t.Errorf("%s: Readerable = true", name)
			}
		})
	}
}

func TestDateOnlyBylineIsNotAnAuthor(t *testing.T) {
	tests := []struct{ body, want string }{
		{`<div class="byline"><time datetime="2016-03-15">March 15, 2016</time></div><p class="author">Jane Roe</p>`, "Jane Roe"},
		{`<div class="byline">By <a rel="author">Jane Roe</a> <time>March 15</time></div>`, "By Jane Roe March 15"},
		{`<div class="byline"><span><time>March 15, 2016</time></span></div>`, ""},
		{`<div class="article__byline"><time class="byline__datetime">March 15, 2016</time></div>`, ""},
		{`<div class="byline">By</div>`, ""},
	}
	for _, tc := range tests {
		m := extractFrom(t, pageHTML("", tc.body))
		if m.Byline != tc.want {
			t.Errorf("%s: byline %q, want %q", tc.body, m.Byline, tc.want)
		}
	}
}
