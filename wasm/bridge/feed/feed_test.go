package feed

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

const rss2 = `<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>World &amp; Politics</title>
  <link>https://news.example.org/</link>
  <atom:link href="https://news.example.org/rss" rel="self"/>
  <ttl>5</ttl>
  <image><title>Logo</title><link>https://news.example.org/logo</link></image>
  <item>
    <title><![CDATA[Kerry to meet Putin over Syria peace process: talks < 1 week away]]></title>
    <link>/news/kerry-putin</link>
    <guid isPermaLink="false">kerry-1</guid>
    <description>&lt;p&gt;US Secretary of State John Kerry &lt;b&gt;will travel&lt;/b&gt; to Moscow&amp;nbsp;next week.&lt;/p&gt;&lt;script&gt;evil()&lt;/script&gt;</description>
    <pubDate>Tue, 15 Mar 2016 19:30:00 +0000</pubDate>
  </item>
  <item>
    <title>Second &eacute;dition</title>
    <guid>https://news.example.org/second</guid>
    <content:encoded><![CDATA[<div>Only <i>content</i> here</div>]]></content:encoded>
    <dc:date>2016-03-16T08:00:00+01:00</dc:date>
  </item>
  <item><title></title><description></description></item>
  <item><title>Same link again</title><link>https://news.example.org/news/kerry-putin</link></item>
</channel>
</rss>`

const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">Atom &lt;em&gt;News&lt;/em&gt;</title>
  <link rel="self" href="https://atom.example.org/feed.xml"/>
  <link href="https://atom.example.org/"/>
  <entry>
    <title>Moscow talks</title>
    <link rel="enclosure" href="https://atom.example.org/audio.mp3"/>
    <link rel="alternate" type="text/html" href="posts/moscow"/>
    <id>tag:atom.example.org,2016:1</id>
    <updated>2016-03-15T18:52:00+03:00</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Lavrov and <b>Kerry</b> met.</p></div></content>
  </entry>
  <entry>
    <title>No link</title>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <summary>Just an id.</summary>
  </entry>
</feed>`

const rdf = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example.org/"><title>RDF site</title><link>https://rdf.example.org/</link>
    <items><rdf:Seq><rdf:li resource="https://rdf.example.org/1"/></rdf:Seq></items></channel>
  <item rdf:about="https://rdf.example.org/1"><title>RDF story</title><link>https://rdf.example.org/1</link><dc:date>2016-03-15</dc:date></item>
</rdf:RDF>`

func TestParseFormats(t *testing.T) {
	tests := []struct {
		name, src, base string
		title, link     string
		ttl             int
		items           []Item
	}{
		{"rss2", rss2, "https://news.example.org/rss", "World & Politics", "https://news.example.org/", MinTTL, []Item{
			{ID: "https://news.example.org/news/kerry-putin", Link: "https://news.example.org/news/kerry-putin", Title: "Kerry to meet Putin over Syria peace process: talks < 1 week away",
				Summary: "US Secretary of State John Kerry will travel to Moscow next week.", Published: "2016-03-15T19:30:00Z"},
			{ID: "https://news.example.org/second", Link: "https://news.example.org/second", Title: "Second édition", Summary: "Only content here", Published: "2016-03-16T07:00:00Z"},
		}},
		{"atom", atom, "https://atom.example.org/feed.xml", "Atom News", "https://atom.example.org/", 0, []Item{
			{ID: "https://atom.example.org/posts/moscow", Link: "https://atom.example.org/posts/moscow", Title: "Moscow talks", Summary: "Lavrov and Kerry met.", Published: "2016-03-15T15:52:00Z"},
			{ID: "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a", Title: "No link", Summary: "Just an id."},
		}},
		{"rdf", rdf, "", "RDF site", "https://rdf.example.org/", 0, []Item{
			{ID: "https://rdf.example.org/1", Link: "https://rdf.example.org/1", Title: "RDF story", Published: "2016-03-15T00:00:00Z"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse(tc.src, tc.base)
			if err != nil {
				t.Fatal(err)
			}
			if f.Title != tc.title || f.Link != tc.link || f.TTL != tc.ttl {
				t.Errorf("header = %q %q %d, want %q %q %d", f.Title, f.Link, f.TTL, tc.title, tc.link, tc.ttl)
			}
			if len(f.Items) != len(tc.items) {
				t.Fatalf("%d items, want %d: %+v", len(f.Items), len(tc.items), f.Items)
			}
			for i, want := range tc.items {
				if f.Items[i] != want {
					t.Errorf("item %d:\n got %+v\nwant %+v", i, f.Items[i], want)
				}
			}
		})
	}
}

func TestParseRejectsNonFeeds(t *testing.T) {
	tests := []struct {
		src string
		// notFeed: readable XML or text that is not a feed gives ErrNotFeed;
		// bytes that are not XML give the decoder's error.
		notFeed bool
	}{
		{"", true},
		{"just text", true},
		{"<!DOCTYPE html><html><head><title>A page</title></head><body><p>Hi</p></body></html>", true},
		{`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><title>x</title></svg>`, true},
		{"\x00\x01\x02binary", false},
	}
	for _, tc := range tests {
		_, err := Parse(tc.src, "")
		if err == nil || tc.notFeed != errors.Is(err, ErrNotFeed) {
			t.Errorf("Parse(%q) = %v, want an error (ErrNotFeed: %v)", tc.src, err, tc.notFeed)
		}
	}
}

func TestParseCutShortAndBounded(t *testing.T) {
	// Cut in the middle of the third item: the first two stay.
	cut := rss2[:strings.Index(rss2, "<item><title></title>")+20]
	f, err := Parse(cut, "https://news.example.org/")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != 2 {
		t.Errorf("cut-short feed: %d items, want 2", len(f.Items))
	}

	var b strings.Builder
	b.WriteString("<rss><channel><title>Many</title>")
	for i := range MaxItems + 50 {
		fmt.Fprintf(&b, "<item><title>Story %d</title><link>https://x.example/%d</link><description>%s</description></item>", i, i, strings.Repeat("word ", 1000))
	}
	b.WriteString("</channel></rss>")
	f, err = Parse(b.String(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != MaxItems {
		t.Errorf("%d items, want the first %d", len(f.Items), MaxItems)
	}
	if n := utf8.RuneCountInString(f.Items[0].Summary); n > MaxSummaryRunes+1 {
		t.Errorf("summary of %d runes, want at most %d", n, MaxSummaryRunes+1)
	}
	if !strings.HasSuffix(f.Items[0].Summary, "word…") {
		t.Errorf("a clipped summary ends at a word with an ellipsis: %q", f.Items[0].Summary[len(f.Items[0].Summary)-20:])
	}

	// Deep nesting inside an item is skipped, not followed.
	deep := "<rss><channel><item><title>Deep</title><link>https://x.example/d</link>" + strings.Repeat("<div>", 10000) + "text" + strings.Repeat("</div>", 10000) + "</item></channel></rss>"
	f, err = Parse(deep, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != 1 || f.Items[0].Title != "Deep" {
		t.Errorf("deep item: %+v", f.Items)
	}
}

func TestLinksAreWebOnly(t *testing.T) {
	src := `<rss><channel><item><title>Bad</title><link>javascript:alert(1)</link></item><item><title>Data</title><link>data:text/html,x</link><guid>g2</guid></item></channel></rss>`
	f, err := Parse(src, "https://x.example/")
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range f.Items {
		if it.Link != "" {
			t.Errorf("%q: link %q, want none", it.Title, it.Link)
		}
	}
	if len(f.Items) != 1 || f.Items[0].ID != "g2" {
		t.Errorf("an item without a web link or a guid is dropped, one with a guid kept: %+v", f.Items)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Tue, 15 Mar 2016 19:30:00 +0000", "2016-03-15T19:30:00Z"},
		{"Tue, 15 Mar 2016 19:30:00 GMT", "2016-03-15T19:30:00Z"},
		{"Tue, 5 Mar 2016 19:30:00 -0500", "2016-03-06T00:30:00Z"},
		{"Tue, 15 Mar 16 19:30:00 +0000", "2016-03-15T19:30:00Z"},
		{"2016-03-15T19:30:00.123+02:00", "2016-03-15T17:30:00Z"},
		{"  2016-03-15  ", "2016-03-15T00:00:00Z"},
		{"yesterday", ""},
		{"", ""},
	}
	for _, tc := range tests {
		got := ""
		if d := parseDate(tc.in); !d.IsZero() {
			got = d.UTC().Format("2006-01-02T15:04:05Z07:00")
		}
		if got != tc.want {
			t.Errorf("parseDate(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{rss2, atom, rdf, "<rss><channel><item><title>x", "<feed><entry><title>&bogus;</title><id>1</id></entry>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		feed, err := Parse(src, "https://x.example/feed")
		if err != nil {
			return
		}
		if len(feed.Items) > MaxItems {
			t.Fatalf("%d items", len(feed.Items))
		}
		for _, it := range feed.Items {
			if it.ID == "" || (it.Title == "" && it.Summary == "") {
				t.Fatalf("empty item %+v", it)
			}
			if it.Link != "" && !strings.HasPrefix(it.Link, "http") {
				t.Fatalf("link %q", it.Link)
			}
			if utf8.RuneCountInString(it.Title) > MaxTitleRunes+1 || utf8.RuneCountInString(it.Summary) > MaxSummaryRunes+1 {
				t.Fatalf("unbounded item %+v", it)
			}
		}
	})
}
