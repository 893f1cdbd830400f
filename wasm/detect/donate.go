package detect

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tidings-app/tidings/wasm/rules"
)

// donate-box: a block asking for money, with a way to pay.
//
// Why: a donation appeal always carries a way to give (a link to a
// /donate or /contribute page, to PayPal, Patreon and the like, or a
// "Donate" button) and wording that asks for support. Either alone is
// common on news pages (articles discuss donations; menus link to
// /support help pages); together, in a block of banner size outside the
// navigation, they are an appeal. The block is the smallest element whose
// text, outside the payment links themselves, asks for support; a link
// whose own words are the appeal ("Support The Moscow Times!") is a
// slogan and is reported alone.

// donationHosts are payment and crowdfunding sites.
var donationHosts = []string{
	"paypal.com", "paypal.me", "patreon.com", "gofundme.com", "ko-fi.com", "liberapay.com",
	"buymeacoffee.com", "donorbox.org", "opencollective.com", "givebutter.com", "flattr.com",
	"steadyhq.com", "tipeee.com", "boosty.to", "donationalerts.com", "fundly.com", "classy.org",
	"actblue.com", "every.org", "justgiving.com", "betterplace.org", "helloasso.com",
}

// donationPaths are path segments of donation pages.
var donationPaths = []string{
	"donat", "contribute", "contribution", "support-us", "supportus", "support-our", "support-the-", "spenden",
	"donar", "faire-un-don", "soutenir", "soutenez", "sostienici", "become-a-supporter",
}

// maxDonationSegment is the longest path segment taken for a donation
// page's name.
const maxDonationSegment = 20

// paymentLink reports an href that leads to giving money.
func paymentLink(href string) bool {
	if href == "" || href[0] == '#' || strings.HasPrefix(href, "javascript:") {
		return false
	}
	rest := href
	if i := strings.Index(rest, "//"); i >= 0 && i < len("https://") {
		rest = rest[i+2:]
	}
	host, path, _ := strings.Cut(rest, "/")
	if strings.HasPrefix(href, "/") {
		host, path = "", href[1:]
	}
	for _, h := range donationHosts {
		if host == h || strings.HasSuffix(host, "."+h) {
			return true
		}
	}
	if strings.HasPrefix(host, "donate.") || strings.HasPrefix(host, "give.") {
		return true
	}
	for path != "" {
		seg := path
		if i := strings.IndexAny(path, "/?#&="); i >= 0 {
			seg, path = path[:i], path[i+1:]
		} else {
			path = ""
		}
		// A page named for giving ("donate", "contribute-now"), not an
		// article slug that mentions it ("brendan-eich-contribution-to-…").
		if len(seg) <= maxDonationSegment && hasPrefixAny(seg, donationPaths) {
			return true
		}
	}
	return false
}

// donateLabels are the labels of donate buttons (the whole label).
var donateLabels = map[string]bool{
	"donate": true, "donate now": true, "donate today": true, "give": true, "give now": true,
	"give today": true, "contribute": true, "contribute now": true, "make a contribution": true,
	"make a donation": true, "make a gift": true, "support us": true, "become a supporter": true,
	"spenden": true, "jetzt spenden": true, "faire un don": true, "donar": true, "dona ora": true,
	"пожертвовать": true, "поддержать": true, "поддержать нас": true, "寄付する": true,
	"paypal": true, "patreon": true, "ko-fi": true, "liberapay": true, "gofundme": true,
	"buy me a coffee": true, "become a patron": true,
}

func donateLabel(label string) bool {
	return len(label) <= 40 && donateLabels[strings.Trim(label, " !.›»→")]
}

// donationWords ask for money or support (lowercased; several languages).
var donationWords = []string{
	"donat", "contribut", "support", "favor to ask", "favour to ask", "needs your help",
	"rely on you", "rely on readers", "funded by readers", "reader-funded", "reader funded",
	"reader-supported", "chip in", "patreon", "paypal", "gofundme", "spende", "unterstütz",
	"пожертв", "поддерж", "faire un don", "soutenir", "soutenez", "donar", "apoya", "sostieni",
	"寄付", "支援",
}

// donationWording reports wording that asks for money or support.
func donationWording(s string) bool { return containsAny(s, donationWords) }

// appealWords are donationWords without the bare "support" (a title,
// a help link): what a wrapper must say to be part of an appeal.
var appealWords = []string{
	"donat", "contribut", "support us", "support our", "support the", "support independent",
	"your support", "favor to ask", "favour to ask", "needs your help", "rely on you", "rely on readers",
	"funded by readers", "reader-funded", "reader funded", "reader-supported", "chip in", "patreon", "paypal",
	"gofundme", "spende", "unterstütz", "пожертв", "поддержите", "faire un don", "soutenez", "donar", "寄付",
}

// appealWording reports wording that is an appeal beyond a doubt.
func appealWording(s string) bool { return containsAny(s, appealWords) }

// appealSlogan reports a payment link whose own label is an appeal of a
// few words ("Support The Moscow Times!", "Donate to Wikipedia"), not a
// bare "Donate" menu item.
func appealSlogan(label string) bool {
	words := strings.Fields(label)
	return len(words) >= minSloganWords && len(words) <= maxSloganWords && donationWording(label)
}

const (
	minSloganWords = 3
	maxSloganWords = 12
	confSlogan     = 0.8
	confDonateBox  = 0.85
)

// isPaymentNode reports a link or button that gives money.
func isPaymentNode(n *html.Node) bool {
	switch n.DataAtom {
	case atom.A, atom.Button:
		return paymentLink(strings.ToLower(strings.TrimSpace(attr(n, "href")))) ||
			donateLabel(strings.ToLower(textOf(n, ctrlTextBytes, nil)))
	}
	return false
}

// Donation boxes: an appeal has a button or two and maybe a "remind me
// later" link, not a menu; its text is not mostly links.
const (
	donateMaxPlainLinks = 3
	donateMaxLinkShare  = 0.5
	// payRowRunes: a row of payment buttons ("PayPal Patreon") says
	// little besides their names.
	payRowRunes = 60
)

// adBlockWords are the wording of ad-blocker notices, which ask for
// support too but are not donation appeals.
var adBlockWords = []string{"ad blocker", "ad-blocker", "adblock", "ad block"}

// donateBox finds donation appeals (donate-box).
func (w *walker) donateBox(f *frame) {
	p := &policies[hDonate]
	ft := &f.feat
	if ft.pay == 0 || f.m.text > p.maxRunes || f.ctx&(ctxNav|ctxLink) != 0 || isInlineTag(f.n) ||
		plainLinks(&f.m, ft) > donateMaxPlainLinks {
		return
	}
	// Two ways to pay and nothing else: a payment widget.
	if ft.pay >= 2 && plainLinks(&f.m, ft) == 0 && f.m.text <= payRowRunes {
		w.add(f, hDonate, rules.Donation, confDonateBox, true)
		return
	}
	if f.m.text > 0 && float64(f.m.linkText) > donateMaxLinkShare*float64(f.m.text) {
		return
	}
	s := lowerText(f.n, p.maxRunes, isPaymentNode)
	if donationWording(s) && !containsAny(s, adBlockWords) {
		w.add(f, hDonate, rules.Donation, confDonateBox, true)
	}
}

// donationNames are parts of class and id names of donation boxes.
var donationNames = []string{"donat", "contribution", "support-us", "supportus", "fundrais", "appeal"}

// donationNamed reports an element named after a donation appeal.
func donationNamed(nm string) bool { return containsAny(nm, donationNames) }
