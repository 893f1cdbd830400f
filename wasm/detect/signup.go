package detect

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tidings-app/tidings/wasm/rules"
)

// signup-box: a prompt to sign in, register or subscribe in order to read.
//
// Why: registration walls and paywall prompts that the page delivers with
// the article ("To Read the Full Story / Subscribe / Sign In", "Create a
// free account to continue reading") pair a sign-in, register or
// subscribe control with wording that ties it to reading. The site's own
// account links ("Sign In", "Subscribe" in the header) lack that wording,
// and are what the reader uses, so they stay. A prompt that withholds the
// article is a paywall; one that only asks for an account is a sign-up.

// authLabels are the labels of sign-in, register and subscribe controls.
var authLabels = map[string]bool{
	"sign in": true, "signin": true, "log in": true, "login": true, "log on": true, "register": true,
	"sign up": true, "create account": true, "create an account": true, "create a free account": true,
	"register now": true, "register for free": true, "join now": true, "join for free": true,
	"subscribe": true, "subscribe now": true, "subscribe today": true, "start your free trial": true,
	"войти": true, "вход": true, "зарегистрироваться": true, "подписаться": true, "anmelden": true,
	"registrieren": true, "abonnieren": true, "se connecter": true, "s'abonner": true, "s'inscrire": true,
	"iniciar sesión": true, "suscríbete": true, "ログイン": true, "会員登録": true,
}

// authPaths are path segments of sign-in, registration and subscription
// pages.
var authPaths = map[string]bool{
	"login": true, "signin": true, "sign-in": true, "register": true, "signup": true, "sign-up": true,
	"account": true, "subscribe": true, "subscription": true, "subscriptions": true, "log-in": true,
}

// authControl reports a control that signs in, registers or subscribes.
func authControl(href, label string) bool {
	if len(label) <= 40 && authLabels[strings.Trim(label, " !.›»→")] {
		return true
	}
	if href == "" || href[0] == '#' || strings.HasPrefix(href, "javascript:") {
		return false
	}
	_, rest := splitURL(href)
	return eachSegment(rest, func(seg string) bool { return authPaths[seg] })
}

// withholdWords tie a prompt to the article being withheld.
var withholdWords = []string{
	"to read the full", "to continue reading", "to keep reading", "to read this article",
	"to read this story", "to read more", "to read the rest", "to access this article", "to unlock",
	"subscribe to continue", "subscribe to read", "subscribers only", "for subscribers",
	"exclusive to subscribers", "subscriber-only", "subscriber exclusive", "already a subscriber",
	"already subscribed", "you have reached your", "you've reached your", "free articles",
	"free article", "article limit", "remaining this month", "чтобы продолжить чтение",
	"чтобы читать", "только для подписчиков", "weiterlesen mit", "pour lire la suite", "réservé aux abonnés",
}

// signupWords ask for an account to read or use the site.
var signupWords = []string{
	"create a free account", "create an account to", "create your free account", "register for free",
	"register to", "sign in to continue", "log in to continue", "sign up to read", "sign up for free",
	"already have an account", "join for free", "registration is free", "free registration",
}

// commentPrompt is wording of comment forms' sign-in prompts: the site's
// own feature, not a banner.
var commentPrompt = []string{"comment", "reply", "комментар"}

// paywallWording reports a prompt that withholds the article.
func paywallWording(s string) bool { return containsAny(s, withholdWords) }

// signupWording reports a prompt that asks for an account or withholds
// the article.
func signupWording(s string) bool { return containsAny(s, signupWords) || paywallWording(s) }

const (
	// minPromptRunes: a prompt says something besides its buttons ("To
	// read the full story").
	minPromptRunes    = 10
	confPaywallPrompt = 0.85
	confSignup        = 0.8
)

// signupBox finds sign-up prompts and paywall prompts (signup-box).
func (w *walker) signupBox(f *frame) {
	p := &policies[hSignup]
	if f.feat.auth == 0 || f.m.text-f.m.linkText < minPromptRunes || f.m.text > p.maxRunes ||
		f.ctx&(ctxNav|ctxLink) != 0 || isInlineTag(f.n) || plainLinks(&f.m, &f.feat) > boxMaxPlainLinks {
		return
	}
	// The prompt's words are beside its buttons, not only in them (a
	// "Register for free" menu item is the site's account link).
	s := lowerText(f.n, p.maxRunes, isAuthNode)
	if containsAny(s, commentPrompt) {
		return
	}
	switch {
	case paywallWording(s):
		w.add(f, hSignup, rules.Paywall, confPaywallPrompt, true)
	case containsAny(s, signupWords):
		w.add(f, hSignup, rules.Signup, confSignup, true)
	}
}

// isAuthNode reports a sign-in, register or subscribe link or button.
func isAuthNode(n *html.Node) bool {
	switch n.DataAtom {
	case atom.A, atom.Button:
		return authControl(strings.ToLower(attr(n, "href")), strings.ToLower(textOf(n, ctrlTextBytes, nil)))
	}
	return false
}
