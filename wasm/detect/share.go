package detect

import (
	"math/bits"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/rules"
)

// share-bar: a row of share buttons or of follow links.
//
// Why: share bars are the most common widget beside articles (35 of the
// 54 labelled pages have one) and the least stable in markup, but their
// links are not: every network has a fixed share endpoint
// (facebook.com/sharer, twitter.com/intent/tweet, ...), and icon-only
// buttons name the network in their aria-label, title or class. A row
// holding controls for at least two networks and little text is a share
// bar; a row of links to at least two networks' profile pages with little
// text (or "Follow us") is a follow widget. Both are category social.

// Network bits.
const (
	netFacebook uint32 = 1 << iota
	netTwitter
	netLinkedIn
	netPinterest
	netReddit
	netWhatsApp
	netTelegram
	netVK
	netOK
	netTumblr
	netPocket
	netEmail
	netInstagram
	netYouTube
	netTikTok
	netMastodon
	netOther
)

// shareEndpoints are the share URLs of the networks, by host: path
// prefixes (lowercased).
var shareEndpoints = map[string][]struct {
	prefix string
	net    uint32
}{
	"facebook.com":           {{"/sharer", netFacebook}, {"/share.php", netFacebook}, {"/dialog/share", netFacebook}, {"/dialog/feed", netFacebook}, {"/dialog/send", netFacebook}},
	"twitter.com":            {{"/intent/tweet", netTwitter}, {"/share", netTwitter}, {"/home?status", netTwitter}},
	"x.com":                  {{"/intent/", netTwitter}, {"/share", netTwitter}},
	"linkedin.com":           {{"/sharearticle", netLinkedIn}, {"/share", netLinkedIn}, {"/cws/share", netLinkedIn}},
	"pinterest.com":          {{"/pin/create", netPinterest}, {"/pin/find", netPinterest}},
	"reddit.com":             {{"/submit", netReddit}},
	"api.whatsapp.com":       {{"/send", netWhatsApp}},
	"web.whatsapp.com":       {{"/send", netWhatsApp}},
	"wa.me":                  {{"/?", netWhatsApp}},
	"t.me":                   {{"/share", netTelegram}},
	"telegram.me":            {{"/share", netTelegram}},
	"vk.com":                 {{"/share.php", netVK}},
	"vkontakte.ru":           {{"/share.php", netVK}},
	"connect.ok.ru":          {{"/offer", netOK}, {"/dk", netOK}},
	"odnoklassniki.ru":       {{"/dk?st.cmd=addshare", netOK}},
	"tumblr.com":             {{"/share", netTumblr}, {"/widgets/share", netTumblr}},
	"getpocket.com":          {{"/save", netPocket}, {"/edit", netPocket}},
	"news.ycombinator.com":   {{"/submitlink", netOther}},
	"flipboard.com":          {{"/bookmarklet", netOther}},
	"line.me":                {{"/r/msg", netOther}},
	"social-plugins.line.me": {{"", netOther}},
	"b.hatena.ne.jp":         {{"/entry", netOther}},
	"plus.google.com":        {{"/share", netOther}},
	"digg.com":               {{"/submit", netOther}},
	"mix.com":                {{"/add", netOther}},
	"xing.com":               {{"/spi/shares", netOther}, {"/social/share", netOther}},
	"bsky.app":               {{"/intent/compose", netOther}},
	"threads.net":            {{"/intent", netOther}},
	"buffer.com":             {{"/add", netOther}},
	"addtoany.com":           {{"/share", netOther}},
	"sharethis.com":          {{"/share", netOther}},
	"addthis.com":            {{"/bookmark", netOther}},
}

// shareTarget reports an href (lowercased) that shares the page on a
// network, or by e-mail (mailto: with a subject or body and no address).
func shareTarget(href string) (uint32, bool) {
	if href == "" || href[0] == '/' && (len(href) < 2 || href[1] != '/') || href[0] == '#' {
		return 0, false
	}
	if rest, ok := strings.CutPrefix(href, "mailto:"); ok {
		addr, query, _ := strings.Cut(rest, "?")
		if !strings.Contains(addr, "@") && (strings.Contains(query, "subject=") || strings.Contains(query, "body=")) {
			return netEmail, true
		}
		return 0, false
	}
	if strings.HasPrefix(href, "whatsapp://send") {
		return netWhatsApp, true
	}
	if strings.HasPrefix(href, "tg://msg") {
		return netTelegram, true
	}
	host, rest := splitURL(href)
	if host == "" {
		return 0, false
	}
	for _, e := range shareEndpoints[host] {
		if strings.HasPrefix(rest, e.prefix) {
			return e.net, true
		}
	}
	return 0, false
}

// profileHosts are the networks whose profile pages follow widgets link.
var profileHosts = map[string]uint32{
	"facebook.com": netFacebook, "fb.com": netFacebook, "twitter.com": netTwitter, "x.com": netTwitter,
	"linkedin.com": netLinkedIn, "pinterest.com": netPinterest, "reddit.com": netReddit,
	"instagram.com": netInstagram, "youtube.com": netYouTube, "t.me": netTelegram,
	"vk.com": netVK, "ok.ru": netOK, "tiktok.com": netTikTok, "tumblr.com": netTumblr,
	"flipboard.com": netOther, "threads.net": netOther, "bsky.app": netOther, "mastodon.social": netMastodon,
	"news.google.com": netOther, "line.me": netOther, "feedly.com": netOther,
}

// profileTarget reports an absolute link to a page on a social network
// (a profile, a channel): the links of follow widgets.
func profileTarget(href string) (uint32, bool) {
	host, rest := splitURL(href)
	if host == "" || rest == "" || rest == "/" || rest[0] == '#' {
		return 0, false
	}
	return hostIn(profileHosts, host)
}

// networkWords name the networks in labels and class names.
var networkWords = []struct {
	word string
	net  uint32
}{
	{"facebook", netFacebook}, {"twitter", netTwitter}, {"tweet", netTwitter}, {"linkedin", netLinkedIn},
	{"pinterest", netPinterest}, {"reddit", netReddit}, {"whatsapp", netWhatsApp}, {"telegram", netTelegram},
	{"vkontakte", netVK}, {"tumblr", netTumblr}, {"pocket", netPocket}, {"email", netEmail},
	{"e-mail", netEmail}, {"mail", netEmail}, {"instagram", netInstagram}, {"youtube", netYouTube},
	{"vk", netVK}, {"tiktok", netTikTok}, {"flipboard", netOther}, {"messenger", netOther},
	{"xing", netOther}, {"hatena", netOther}, {"bluesky", netOther}, {"threads", netOther},
}

// shareWords say "share" in the languages of the corpus; nonASCIIShare
// are those that need non-ASCII text.
var (
	nonASCIIShare = []string{"поделит", "シェア", "共有"}
	shareWords    = append([]string{"share", "sharing", "teilen", "partager", "compartir", "condividi"}, nonASCIIShare...)
)

// sharesWord reports share wording in a lowercased label or class name,
// including the share widgets' own names (AddThis, AddToAny, ShareThis).
func sharesWord(s string) bool {
	if strings.Contains(s, "shar") || strings.Contains(s, "tweet") || strings.Contains(s, "teilen") ||
		strings.Contains(s, "partag") || strings.Contains(s, "compartir") || strings.Contains(s, "condividi") ||
		strings.Contains(s, "addthis_button") || strings.Contains(s, "a2a_button") || strings.Contains(s, "at-svc") {
		return true
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return containsAny(s, nonASCIIShare)
		}
	}
	return false
}

// shareControl reports a link or button that shares the page but whose
// href does not say so (a script does it): its label or class names a
// network and says share ("Share on Facebook", "share-twitter",
// "addthis_button_facebook"), or it goes nowhere (href "#" or
// javascript:) and its label or a class token is a network's name.
func shareControl(n *html.Node, label, nm, href string) (uint32, bool) {
	if href == "" || href[0] == '#' || strings.HasPrefix(href, "javascript:") || href == "mailto:" {
		if net := exactNetwork(label); net != 0 {
			return net, true
		}
		net := uint32(0)
		eachToken(nm, func(t string) bool { net = exactNetwork(t); return net != 0 })
		if net != 0 {
			return net, true
		}
	}
	network := attr(n, "data-network")
	if containsFold(nm, "shar") || containsFold(nm, "tweet") || containsFold(nm, "a2a_") || containsFold(nm, "at-svc") {
		nm = strings.ToLower(nm)
	} else {
		nm = "" // the class says nothing about sharing
	}
	for _, s := range [...]string{label, nm, strings.ToLower(network), strings.ToLower(attr(n, "data-share"))} {
		// The share words first: they are rare, the networks' names are not.
		if s == "" || !(network != "" || sharesWord(s)) {
			continue
		}
		if net := networkOf(s); net != 0 {
			return net, true
		}
	}
	return 0, false
}

// exactNetwork returns the network that s names, whole ("Facebook",
// "fb", "twitter"), or 0.
func exactNetwork(s string) uint32 {
	switch strings.TrimSpace(s) {
	case "facebook", "fb":
		return netFacebook
	case "twitter", "tweet", "tw", "x":
		return netTwitter
	case "linkedin":
		return netLinkedIn
	case "pinterest":
		return netPinterest
	case "reddit":
		return netReddit
	case "whatsapp":
		return netWhatsApp
	case "telegram":
		return netTelegram
	case "vk", "vkontakte":
		return netVK
	case "email", "e-mail", "mail":
		return netEmail
	case "flipboard", "messenger", "xing", "pocket", "tumblr", "blogger", "stumbleupon", "google+", "line":
		return netOther
	}
	return 0
}

// shareItemNet is the network an attribute value names whole, or 0: an
// element other than a link or button that a share script turns into a
// button has a title, aria-label or data attribute naming a network
// (<li title="Facebook" data-url=…>, <span data-share="twitter">).
func shareItemNet(v string) uint32 {
	if len(v) > len("stumbleupon") {
		return 0
	}
	return exactNetwork(strings.ToLower(v))
}

// shareSlogan reports a share link whose own words invite sharing
// ("Retweet this article!", "Share on Facebook"): a one-button share
// widget.
func shareSlogan(label string) bool {
	words := len(strings.Fields(label))
	return words >= minSloganWords-1 && words <= maxShareSloganWords && (containsAny(label, shareWords) || strings.Contains(label, "tweet"))
}

// shareNames are parts of class and id names of share and follow widgets.
var shareNames = []string{"share", "social", "sharing", "follow"}

// shareNamed reports an element named after a share or follow widget.
func shareNamed(nm string) bool { return containsAny(nm, shareNames) }

func networkOf(s string) uint32 {
	for _, nw := range networkWords {
		if strings.Contains(s, nw.word) {
			return nw.net
		}
	}
	return 0
}

// Share-bar limits: a share control's label is a few words
// ("Share on Facebook", a counter), so a bar holds at most
// shareRunesPerControl runes per control plus shareRunesSlack.
const (
	shareRunesPerControl = 30
	shareRunesSlack      = 40
	// shareOtherLinks: a bar may hold a couple of other links ("Print",
	// "Comments") but not a menu.
	shareOtherLinks = 3
	// maxShareSloganWords: "Share this on Facebook", not a pull quote
	// ending in "Click to tweet".
	maxShareSloganWords = 6
	// shareSmallRunes: what a share bar's wrapper may add without saying
	// "share" ("Save", "858 shares").
	shareSmallRunes = 12
	// shareGrowLinks: the other links a wrapper may add ("Print").
	shareGrowLinks = 1
	// shareMaxAdded: a share bar's wrapper may add a heading and a
	// one-line "Read next" link.
	shareMaxAdded = 120
	confShareBar  = 0.9
	confFollowRow = 0.75
	minNetworks   = 2
)

// shareBar finds share bars and follow rows (share-bar).
func (w *walker) shareBar(f *frame) {
	ft := &f.feat
	if ft.share+ft.follow < minNetworks || f.m.prose > 0 || ft.inputs > 0 {
		return
	}
	if ft.share >= minNetworks && bits.OnesCount32(ft.nets) >= minNetworks &&
		f.m.text <= shareRunesSlack+shareRunesPerControl*ft.share &&
		f.m.links-ft.share-ft.follow <= shareOtherLinks {
		w.add(f, hShare, rules.Social, confShareBar, true)
		return
	}
	if ft.share == 0 && ft.follow >= minNetworks && bits.OnesCount32(ft.nets) >= minNetworks &&
		f.m.links-ft.follow <= shareOtherLinks && f.m.text <= shareRunesSlack+shareRunesPerControl*ft.follow {
		if f.m.text == 0 || followWording(lowerText(f.n, shareRunesSlack+shareRunesPerControl*ft.follow, nil)) {
			w.add(f, hShare, rules.Social, confFollowRow, true)
		}
	}
}

// shareWording: the heading of a share bar ("Share this:", "Share this
// article") or a follow widget ("Follow us").
func shareWording(s string) bool {
	return containsAny(s, shareWords) || followWording(s) || containsAny(s, followHeadings)
}

// followHeadings head follow widgets but also occur in prose, so they
// only let a row of follow buttons grow to its heading: "更新情報"
// ("updates"), as in "このブログの更新情報を配信しています！" above a
// Japanese blog's Feedly, RSS and Twitter buttons.
var followHeadings = []string{"更新情報"}

var followWords = []string{"follow us", "follow on", "follow the", "follow me", "follow @", "follow our", "connect with", "find us on", "join us on", "stay connected", "подпис", "folge", "suivez", "síguenos", "seguici", "フォロー"}

// followWording: the wording of a follow widget, or a row of bare
// network names ("Facebook Twitter Instagram").
func followWording(s string) bool {
	if containsAny(s, followWords) {
		return true
	}
	// Every word names a network.
	return strings.TrimSpace(s) != "" && !eachToken(strings.TrimSpace(s), func(t string) bool { return networkOf(t) == 0 })
}

// shareButtonRunes: a lone share button says "Share" or "Share this".
const (
	shareButtonRunes = 12
	confShareButton  = 0.7
)

// shareButton finds a lone share button that opens a script's share menu
// (share-bar): an element named as a share button or tool, with a word of
// text at most and no other link.
func (w *walker) shareButton(f *frame) {
	if f.marks&markShare == 0 || f.m.text > shareButtonRunes || f.m.links > 1 || f.feat.inputs > 0 ||
		f.feat.share+f.feat.follow > 1 || w.parentCtx()&ctxPara != 0 {
		return
	}
	if f.m.text > 0 && !containsAny(strings.ToLower(textOf(f.n, shareButtonRunes, nil)), shareWords) {
		return
	}
	w.add(f, hShare, rules.Social, confShareButton, true)
}
