package detect

import (
	"strings"

	"golang.org/x/net/html"
)

// paywall-vendor: the containers of paywall and subscription vendors.
//
// Why: most paywalls are not built by the publisher but by a vendor whose
// script fills containers with fixed names: Piano (formerly Tinypass:
// tp-modal, tp-backdrop, tp-container), Poool (poool-widget), Pelcro
// (pelcro-*), Zephr (zephr-*), LaterPay (laterpay-*), Steady
// (steady-paywall, steady-checkout), Memberful (memberful-*), BlueConic
// (bc_ dialogs named blueconic), Leaky Paywall (leaky_paywall_*). Sites
// also name their own prompts plainly (paywall-modal, paywall-overlay,
// paywall-prompt); a bare "paywall" class is not a prompt: publishers
// wrap the article itself in it to mark the metered text.

// promptSuffixes follow "paywall-" or "paywall_" in a site's own names for
// its prompt (not the article wrapper).
var promptSuffixes = []string{
	"modal", "overlay", "prompt", "message", "banner", "bar", "popup", "pop-up", "gate", "cta",
	"offer", "notice", "dialog", "container--modal", "inline-offer", "wall", "meter", "flyout",
	"interstitial", "upsell", "subscribe",
}

const (
	confVendor     = 0.9
	confSitePrompt = 0.8
)

// vendorConfidence returns the confidence of an element named as a
// paywall vendor's container or a site's paywall prompt (names.go lists
// the names).
func vendorConfidence(marks uint32) (float64, bool) {
	switch {
	case marks&markVendor != 0:
		return confVendor, true
	case marks&markSitePrompt != 0:
		return confSitePrompt, true
	}
	return 0, false
}

// jsonLDPaywalled reports a JSON-LD block that declares content not free
// (schema.org isAccessibleForFree false, Google's paywalled-content
// markup). A string test: the block is not parsed.
func jsonLDPaywalled(n *html.Node) bool {
	if !strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") || n.FirstChild == nil {
		return false
	}
	s := n.FirstChild.Data
	for {
		i := strings.Index(s, "isAccessibleForFree")
		if i < 0 {
			return false
		}
		s = s[i+len("isAccessibleForFree"):]
		v := strings.TrimLeft(s, "\"' \t\r\n:")
		if len(v) > len("false") {
			v = v[:len("false")]
		}
		if strings.EqualFold(v, "false") {
			return true
		}
	}
}

// metaPaywalled reports meta tags that declare the article not free:
// microdata isAccessibleForFree=false, or article:content_tier "locked"
// (Facebook's tag; "metered" articles are readable and do not count).
func metaPaywalled(n *html.Node) bool {
	content := func() string { return strings.TrimSpace(attr(n, "content")) }
	switch {
	case strings.EqualFold(attr(n, "itemprop"), "isAccessibleForFree"):
		return strings.EqualFold(content(), "false")
	case strings.EqualFold(attr(n, "property"), "article:content_tier"):
		return strings.EqualFold(content(), "locked")
	}
	return false
}
