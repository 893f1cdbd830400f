package engine

// Result is the engine's answer for one page: the JSON contract shared by
// the CLI (`tidings clean --format json|jsonl`) and the JavaScript bridge.
// Field names are part of the extension's message protocol; add fields,
// never rename them.
type Result struct {
	// File is the path as given to the CLI; empty from the bridge.
	File string `json:"file,omitempty"`
	// URL is the page's address as given by the caller.
	URL string `json:"url"`
	// CanonicalURL is the page's own <link rel=canonical> or og:url, made
	// absolute, or "" when it declares none.
	CanonicalURL string `json:"canonicalUrl"`

	Title         string `json:"title"`
	Byline        string `json:"byline"`
	SiteName      string `json:"siteName"`
	PublishedTime string `json:"publishedTime"`
	Lang          string `json:"lang"`
	// Dir is the text direction ("ltr", "rtl") or "" when the page
	// does not say.
	Dir     string `json:"dir"`
	Excerpt string `json:"excerpt"`
	// Image is the lead image's absolute URL, or "".
	Image string `json:"image"`

	// Readerable tells whether the page looks like an article at all.
	Readerable     bool `json:"readerable"`
	ReadingMinutes int  `json:"readingMinutes"`
	// WordCount counts the words of TextContent.
	WordCount int `json:"wordCount"`

	// TextContent is the article as plain text, paragraphs separated by a
	// blank line.
	TextContent string `json:"textContent"`
	// Content is the article as sanitized HTML with absolute URLs.
	Content string `json:"content"`

	// Detections lists what is not the article: banners, appeals,
	// overlays, each with the rule or heuristic that found it.
	Detections []Detection `json:"detections"`
	// Paywalled is true when the page says the article is behind a wall:
	// a paywall prompt was detected, or the page declares the article not
	// free (schema.org isAccessibleForFree false). The reader view tells
	// the reader; Tidings never fetches the rest.
	Paywalled bool `json:"paywalled"`
	// RulesTruncated is true when the rules ran out of their work budget
	// on this page, so some were not evaluated, or when the page had more
	// than detect.MaxDetections (1,000) detections and only those kept
	// (paywall ones first, then the first in document order) are listed,
	// hidden and left out.
	RulesTruncated bool `json:"rulesTruncated,omitempty"`
	// Fingerprint is the article's story fingerprint for related coverage
	// (wasm/related: Fingerprint.MarshalText, base64 of at most 2,048
	// bytes). The WebAssembly bridge sets it on readerable pages so the
	// extension need not ask for it separately; Clean and the CLI leave
	// it empty.
	Fingerprint string `json:"fingerprint,omitempty"`
}

// Detection is one element of the page found to be boilerplate.
type Detection struct {
	// Category is what the element is: "paywall", "donation",
	// "newsletter", "cookie", "social", ...
	Category string `json:"category"`
	// Kind is how it was found: "css", "similarity" or "heuristic".
	Kind string `json:"kind"`
	// Rule is the rule that matched (css and similarity kinds).
	Rule *RuleRef `json:"rule,omitempty"`
	// Heuristic is the id of the built-in heuristic (heuristic kind).
	Heuristic string `json:"heuristic,omitempty"`
	// Confidence is between 0 and 1.
	Confidence float64 `json:"confidence"`
	// Locator finds the element in the live DOM.
	Locator Locator `json:"locator"`
	// Snippet is the start of the element's text.
	Snippet string `json:"snippet"`
	// Action is what to do with the element: "hide" (the default),
	// "remove", or "style" (apply Style instead of hiding: a rule's
	// :style() declarations, such as giving a locked page its scrolling
	// back). Style actions never hide the element.
	Action string `json:"action"`
	// Style holds the declarations of a "style" action.
	Style string `json:"style,omitempty"`
}

// RuleRef names the rule behind a detection.
type RuleRef struct {
	List string `json:"list"`
	Line int    `json:"line"`
	Text string `json:"text"`
}

// Locator identifies an element in the live page: the element-child index
// path from the document element (<html> is the empty path), checked by the
// tag name and a short hash of the element's normalized text, so the content
// script can verify it before hiding anything. Package locate defines and
// computes it.
type Locator struct {
	Path []int  `json:"path"`
	Tag  string `json:"tag"`
	Hash string `json:"hash"`
}
