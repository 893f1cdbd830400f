package detect

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tidings-app/tidings/wasm/rules"
)

// subscribe-box: an e-mail sign-up form with newsletter wording.
//
// Why: newsletter promos are the most common appeal inside articles (37
// labels on 22 of the 54 labelled pages); their markup varies, but every
// one is a form with an e-mail field and a few words about a newsletter,
// sign-up or inbox. Forms with a password field are log-in or
// registration forms (signup-box), forms with a text area are comment or
// contact forms: neither is a newsletter. A promo without a form counts
// when it links to a newsletter page and says "newsletter" beside the
// link.

// newsletterWords say "newsletter" or "sign up for e-mail" (lowercased;
// English, Russian, German, French, Spanish, Italian, Japanese).
var newsletterWords = []string{
	"newsletter", "sign up", "signup", "sign-up", "subscribe", "inbox", "mailing list",
	"email updates", "e-mail updates", "email alerts", "stay informed", "stay up to date",
	"keep up to date", "keep up-to-date", "stay current", "delivered to you", "delivered right to",
	"join our list", "get the latest", "weekly email", "daily email",
	"рассылк", "подпиш", "подпис", "abonnieren", "anmelden", "inscri", "abonne", "suscr",
	"boletín", "iscriviti", "メルマガ", "メールマガジン", "ニュースレター", "購読",
}

// newsletterStrong are the words that name a newsletter itself, which a
// promo without a form must use.
var newsletterStrong = []string{"newsletter", "inbox", "mailing list", "рассылк", "メルマガ", "ニュースレター"}

// notNewsletter is wording of forms that have an e-mail field and are not
// newsletter sign-ups.
var notNewsletter = []string{"password", "пароль", "passwort", "mot de passe", "send to a friend", "email this", "email a friend"}

// formWords are what a sign-up form beside an e-mail field says, besides
// newsletterWords ("Get updates", "Breaking news alerts").
var formWords = []string{"updates", "alerts", "digest", "briefing"}

// priceWords sell a paid subscription, which is not a newsletter even when
// its form asks for an e-mail address.
var priceWords = []string{"$", "€", "£", "% off", "price", "per month", "/month", "a month", "per year", "/year", "free trial"}

// newsletterNamed reports a class or id value naming a newsletter
// sign-up (names.go lists the names).
func newsletterNamed(nm string) bool { return scanNames(nm)&markNewsletter != 0 }

// newsletterWording reports newsletter sign-up wording.
func newsletterWording(s string) bool { return containsAny(s, newsletterWords) }

// newsletterLink reports a link to a newsletter sign-up page.
func newsletterLink(href string) bool {
	return strings.Contains(href, "newsletter") || strings.Contains(href, "list-manage.com") ||
		strings.Contains(href, "substack.com/subscribe")
}

// Boxes hold a few links (privacy policy, "more newsletters"), not a menu
// or a list of stories, and their text is not mostly links.
const (
	boxMaxPlainLinks = 4
	boxMaxLinkShare  = 0.5
	// formDepth is how far up a field's form is looked for.
	formDepth = 8
)

// sellingForm reports an element inside a form whose text names a price:
// a subscription offer asking for an e-mail address, not a newsletter.
func sellingForm(n *html.Node) bool {
	for p, i := n, 0; p != nil && i < formDepth; p, i = p.Parent, i+1 {
		if p.DataAtom == atom.Form {
			return containsAny(lowerText(p, policies[hSubscribe].maxRunes, nil), priceWords)
		}
	}
	return false
}

const (
	confNewsletterForm = 0.9
	confNewsletterLink = 0.75
)

// subscribeBox finds newsletter sign-up boxes (subscribe-box).
func (w *walker) subscribeBox(f *frame) {
	ft := &f.feat
	p := &policies[hSubscribe]
	if f.m.text > p.maxRunes || ft.password > 0 || ft.textarea > 0 || f.ctx&ctxNav != 0 {
		return
	}
	if plainLinks(&f.m, ft) > boxMaxPlainLinks || (f.m.text > 0 && float64(f.m.linkText) > boxMaxLinkShare*float64(f.m.text)) {
		return
	}
	switch {
	case ft.email > 0:
		s := lowerText(f.n, p.maxRunes, nil)
		if containsAny(s, notNewsletter) || containsAny(s, priceWords) || sellingForm(f.n) {
			return
		}
		if newsletterWording(s) || containsAny(s, formWords) || ft.nlMark > 0 {
			w.add(f, hSubscribe, rules.Newsletter, confNewsletterForm, true)
		}
	case ft.newsletter > 0 && f.n.DataAtom != 0 && !isInlineTag(f.n):
		// The words must be beside the link, not only in it (a menu's
		// "Newsletters" item is navigation).
		s := lowerText(f.n, p.maxRunes, isNewsletterLinkNode)
		if containsAny(s, newsletterStrong) {
			w.add(f, hSubscribe, rules.Newsletter, confNewsletterLink, true)
		}
	}
}

// isNewsletterLinkNode reports a link to a newsletter page.
func isNewsletterLinkNode(n *html.Node) bool {
	return n.DataAtom == atom.A && newsletterLink(strings.ToLower(attr(n, "href")))
}
