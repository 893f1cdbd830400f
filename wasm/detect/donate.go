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
var donationHosts = map[string]bool{
	"paypal.com": true, "paypal.me": true, "patreon.com": true, "gofundme.com": true, "ko-fi.com": true,
	"liberapay.com": true, "buymeacoffee.com": true, "donorbox.org": true, "opencollective.com": true,
	"givebutter.com": true, "flattr.com": true, "steadyhq.com": true, "tipeee.com": true, "boosty.to": true,
	"donationalerts.com": true, "fundly.com": true, "classy.org": true, "actblue.com": true, "every.org": true,
	"justgiving.com": true, "betterplace.org": true, "helloasso.com": true,
}

// donationPaths start the path segments of donation pages.
var donationPaths = []string{
	"donat", "contribute", "contribution", "support-us", "supportus", "support-our", "support-the-", "spenden",
	"donar", "faire-un-don", "soutenir", "soutenez", "sostienici", "become-a-supporter",
}

// donationPathStart marks the first bytes of donationPaths.
var donationPathStart = func() (t [256]bool) {
	for _, p := range donationPaths {
		t[p[0]] = true
	}
	return t
}()

// maxDonationSegment is the longest path segment taken for a donation
// page's name.
const maxDonationSegment = 20

// paymentLink reports an href (lowercased) that leads to giving money.
func paymentLink(href string) bool {
	if href == "" || href[0] == '#' || strings.HasPrefix(href, "javascript:") || strings.HasPrefix(href, "mailto:") {
		return false
	}
	host, rest := splitURL(href)
	if host != "" {
		if donationHosts[host] || strings.HasPrefix(host, "donate.") || strings.HasPrefix(host, "give.") {
			return true
		}
		if i := strings.IndexByte(host, '.'); i >= 0 && donationHosts[host[i+1:]] {
			return true
		}
	}
	// A page named for giving ("donate", "contribute-now"), not an
	// article slug that mentions it ("brendan-eich-contribution-to-…").
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i]
	}
	for rest != "" {
		seg := rest
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			seg, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		if seg != "" && len(seg) <= maxDonationSegment && donationPathStart[seg[0]] && hasPrefixAny(seg, donationPaths) {
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
