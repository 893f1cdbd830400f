package metadata

import (
	"encoding/json"
	"strings"
)

// JSON-LD (schema.org) is the richest metadata a news page carries: the
// headline, authors, publisher and dates of its Article node. Pages put it
// in one or several <script type="application/ld+json">, as a single
// object, an array, or a "@graph" whose nodes refer to each other by "@id".

const (
	// maxLDScriptBytes skips a JSON-LD script larger than this: article
	// metadata takes a few kilobytes, and decoding megabytes of product
	// catalogues would cost more than the whole page budget.
	maxLDScriptBytes = 512 << 10
	// maxLDScripts and maxLDTotalBytes bound how many scripts, and how
	// much JSON in all, are decoded per page.
	maxLDScripts    = 32
	maxLDTotalBytes = 2 << 20
	// maxLDNodes bounds the nodes collected from all scripts, so a huge
	// "@graph" costs a bounded walk.
	maxLDNodes = 2048
	// maxLDAuthors bounds the authors joined into a byline.
	maxLDAuthors = 16
)

// ldArticle is what the JSON-LD says about the article.
type ldArticle struct {
	Name, Headline string // raw title candidates; see ldTitle
	Byline         string
	Excerpt        string
	SiteName       string
	Published      string
	Image          string
	URL            string
}

// ldObject is a decoded JSON object.
type ldObject = map[string]any

// ldGraph is every node found in a page's JSON-LD, and an index of those
// with an "@id".
type ldGraph struct {
	nodes []ldObject
	// schema[i] tells whether nodes[i] is under a schema.org @context.
	schema []bool
	byID   map[string]ldObject
}

// parseJSONLD decodes each script's text, skipping any that is too large
// or not valid JSON: bad JSON-LD is common and must not hide the rest.
func parseJSONLD(scripts []string) *ldGraph {
	g := &ldGraph{byID: map[string]ldObject{}}
	total := 0
	for i, src := range scripts {
		if i >= maxLDScripts {
			break
		}
		if len(src) > maxLDScriptBytes {
			continue
		}
		if total += len(src); total > maxLDTotalBytes {
			break
		}
		var v any
		if err := json.Unmarshal([]byte(stripCDATA(src)), &v); err != nil {
			continue
		}
		g.addRoot(v)
	}
	return g
}

// stripCDATA removes the <![CDATA[ ]]> (and <!-- -->) wrappers some CMSs
// put around script text, as Readability does for CDATA.
func stripCDATA(s string) string {
	s = strings.TrimSpace(s)
	for _, w := range [][2]string{{"<![CDATA[", "]]>"}, {"<!--", "-->"}} {
		if strings.HasPrefix(s, w[0]) {
			s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(s, w[0])), w[1]))
		}
	}
	return s
}

// addRoot adds a script's top-level value: an object, or an array of
// objects, each with its own @context and maybe a @graph.
func (g *ldGraph) addRoot(v any) {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if o, ok := e.(ldObject); ok {
				g.addObject(o, isSchemaContext(o["@context"]))
			}
		}
	case ldObject:
		g.addObject(x, isSchemaContext(x["@context"]))
	}
}

// addObject adds o and the nodes of its @graph, which inherit its context.
func (g *ldGraph) addObject(o ldObject, schema bool) {
	g.addNode(o, schema)
	if graph, ok := o["@graph"].([]any); ok {
		for _, e := range graph {
			if n, ok := e.(ldObject); ok {
				if c, has := n["@context"]; has {
					g.addNode(n, isSchemaContext(c))
				} else {
					g.addNode(n, schema)
				}
			}
		}
	}
}

func (g *ldGraph) addNode(o ldObject, schema bool) {
	if len(g.nodes) >= maxLDNodes {
		return
	}
	g.nodes = append(g.nodes, o)
	g.schema = append(g.schema, schema)
	if id, ok := o["@id"].(string); ok && id != "" {
		if _, dup := g.byID[id]; !dup {
			g.byID[id] = o
		}
	}
}

// isSchemaContext reports whether a @context refers to schema.org: the
// URL itself, an object whose @vocab is it, or an array holding either.
// Readability accepts only the plain URL; real pages use all three.
func isSchemaContext(c any) bool {
	switch x := c.(type) {
	case string:
		return isSchemaURL(x)
	case ldObject:
		v, _ := x["@vocab"].(string)
		return isSchemaURL(v)
	case []any:
		for _, e := range x {
			if isSchemaContext(e) {
				return true
			}
		}
	}
	return false
}

// isSchemaURL matches http(s)://schema.org with an optional slash.
func isSchemaURL(s string) bool {
	s = strings.TrimSuffix(strings.TrimSpace(asciiLower(s)), "/")
	return s == "http://schema.org" || s == "https://schema.org"
}

// articleTypes are schema.org's Article and its subtypes, as Readability
// lists them (https://schema.org/Article).
var articleTypes = map[string]bool{
	"Article": true, "AdvertiserContentArticle": true, "NewsArticle": true,
	"AnalysisNewsArticle": true, "AskPublicNewsArticle": true, "BackgroundNewsArticle": true,
	"OpinionNewsArticle": true, "ReportageNewsArticle": true, "ReviewNewsArticle": true,
	"Report": true, "SatiricalArticle": true, "ScholarlyArticle": true,
	"MedicalScholarlyArticle": true, "SocialMediaPosting": true, "BlogPosting": true,
	"LiveBlogPosting": true, "DiscussionForumPosting": true, "TechArticle": true,
	"APIReference": true,
}

// isArticleType reports whether a @type (a string or an array of them)
// names an article type. Prefixed forms ("schema:NewsArticle",
// "http://schema.org/NewsArticle") count.
func isArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		if i := strings.LastIndexAny(x, "/:"); i >= 0 {
			x = x[i+1:]
		}
		return articleTypes[strings.TrimSpace(x)]
	case []any:
		for _, e := range x {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

// hasType reports whether a @type is or contains want.
func hasType(t any, want string) bool {
	switch x := t.(type) {
	case string:
		if i := strings.LastIndexAny(x, "/:"); i >= 0 {
			x = x[i+1:]
		}
		return x == want
	case []any:
		for _, e := range x {
			if hasType(e, want) {
				return true
			}
		}
	}
	return false
}

// article returns the page's first schema.org article node, or nil.
func (g *ldGraph) article() ldObject {
	for i, n := range g.nodes {
		if g.schema[i] && isArticleType(n["@type"]) {
			return n
		}
	}
	return nil
}

// resolve follows an {"@id": …} reference to the node it names, when the
// page defines it; other values are returned unchanged.
func (g *ldGraph) resolve(v any) any {
	o, ok := v.(ldObject)
	if !ok {
		return v
	}
	id, ok := o["@id"].(string)
	if !ok {
		return v
	}
	// A node that carries its own data is not a bare reference.
	if _, named := o["name"]; named {
		return v
	}
	if _, hasURL := o["url"]; hasURL {
		return v
	}
	if full, ok := g.byID[id]; ok {
		return full
	}
	return v
}

// extract reads the article node's fields.
func (g *ldGraph) extract() ldArticle {
	a := g.article()
	if a == nil {
		return ldArticle{SiteName: g.websiteName()}
	}
	var out ldArticle
	out.Name, _ = a["name"].(string)
	out.Headline, _ = a["headline"].(string)
	out.Byline = g.authors(a["author"])
	out.Excerpt, _ = a["description"].(string)
	out.SiteName = g.name(a["publisher"])
	if out.SiteName == "" {
		out.SiteName = g.websiteName()
	}
	out.Published, _ = a["datePublished"].(string)
	out.Image = g.imageURL(a["image"], 0)
	out.URL, _ = a["url"].(string)
	return out
}

// name returns the "name" of an object (or the first of an array of them),
// following an @id reference.
func (g *ldGraph) name(v any) string {
	switch x := g.resolve(v).(type) {
	case ldObject:
		s, _ := x["name"].(string)
		return strings.TrimSpace(s)
	case []any:
		for _, e := range x {
			if s := g.name(e); s != "" {
				return s
			}
		}
	}
	return ""
}

// authors joins the names of an article's authors with ", " (as
// Readability does for an array). A plain string counts when it is not a
// URL (some sites put the author's profile URL there).
func (g *ldGraph) authors(v any) string {
	var names []string
	add := func(e any) {
		if len(names) >= maxLDAuthors {
			return
		}
		switch x := g.resolve(e).(type) {
		case string:
			if s := strings.TrimSpace(x); s != "" && !looksLikeURL(s) {
				names = append(names, s)
			}
		case ldObject:
			if s, ok := x["name"].(string); ok && strings.TrimSpace(s) != "" {
				names = append(names, strings.TrimSpace(s))
			}
		}
	}
	if arr, ok := v.([]any); ok {
		for _, e := range arr {
			add(e)
		}
	} else {
		add(v)
	}
	return strings.Join(names, ", ")
}

// websiteName is the name of the page's WebSite node, the site-name
// fallback when the article names no publisher.
func (g *ldGraph) websiteName() string {
	for i, n := range g.nodes {
		if g.schema[i] && hasType(n["@type"], "WebSite") {
			if s, ok := n["name"].(string); ok && strings.TrimSpace(s) != "" {
				return strings.TrimSpace(s)
			}
		}
	}
	return ""
}

// maxImageDepth bounds the ImageObject → url → … chain followed.
const maxImageDepth = 4

// imageURL returns the first image URL of an "image" value: a URL string,
// an ImageObject (url or contentUrl), or an array of either.
func (g *ldGraph) imageURL(v any, depth int) string {
	if depth > maxImageDepth {
		return ""
	}
	switch x := g.resolve(v).(type) {
	case string:
		return strings.TrimSpace(x)
	case ldObject:
		if s := g.imageURL(x["url"], depth+1); s != "" {
			return s
		}
		return g.imageURL(x["contentUrl"], depth+1)
	case []any:
		for _, e := range x {
			if s := g.imageURL(e, depth+1); s != "" {
				return s
			}
		}
	}
	return ""
}

// looksLikeURL reports strings that are addresses, not names.
func looksLikeURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "//")
}
