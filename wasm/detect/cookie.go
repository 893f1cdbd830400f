package detect

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tidings-app/tidings/wasm/rules"
)

// cookie-banner: a notice about cookies or consent, with a way to agree.
//
// Why: cookie and consent notices say "cookies" (or, under privacy
// regimes, "we have updated our privacy policy") and offer a button to
// accept or close; consent platforms name their containers after
// themselves (OneTrust, Didomi, Cookiebot, Quantcast, Sourcepoint) or
// after cookies and consent. Wording alone is not enough (articles discuss
// cookies, footers link to the cookie policy): the notice must also have
// an accept control or a block named after cookies or consent.

// cookieNamed reports a class or id value naming a cookie or consent
// notice (names.go lists the names).
func cookieNamed(nm string) bool { return scanNames(nm)&markCookie != 0 }

// cookieTopic are the words of the notice's subject.
var cookieTopic = []string{"cookie", "куки", "クッキー", "gdpr", "dsgvo", "rgpd"}

// cookieAsk are the words that ask for agreement or say what cookies do.
var cookieAsk = []string{
	"we use", "uses cookies", "use of cookies", "use cookies", "using cookies", "accept", "agree",
	"consent", "continuing", "continue to use", "by using", "by browsing", "this site", "this website",
	"our site", "our website", "improve", "experience", "personalis", "personaliz", "analy",
	"используе", "соглас", "verwende", "akzeptier", "zustimm", "utilise", "accepte", "utiliza", "使用",
}

// privacyUpdate is the wording of notices about a changed privacy policy.
var privacyUpdate = []string{
	"updated our privacy policy", "privacy policy has been updated", "privacy policy has changed",
	"updated our privacy", "updated our terms", "changes to our privacy policy", "your privacy choices",
}

// cookieWording reports a cookie or privacy notice's wording.
func cookieWording(s string) bool {
	return (containsAny(s, cookieTopic) && containsAny(s, cookieAsk)) || containsAny(s, privacyUpdate)
}

// acceptLabels are the labels of buttons that accept or dismiss a notice.
var acceptLabels = map[string]bool{
	"accept": true, "i accept": true, "accept all": true, "accept cookies": true, "accept all cookies": true,
	"agree": true, "i agree": true, "agree and close": true, "agree & close": true, "ok": true, "okay": true,
	"ok, i understand": true, "ok, got it": true, "got it": true, "got it!": true, "allow": true,
	"allow all": true, "allow cookies": true, "close": true, "dismiss": true, "continue": true,
	"i understand": true, "understood": true, "yes": true, "yes, i agree": true, "x": true, "×": true,
	"принять": true, "согласен": true, "понятно": true, "ок": true, "хорошо": true, "закрыть": true,
	"akzeptieren": true, "zustimmen": true, "einverstanden": true, "alle akzeptieren": true,
	"accepter": true, "j'accepte": true, "d'accord": true, "tout accepter": true, "aceptar": true,
	"accetto": true, "accetta": true, "同意する": true, "同意": true, "閉じる": true,
}

func acceptLabel(label string) bool {
	return len(label) <= 40 && acceptLabels[strings.Trim(label, " !.")]
}

// acceptNamed reports a control named as an accept or close button.
func acceptNamed(nm string) bool {
	return eachToken(nm, func(t string) bool {
		return strings.Contains(t, "accept") || strings.Contains(t, "agree") || strings.Contains(t, "dismiss")
	})
}

const (
	confCookie = 0.9
	// cookieMaxPlainLinks: a notice links its policy and settings, and
	// consent dialogs their partners, but it is not a menu.
	cookieMaxPlainLinks = 8
)

// cookieBanner finds cookie and consent notices (cookie-banner).
func (w *walker) cookieBanner(f *frame) {
	ft := &f.feat
	p := &policies[hCookie]
	if ft.cookieMark+ft.accept == 0 || f.m.text == 0 || f.m.text > p.maxRunes || isInlineTag(f.n) ||
		plainLinks(&f.m, ft) > cookieMaxPlainLinks {
		return
	}
	// The words must be the notice's, not only a "Cookie policy" link's.
	if cookieWording(lowerText(f.n, p.maxRunes, isLinkNode)) {
		w.add(f, hCookie, rules.Cookie, confCookie, true)
	}
}

// isLinkNode reports a link.
func isLinkNode(n *html.Node) bool { return n.DataAtom == atom.A }
