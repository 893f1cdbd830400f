package detect

// Class and id names. Every element's id and class are read once, in one
// scan that finds all the keywords the heuristics care about: testing
// seventy substrings one by one on every element would cost more than the
// rest of the walk.

// Marks: what an element's names say it is.
const (
	markNav        uint32 = 1 << iota // a navigation menu
	markCookie                        // a cookie or consent notice
	markNewsletter                    // a newsletter sign-up
	markVendor                        // a paywall vendor's container
	markSitePrompt                    // a site's own paywall prompt ("paywall-modal")
	markBlur                          // blurred content
	markOverlay                       // a full-page overlay layer
	markShare                         // a share button or tool
)

// How a keyword must sit in the names. Names are read by segments: a
// segment starts a token, or follows "-" or "_", or is a capital after a
// lowercase letter ("cookie-notice", "js_cookie", "CookieNotice").
const (
	inside     = iota // at the start of any segment
	tokenStart        // at the start of a token
	wholeToken        // a whole token
	midToken          // at the start of a segment inside a token ("nyp-piano-flyout")
)

type nameKeyword struct {
	word string
	mode int
	mark uint32
}

// nameKeywords are the keywords, with the reason for each group at the
// heuristic that reads it.
var nameKeywords = func() []nameKeyword {
	var k []nameKeyword
	add := func(mode int, mark uint32, words ...string) {
		for _, w := range words {
			k = append(k, nameKeyword{w, mode, mark})
		}
	}
	// navNamed: menus named as such.
	add(wholeToken, markNav, "nav", "navbar", "navigation", "menu", "main-menu", "site-nav", "site-menu",
		"menu-list", "megamenu", "mega-menu")
	add(tokenStart, markNav, "nav-", "nav_", "menu-", "navbar-")
	// cookieNamed: consent platforms and cookie notices.
	add(inside, markCookie, "cookie", "consent", "gdpr", "onetrust", "didomi", "usercentrics", "truste",
		"quantcast", "qc-cmp", "sp_message", "iubenda", "osano", "termly", "borlabs", "cc-window",
		"cc-banner", "cmpbox", "privacy-banner", "privacy-notice", "privacy-consent")
	add(wholeToken, markCookie, "cmp")
	add(tokenStart, markCookie, "cmp-", "cmp_")
	// newsletterNamed: sign-up boxes and the mailing tools' embeds.
	add(inside, markNewsletter, "newsletter", "news-letter", "subscribe", "signup", "sign-up", "optin", "opt-in",
		"mailchimp", "mc4wp", "mc-embedded", "klaviyo", "convertkit", "mailerlite", "sendinblue", "substack")
	// vendorMarkup: paywall vendors' containers.
	add(tokenStart, markVendor, "tp-modal", "tp-backdrop", "tp-container", "tp-iframe-wrapper",
		"tp-template", "tinypass", "piano-paywall", "piano-offer", "piano-modal", "piano-inline",
		"piano-container", "piano-meter", "poool", "pelcro", "zephr", "laterpay", "lp_paywall",
		"steady-paywall", "steady-checkout", "steady-floating", "memberful", "blueconic", "bc-overlay",
		"leaky_paywall", "leaky-paywall", "pigeon-widget", "mediapass", "wallkit", "axate", "fewcents")
	add(midToken, markVendor, "piano-", "piano_", "tinypass", "poool", "zephr-", "pelcro-")
	for _, sep := range []string{"paywall-", "paywall_"} {
		for _, s := range promptSuffixes {
			add(tokenStart, markSitePrompt, sep+s)
		}
	}
	// overlay-scroll-lock: blurred content and overlay layers.
	add(wholeToken, markBlur, "blurred", "is-blurred", "paywall-blur", "content-blur", "text-blur",
		"article-blur", "blurred-content")
	add(wholeToken, markOverlay, "overlay", "modal-backdrop", "backdrop", "tp-backdrop", "tp-modal",
		"paywall-overlay", "modal-overlay", "reveal-overlay", "page-overlay", "site-overlay",
		"fullscreen-overlay", "overlay-wrapper", "modal-wrapper")
	// shareButton: share buttons that open a script's share menu.
	add(inside, markShare, "share-button", "share-tool", "sharebutton", "share-btn", "share-icon")
	add(wholeToken, markShare, "share", "share-link", "js-share", "sharing")
	return k
}()

// keywordsByByte indexes nameKeywords by their first byte; bigrams holds
// the keywords' first two bytes as a bit set, so that most segments of a
// name are passed over with one test.
var (
	keywordsByByte = func() (t [256][]int32) {
		for i, k := range nameKeywords {
			t[k.word[0]] = append(t[k.word[0]], int32(i))
		}
		return t
	}()
	bigrams = func() (t [1 << 16 / 64]uint64) {
		for _, k := range nameKeywords {
			b := int(k.word[0])<<8 | int(k.word[1])
			t[b/64] |= 1 << (b % 64)
		}
		return t
	}()
)

// isNameSep separates tokens of a class attribute.
func isNameSep(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// lowerASCII lowercases an ASCII letter.
func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasPrefixFold reports whether s starts with the lowercase word, ignoring
// the case of ASCII letters in s.
func hasPrefixFold(s, word string) bool {
	if len(s) < len(word) {
		return false
	}
	for j := 0; j < len(word); j++ {
		if lowerASCII(s[j]) != word[j] {
			return false
		}
	}
	return true
}

// scanNames returns the marks of an id or class value (any case).
func scanNames(nm string) uint32 {
	var marks uint32
	for i := 0; i+1 < len(nm); i++ {
		tokenFirst := i == 0 || isNameSep(nm[i-1])
		segmentFirst := tokenFirst || nm[i-1] == '-' || nm[i-1] == '_' ||
			('A' <= nm[i] && nm[i] <= 'Z' && 'a' <= nm[i-1] && nm[i-1] <= 'z')
		if !segmentFirst {
			continue
		}
		c := lowerASCII(nm[i])
		if b := int(c)<<8 | int(lowerASCII(nm[i+1])); bigrams[b/64]&(1<<(b%64)) == 0 {
			continue
		}
		for _, ki := range keywordsByByte[c] {
			k := &nameKeywords[ki]
			if marks&k.mark != 0 || !hasPrefixFold(nm[i:], k.word) {
				continue
			}
			end := i+len(k.word) == len(nm) || isNameSep(nm[i+len(k.word)])
			switch {
			case k.mode == inside, k.mode == tokenStart && tokenFirst, k.mode == wholeToken && tokenFirst && end,
				k.mode == midToken && !tokenFirst:
				marks |= k.mark
			}
		}
	}
	return marks
}
