package rules

import "strings"

// Category says what a detected element is. Every rule has exactly one.
type Category string

// The categories. rules/README.md explains each; the extension's popup
// groups what it hid by them.
const (
	// Paywall: overlays, meters and "subscribe to continue reading" walls.
	Paywall Category = "paywall"
	// Donation: appeals for contributions, their payment widgets, and
	// "support us" slogans.
	Donation Category = "donation"
	// Newsletter: e-mail newsletter promos and sign-up forms.
	Newsletter Category = "newsletter"
	// Subscription: offers of a paid subscription or membership that do
	// not block the article ("Every story, yours for 99¢").
	Subscription Category = "subscription"
	// Signup: prompts to create an account or sign in (a registration wall
	// that withholds the article is Paywall).
	Signup Category = "signup"
	// Cookie: cookie and consent notices.
	Cookie Category = "cookie"
	// Social: share bars, follow buttons, embedded social widgets.
	Social Category = "social"
	// Comments: comment sections and their teasers.
	Comments Category = "comments"
	// Related: "read more", recommendations and content-recommendation
	// widgets (Outbrain, Taboola).
	Related Category = "related"
	// Ads: advertisements and sponsored blocks.
	Ads Category = "ads"
	// Promo: the publisher's own promotions: apps, podcasts, events, push
	// notifications.
	Promo Category = "promo"
	// Boilerplate: text that belongs to the site, not the article:
	// publisher blurbs, republishing notices, empty author-contact lines.
	Boilerplate Category = "boilerplate"
	// Annoyance: the stated default for rules imported from third-party
	// lists that no directive or keyword places elsewhere.
	Annoyance Category = "annoyance"
	// Other: anything else an author wants hidden.
	Other Category = "other"
)

// Categories lists every category in the order the popup shows them.
var Categories = []Category{Paywall, Donation, Newsletter, Subscription, Signup, Cookie, Social, Comments, Related, Ads, Promo, Boilerplate, Annoyance, Other}

// ParseCategory returns the category named s (case-insensitive).
func ParseCategory(s string) (Category, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, c := range Categories {
		if string(c) == s {
			return c, true
		}
	}
	return "", false
}

func categoryNames() string {
	names := make([]string, len(Categories))
	for i, c := range Categories {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
}

// CategorySource says where a rule's category came from, so a reader of
// `tidings rules lint` output can tell a deliberate category from a guess.
type CategorySource string

// Where a category can come from, in order of precedence.
const (
	FromRule      CategorySource = "rule"      // a :category() operator on the rule
	FromDirective CategorySource = "directive" // a "! Category:" line above it
	FromList      CategorySource = "list"      // "! Default-Category:" or the subscription's setting
	FromKeyword   CategorySource = "keyword"   // a keyword in the selector or phrase
	FromDefault   CategorySource = "default"   // nothing said: Annoyance
)

// categoryKeywords guesses a category from a rule's selector or phrase when
// nothing states one (third-party lists such as Fanboy's annoyance list
// carry no categories). The first entry whose keyword occurs wins, so more
// specific keywords come first. Keywords are matched case-insensitively as
// substrings; short ones that would match inside unrelated words
// ("cmp" in "cmpnt") are whole-word entries (word: true), where a word is a
// run of ASCII letters.
var categoryKeywords = []struct {
	kw   string
	word bool
	cat  Category
}{
	{"paywall", false, Paywall},
	{"regwall", false, Paywall},
	{"donat", false, Donation},
	{"contribution", false, Donation},
	{"support-us", false, Donation},
	{"supportus", false, Donation},
	{"patreon", false, Donation},
	{"newsletter", false, Newsletter},
	{"mailchimp", false, Newsletter},
	{"mc4wp", false, Newsletter},
	{"optin", false, Newsletter},
	{"opt-in", false, Newsletter},
	{"subscribe", false, Newsletter},
	{"cookie", false, Cookie},
	{"consent", false, Cookie},
	{"gdpr", false, Cookie},
	{"rgpd", false, Cookie},
	{"cmp", true, Cookie},
	{"signup", false, Signup},
	{"sign-up", false, Signup},
	{"signin", false, Signup},
	{"sign-in", false, Signup},
	{"login", false, Signup},
	{"register", false, Signup},
	{"disqus", false, Comments},
	{"comment", false, Comments},
	{"outbrain", false, Related},
	{"taboola", false, Related},
	{"related", false, Related},
	{"recommend", false, Related},
	{"social", false, Social},
	{"share", false, Social},
	{"sharing", false, Social},
	{"facebook", false, Social},
	{"twitter", false, Social},
	{"pinterest", false, Social},
	{"linkedin", false, Social},
	{"whatsapp", false, Social},
	{"follow-us", false, Social},
	{"smartbanner", false, Promo},
	{"smart-banner", false, Promo},
	{"app-banner", false, Promo},
	{"push-notification", false, Promo},
	{"onesignal", false, Promo},
}

// keywordsByPrefix indexes categoryKeywords by their first two letters
// (every keyword starts with two ASCII letters), so inference looks at
// each position of a selector once instead of searching it for every
// keyword.
var keywordsByPrefix = func() (t [26][26][]int) {
	for i, k := range categoryKeywords {
		t[k.kw[0]-'a'][k.kw[1]-'a'] = append(t[k.kw[0]-'a'][k.kw[1]-'a'], i)
	}
	return t
}()

// keywordFirst marks the letters keywords start with.
var keywordFirst = func() (t [256]bool) {
	for _, k := range categoryKeywords {
		t[k.kw[0]] = true
	}
	return t
}()

// InferCategory guesses a category from the text of a selector or phrase,
// or returns "" when no keyword occurs. The keyword listed first in
// categoryKeywords wins, wherever it occurs.
func InferCategory(s string) Category {
	best := len(categoryKeywords)
	for i := 0; i+1 < len(s); i++ {
		c0, c1 := asciiLower(s[i]), asciiLower(s[i+1])
		if !keywordFirst[c0] || c1 < 'a' || c1 > 'z' {
			continue
		}
		for _, ki := range keywordsByPrefix[c0-'a'][c1-'a'] {
			if ki >= best {
				break
			}
			k := &categoryKeywords[ki]
			end := i + len(k.kw)
			if end > len(s) || !equalFoldASCII(s[i:end], k.kw) {
				continue
			}
			if k.word && ((i > 0 && isASCIILetter(s[i-1])) || (end < len(s) && isASCIILetter(s[end]))) {
				continue
			}
			best = ki
			break
		}
	}
	if best == len(categoryKeywords) {
		return ""
	}
	return categoryKeywords[best].cat
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// Heuristic describes a built-in detector of package detect. Rule lines
// switch heuristics off (and on again) by id: `#@#:heuristic(ID)`.
type Heuristic struct {
	ID       string
	Category Category
	Doc      string
}

// Heuristics is the registry of heuristic ids that rule files may name.
// Package detect implements them; an id not listed here draws a lint
// warning, not an error, so lists written for newer versions still load.
var Heuristics = []Heuristic{
	{"overlay-scroll-lock", Paywall, "a fixed full-page overlay over a page whose scrolling is locked or whose text is blurred"},
	{"paywall-vendor", Paywall, "the markup of common paywall vendors (Piano, Poool, Pelcro, ...)"},
	{"donate-box", Donation, "a block asking for money: donate/support wording with a payment link or button"},
	{"subscribe-box", Newsletter, "a block with an e-mail field and newsletter/sign-up wording"},
	{"signup-box", Signup, "a registration or log-in prompt inside or over the article"},
	{"cookie-banner", Cookie, "a fixed notice asking to accept cookies"},
	{"share-bar", Social, "a row of share links to social networks"},
}

// AllHeuristics is the wildcard id: `#@#:heuristic(*)` switches every
// heuristic off.
const AllHeuristics = "*"

func knownHeuristic(id string) bool {
	if id == AllHeuristics {
		return true
	}
	for _, h := range Heuristics {
		if h.ID == id {
			return true
		}
	}
	return false
}

// Limits that bound what a hostile or broken rule file can cost. They are
// far above what real lists use (Fanboy's longest line is 7,210 bytes; its
// deepest selector nests 3 levels).
const (
	// MaxLineBytes: longer lines are rejected (long domain lists are the
	// only legitimate reason for long lines).
	MaxLineBytes = 32 << 10
	// MaxListBytes: a list larger than this is truncated with an error.
	MaxListBytes = 16 << 20
	// MaxRules: rules after this many in one list are ignored with an
	// error (EasyList, the largest common list, has about 70,000).
	MaxRules = 300_000
	// MaxSelectorBytes bounds one rule's selector (after the domains).
	MaxSelectorBytes = 4 << 10
	// MaxNesting bounds nested :has(), :not(), :is() and friends.
	MaxNesting = 8
	// MaxCompounds bounds compound selectors in one complex selector
	// (a b > c has 3).
	MaxCompounds = 32
	// MaxAlternatives bounds a selector list (a, b, c).
	MaxAlternatives = 64
	// MaxOps bounds the procedural operators after a selector.
	MaxOps = 8
	// MaxRegexBytes bounds a :has-text(/regex/) pattern.
	MaxRegexBytes = 1 << 10
	// maxRegexInsts bounds a compiled regex program (RE2 matches in time
	// linear in the input, but the program size multiplies it).
	maxRegexInsts = 5000
	// MaxListRegexInsts bounds the regex programs of one list together:
	// each compiled regex keeps memory in proportion to its program (about
	// 40 bytes an instruction), so 5,000 regexes of the largest size took
	// 1.8 GB. This bound allows about 8 MB: forty of them.
	MaxListRegexInsts = 200_000
	// MaxDomains bounds the domains of one rule.
	MaxDomains = 2048
	// MaxPhraseRunes bounds a similarity phrase (a few paragraphs).
	MaxPhraseRunes = 2000
	// MinPhraseRunes: shorter phrases match too much to be useful.
	MinPhraseRunes = 8
	// weakPhraseRunes: phrases shorter than this draw a warning.
	weakPhraseRunes = 16
)
