package detect

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/document"
	"github.com/tidings-app/tidings/wasm/rules"
)

// TestHeuristicRegistry checks that the heuristics implemented here are
// the ones rule files may name, with the same default categories.
func TestHeuristicRegistry(t *testing.T) {
	if len(rules.Heuristics) != numHeuristics {
		t.Fatalf("rules.Heuristics has %d ids, detect implements %d", len(rules.Heuristics), numHeuristics)
	}
	want := map[string]rules.Category{}
	for _, h := range rules.Heuristics {
		want[h.ID] = h.Category
	}
	cats := [numHeuristics]rules.Category{
		hOverlay: rules.Paywall, hVendor: rules.Paywall, hDonate: rules.Donation, hSubscribe: rules.Newsletter,
		hSignup: rules.Signup, hCookie: rules.Cookie, hShare: rules.Social,
	}
	for h, id := range heuristicIDs {
		if c, ok := want[id]; !ok || c != cats[h] {
			t.Errorf("heuristic %q: registry category %q, detect's default %q", id, c, cats[h])
		}
	}
}

func TestShareTarget(t *testing.T) {
	tests := []struct {
		href string
		net  uint32
	}{
		{"https://www.facebook.com/sharer/sharer.php?u=x", netFacebook},
		{"https://m.facebook.com/dialog/share?href=x", netFacebook},
		{"https://twitter.com/intent/tweet?url=x", netTwitter},
		{"https://x.com/intent/post?text=x", netTwitter},
		{"https://www.linkedin.com/sharearticle?mini=true", netLinkedIn},
		{"https://api.whatsapp.com/send?text=x", netWhatsApp},
		{"whatsapp://send?text=x", netWhatsApp},
		{"https://vk.com/share.php?url=x", netVK},
		{"mailto:?subject=hi&body=x", netEmail},
		// Not shares: a profile, an article, an address, a relative link.
		{"https://twitter.com/nytimes", 0},
		{"https://www.facebook.com/groups/x", 0},
		{"https://news.example.com/share-prices-fall", 0},
		{"mailto:editor@example.com?subject=hi", 0},
		{"/sharer", 0},
		{"", 0},
	}
	for _, tt := range tests {
		net, ok := shareTarget(tt.href)
		if ok != (tt.net != 0) || net != tt.net {
			t.Errorf("shareTarget(%q) = %b, %v; want %b", tt.href, net, ok, tt.net)
		}
	}
}

func TestProfileTarget(t *testing.T) {
	tests := []struct {
		href string
		ok   bool
	}{
		{"https://twitter.com/examplenews", true},
		{"//www.facebook.com/politifact/", true},
		{"https://www.instagram.com/wearebreitbart/", true},
		{"https://twitter.com/", false},
		{"https://facebook.com", false},
		{"https://notfacebook.com/x", false},
		{"/about", false},
	}
	for _, tt := range tests {
		if _, ok := profileTarget(tt.href); ok != tt.ok {
			t.Errorf("profileTarget(%q) = %v, want %v", tt.href, ok, tt.ok)
		}
	}
}

func TestPaymentLink(t *testing.T) {
	tests := []struct {
		href string
		want bool
	}{
		{"/contribute?utm_source=header", true},
		{"https://support.theguardian.com/contribute", true},
		{"https://www.paypal.com/donate?hosted_button_id=x", true},
		{"https://www.patreon.com/sleyca", true},
		{"https://donate.wikimedia.org/", true},
		{"/donate-now", true},
		{"/support-us", true},
		// Not giving money: help pages, authors, slugs that mention it.
		{"/support", false},
		{"https://support.google.com/answer/1", false},
		{"https://www.wired.com/author/contributor-name", false},
		{"/contributors/jane-doe", false},
		{"https://www.latimes.com/la-me-brendan-eich-contribution-to-prop-8", false},
		{"#donate", false},
		{"javascript:donate()", false},
	}
	for _, tt := range tests {
		if got := paymentLink(tt.href); got != tt.want {
			t.Errorf("paymentLink(%q) = %v, want %v", tt.href, got, tt.want)
		}
	}
}

func TestAuthControl(t *testing.T) {
	tests := []struct {
		href, label string
		want        bool
	}{
		{"", "sign in", true},
		{"", "subscribe now", true},
		{"/account/login?return=x", "", true},
		{"https://example.com/subscribe", "offers", true},
		{"/accounting-news", "accounting", false},
		{"/register-of-lobbyists", "the register", false},
		{"#", "read more", false},
	}
	for _, tt := range tests {
		if got := authControl(tt.href, tt.label); got != tt.want {
			t.Errorf("authControl(%q, %q) = %v, want %v", tt.href, tt.label, got, tt.want)
		}
	}
}

func TestScanNames(t *testing.T) {
	tests := []struct {
		names string
		want  uint32
	}{
		{"main-menu", markNav},
		{"nav-global site-header", markNav},
		{"navigation-bar", 0}, // "navigation" must be a whole token
		{"canvas", 0},
		{"CookieNotice", markCookie},
		{"qc-cmp2-container", markCookie},
		{"cmp", markCookie},
		{"cmpetition", 0},
		{"c-newsletter_signup_box", markNewsletter},
		{"tp-modal", markVendor | markOverlay},
		{"nyp-piano-flyout hide", markVendor},
		{"piano-lessons", 0},
		{"paywall-modal", markSitePrompt},
		{"paywall", 0},
		{"article-body blurred", markBlur},
		{"blur-up lazyload", 0},
	}
	for _, tt := range tests {
		if got := scanNames(tt.names); got != tt.want {
			t.Errorf("scanNames(%q) = %b, want %b", tt.names, got, tt.want)
		}
	}
}

func TestWording(t *testing.T) {
	tests := []struct {
		name string
		f    func(string) bool
		in   string
		want bool
	}{
		{"cookie", cookieWording, "we use cookies to improve your experience", true},
		{"cookie", cookieWording, "your privacy is important to us. we have updated our privacy policy", true},
		{"cookie", cookieWording, "cookie policy", false},
		{"cookie", cookieWording, "grandma's cookie recipe", false},
		{"newsletter", newsletterWording, "get the best stories delivered to your inbox", true},
		{"newsletter", newsletterWording, "подписка на рассылку", true},
		{"newsletter", newsletterWording, "read the full report", false},
		{"appeal", appealWording, "… we have a small favor to ask", true},
		{"appeal", appealWording, "super supportive by sleyca", false},
		{"paywall", paywallWording, "to read the full story subscribe sign in", true},
		{"paywall", paywallWording, "continue reading the main story", false},
		{"follow", followWording, "facebook twitter instagram", true},
		{"follow", followWording, "republicans are following trump", false},
	}
	for _, tt := range tests {
		if got := tt.f(tt.in); got != tt.want {
			t.Errorf("%s wording %q = %v, want %v", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestAppealSlogan(t *testing.T) {
	tests := []struct {
		label string
		want  bool
	}{
		{"support the moscow times!", true},
		{"donate to wikipedia today", true},
		{"donate", false},                               // a menu item, too short
		{"read our coverage", false},                    // no appeal
		{strings.Repeat("support our work ", 5), false}, // a sentence, not a slogan
	}
	for _, tt := range tests {
		if got := appealSlogan(tt.label); got != tt.want {
			t.Errorf("appealSlogan(%q) = %v, want %v", tt.label, got, tt.want)
		}
	}
}

func TestStyles(t *testing.T) {
	full := []string{
		"position: fixed; inset: 0",
		"position:fixed;top:0;left:0;right:0;bottom:0;z-index:99",
		"position: absolute; top: 0px; left: 0; width: 100%; height: 100%",
		"POSITION: FIXED; WIDTH: 100VW; HEIGHT: 100VH",
	}
	for _, s := range full {
		if !fullPage(parseStyle(s)) {
			t.Errorf("fullPage(%q) = false", s)
		}
	}
	partial := []string{"position: fixed; bottom: 0; left: 0; right: 0", "position: relative; inset: 0", "top: 0; left: 0", ""}
	for _, s := range partial {
		if st := parseStyle(s); st != nil && fullPage(st) {
			t.Errorf("fullPage(%q) = true", s)
		}
	}
	locked := []string{`<body style="overflow: hidden !important">`, `<body class="page modal-open">`, `<body style="position:fixed;top:-300px">`}
	for _, s := range locked {
		if !pageLocked(firstElement(t, s, "body")) {
			t.Errorf("pageLocked(%s) = false", s)
		}
	}
	if pageLocked(firstElement(t, `<body class="home" style="overflow-x: hidden">`, "body")) {
		t.Error("a page hiding horizontal overflow is not locked")
	}
}

func TestDeclaredPaywall(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{`<script type="application/ld+json">{"isAccessibleForFree": false, "hasPart": {}}</script>`, true},
		{`<script type="application/ld+json">{"isAccessibleForFree":"False"}</script>`, true},
		{`<script type="application/ld+json">{"isAccessibleForFree": true}</script>`, false},
		{`<script>var isAccessibleForFree = false;</script>`, false},
		{`<meta itemprop="isAccessibleForFree" content="false">`, true},
		{`<meta property="article:content_tier" content="locked">`, true},
		{`<meta property="article:content_tier" content="metered">`, false},
	}
	for _, tt := range tests {
		doc, err := document.Parse("<html><head>" + tt.src + "</head><body><p>x</p></body></html>")
		if err != nil {
			t.Fatal(err)
		}
		if got := Run(doc, "", nil, Options{}).Paywalled; got != tt.want {
			t.Errorf("Paywalled for %s = %v, want %v", tt.src, got, tt.want)
		}
	}
}

func TestCountRunes(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"  a  b  ", 5}, // leading space, a, space, b, trailing space
		{"été\n\t ok", 6},
		{"東京\u3000都", 4},
	}
	for _, tt := range tests {
		space := false
		if got := countRunes(tt.in, &space); got != tt.want {
			t.Errorf("countRunes(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// TestIsSpace checks the shortcut against unicode.IsSpace for every rune.
func TestIsSpace(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := isSpace(r), unicode.IsSpace(r); got != want {
			t.Fatalf("isSpace(%U) = %v, want %v", r, got, want)
		}
	}
}

func TestSnippet(t *testing.T) {
	n := firstElement(t, `<div id=x> Share <b>this</b>
		<script>x()</script><p>now</p>`+strings.Repeat(" word", 100)+`</div>`, "div")
	got := Snippet(n)
	if !strings.HasPrefix(got, "Share this now word") {
		t.Errorf("Snippet = %q", got)
	}
	if r := len([]rune(got)); r > SnippetRunes {
		t.Errorf("Snippet has %d runes, want at most %d", r, SnippetRunes)
	}
}

// firstElement parses src and returns its first element named tag.
func firstElement(t *testing.T, src, tag string) *html.Node {
	t.Helper()
	doc, err := document.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	n := document.Find(doc, tag)
	if n == nil {
		t.Fatalf("no <%s> in %s", tag, src)
	}
	return n
}
