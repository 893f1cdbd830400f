package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseLineKinds(t *testing.T) {
	tests := []struct {
		line      string
		kind      Kind
		exception bool
		skip      string // expected skip reason; "" when the line is a rule or ignored
		ignored   bool   // comment, header, blank
		domains   string
		notDoms   string
		body      string
	}{
		{line: "##.ad-banner", kind: KindCSS, body: ".ad-banner"},
		{line: "###cookie-notice", kind: KindCSS, body: "#cookie-notice"},
		{line: "example.com,Example.ORG,~sub.example.com##div.promo > p", kind: KindCSS, domains: "example.com,example.org", notDoms: "sub.example.com", body: "div.promo > p"},
		{line: "example.com#@#.promo", kind: KindCSS, exception: true, domains: "example.com", body: ".promo"},
		{line: "example.com#?#div:-abp-has(> form)", kind: KindCSS, domains: "example.com", body: "div:-abp-has(> form)"},
		{line: "example.com#@?#div:-abp-has(> form)", kind: KindCSS, exception: true, domains: "example.com", body: "div:-abp-has(> form)"},
		{line: "##:similar(we have a small favor to ask)", kind: KindSimilarity, body: ":similar(we have a small favor to ask)"},
		{line: "#@#:heuristic(donate-box)", kind: KindHeuristic, exception: true, body: ":heuristic(donate-box)"},
		{line: "example.com##:heuristic(*)", kind: KindHeuristic, domains: "example.com", body: ":heuristic(*)"},
		{line: "*##.generic", kind: KindCSS, body: ".generic"},
		{line: "example.*##.entity", kind: KindCSS, domains: "example.*", body: ".entity"},
		{line: "example.com##+js(set-constant, x, 1)", skip: SkipScriptlet},
		{line: "example.com#@#+js(set-constant, x, 1)", skip: SkipScriptlet},
		{line: "example.com#%#window.x = 1", skip: SkipScriptlet},
		{line: "example.com#$#body { overflow: auto }", skip: SkipCSSInjection},
		{line: "example.com##^script:has-text(ads)", skip: SkipHTMLFilter},
		{line: "example.com$$script[tag-content=\"ads\"]", skip: SkipHTMLFilter},
		{line: "||ads.example.com^$third-party", skip: SkipNetwork},
		{line: "/banner/*/img^", skip: SkipNetwork},
		{line: "||example.com/page#anchor", skip: SkipNetwork},
		{line: "@@||example.com^$elemhide", skip: SkipNetwork},
		{line: "! a comment", ignored: true},
		{line: "# a hosts-style comment", ignored: true},
		{line: "[Adblock Plus 2.0]", ignored: true},
		{line: "   ", ignored: true},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			l := Parse("t", tt.line)
			if l.Counts.Errors > 0 {
				t.Fatalf("unexpected errors: %+v", l.Diagnostics)
			}
			switch {
			case tt.skip != "":
				if len(l.Skipped) != 1 || l.Skipped[0].Reason != tt.skip {
					t.Fatalf("skipped = %+v, want reason %q", l.Skipped, tt.skip)
				}
				if len(l.Rules) != 0 {
					t.Fatalf("a skipped line produced rules: %+v", l.Rules)
				}
				return
			case tt.ignored:
				if len(l.Rules) != 0 || len(l.Skipped) != 0 {
					t.Fatalf("line should be ignored, got rules %d skipped %d", len(l.Rules), len(l.Skipped))
				}
				return
			}
			if len(l.Rules) != 1 {
				t.Fatalf("got %d rules, want 1; diagnostics %+v", len(l.Rules), l.Diagnostics)
			}
			r := l.Rules[0]
			if r.Kind != tt.kind || r.Exception != tt.exception || r.Body != tt.body {
				t.Errorf("kind %s exception %v body %q; want %s %v %q", r.Kind, r.Exception, r.Body, tt.kind, tt.exception, tt.body)
			}
			if got := strings.Join(r.Domains, ","); got != tt.domains {
				t.Errorf("domains %q, want %q", got, tt.domains)
			}
			if got := strings.Join(r.NotDomains, ","); got != tt.notDoms {
				t.Errorf("not-domains %q, want %q", got, tt.notDoms)
			}
			if r.Line != 1 || r.Text != strings.TrimSpace(tt.line) || r.List != "t" {
				t.Errorf("rule ref = %s:%d %q", r.List, r.Line, r.Text)
			}
		})
	}
}

func TestParseDiagnosticsKeepGoing(t *testing.T) {
	list := strings.Join([]string{
		"! Title: Broken on purpose", // 1
		"##.ok-1",                    // 2
		"##div[unclosed",             // 3 error
		"##.ok-2",                    // 4
		"bad domain!##.x",            // 5 error
		"##div:xpath(//div)",         // 6 warning: unsupported
		"##.ok-3::before",            // 7 warning: pseudo-element
		"##:has-text(/(a/)",          // 8 error: regex
		"##.x:style(background: url(https://evil.example/x.png))", // 9 error
		"##:similar(hi)",       // 10 error: phrase too short
		"! Category: nonsense", // 11 error
		"##a:hover",            // 12 warning: never matches
		"##.ok-4",              // 13
	}, "\n")
	l := Parse("broken", list)
	want := map[int]Severity{3: SeverityError, 5: SeverityError, 6: SeverityWarning, 7: SeverityWarning, 8: SeverityError, 9: SeverityError, 10: SeverityError, 11: SeverityError, 12: SeverityWarning}
	got := map[int]Severity{}
	for _, d := range l.Diagnostics {
		if d.Message == "" || d.Code == "" {
			t.Errorf("diagnostic without message or code: %+v", d)
		}
		got[d.Line] = d.Severity
	}
	for line, sev := range want {
		if got[line] != sev {
			t.Errorf("line %d: severity %q, want %q (all: %+v)", line, got[line], sev, l.Diagnostics)
		}
	}
	for line := range got {
		if _, ok := want[line]; !ok {
			t.Errorf("unexpected diagnostic on line %d: %+v", line, l.Diagnostics)
		}
	}
	var bodies []string
	for _, r := range l.Rules {
		bodies = append(bodies, r.Body)
	}
	if got := strings.Join(bodies, " "); got != ".ok-1 .ok-2 a:hover .ok-4" {
		t.Errorf("rules kept = %q", got)
	}
	if l.Counts.Errors != 6 || l.Counts.Warnings != 3 {
		t.Errorf("errors %d warnings %d, want 6 and 3", l.Counts.Errors, l.Counts.Warnings)
	}
	if l.Counts.ElementHiding != 11 || l.Counts.Rejected != 7 {
		t.Errorf("element-hiding %d rejected %d, want 11 and 7", l.Counts.ElementHiding, l.Counts.Rejected)
	}
}

func TestParseHeader(t *testing.T) {
	l := Parse("h", `[Adblock Plus 2.0]
! Title: Tidings default rules
! Version: 2026.11.21
! Expires: 4 days (update frequency)
! Homepage: https://example.org/tidings
! License: CC BY-SA 4.0
! Description: Paywalls, appeals and promos.
! Default-Category: donation
##.x
! Title: Not a header any more
`)
	h := l.Header
	if h.Format != "[Adblock Plus 2.0]" || h.Title != "Tidings default rules" || h.Version != "2026.11.21" ||
		h.Homepage != "https://example.org/tidings" || h.License != "CC BY-SA 4.0" || h.Description != "Paywalls, appeals and promos." {
		t.Errorf("header = %+v", h)
	}
	if h.Expires != "4 days (update frequency)" || h.ExpiresSeconds != 4*24*3600 {
		t.Errorf("expires %q = %d s", h.Expires, h.ExpiresSeconds)
	}
	if h.DefaultCategory != Donation {
		t.Errorf("default category %q", h.DefaultCategory)
	}
}

func TestParseExpires(t *testing.T) {
	tests := []struct {
		in   string
		secs int64
		ok   bool
	}{
		{"4 days", 4 * 86400, true},
		{"12 hours", 12 * 3600, true},
		{"1 day", 86400, true},
		{"9 days (update frequency)", 9 * 86400, true},
		{"30 minutes", 0, false},
		{"0 days", 0, false},
		{"soon", 0, false},
		{"1000 days", 60 * 86400, true}, // clamped to the maximum
	}
	for _, tt := range tests {
		secs, err := parseExpires(tt.in)
		if (err == nil) != tt.ok || secs != tt.secs {
			t.Errorf("parseExpires(%q) = %d, %v; want %d, ok=%v", tt.in, secs, err, tt.secs, tt.ok)
		}
	}
}

func TestCategories(t *testing.T) {
	src := `! Title: categories
##.cookie-bar
##.plain-thing
! Category: donation
##.plain-one
##.cookie-inside-donation-section
##.own:category(paywall)
! Category: default
##.plain-two
! Category: newsletter
##:similar(sign up for our free daily newsletter)
`
	l := Parse("c", src)
	if l.Counts.Errors > 0 {
		t.Fatalf("errors: %+v", l.Diagnostics)
	}
	want := []struct {
		body string
		cat  Category
		src  CategorySource
	}{
		{".cookie-bar", Cookie, FromKeyword},
		{".plain-thing", Annoyance, FromDefault},
		{".plain-one", Donation, FromDirective},
		{".cookie-inside-donation-section", Donation, FromDirective},
		{".own", Paywall, FromRule},
		{".plain-two", Annoyance, FromDefault},
		{":similar(sign up for our free daily newsletter)", Newsletter, FromDirective},
	}
	if len(l.Rules) != len(want) {
		t.Fatalf("got %d rules", len(l.Rules))
	}
	for i, w := range want {
		r := l.Rules[i]
		if r.Body != w.body || r.Category != w.cat || r.CategorySource != w.src {
			t.Errorf("rule %d: %q %s (%s), want %q %s (%s)", i, r.Body, r.Category, r.CategorySource, w.body, w.cat, w.src)
		}
	}
	// An unknown subscription category is an error, and ignored.
	bad := ParseSource(Source{Name: "s", Text: "##.cookie-bar", Category: "Bogus"})
	if bad.Counts.Errors != 1 || bad.Rules[0].Category != Cookie {
		t.Errorf("bogus source category: %+v %s", bad.Diagnostics, bad.Rules[0].Category)
	}
	// A subscription's category beats keyword guesses.
	sub := ParseSource(Source{Name: "s", Text: "##.cookie-bar\n##.x", Category: Social})
	for _, r := range sub.Rules {
		if r.Category != Social || r.CategorySource != FromList {
			t.Errorf("%s: %s (%s), want social from list", r.Body, r.Category, r.CategorySource)
		}
	}
}

func TestInferCategory(t *testing.T) {
	tests := []struct {
		in   string
		want Category
	}{
		{".cookie-consent", Cookie},
		{"#CookieBanner", Cookie},
		{".newsletter-signup", Newsletter}, // newsletter is listed before signup
		{"div[class^=\"paywall\"]", Paywall},
		{".donation-ask", Donation},
		{".contributor-name", ""}, // "contribution" does not match "contributor"
		{".cmp-banner", Cookie},
		{".cmpnt", ""}, // "cmp" is a whole-word keyword
		{".share-bar", Social},
		{".taboola-feed", Related},
		{".masthead", ""},
	}
	for _, tt := range tests {
		if got := InferCategory(tt.in); got != tt.want {
			t.Errorf("InferCategory(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPreprocessorBlocksSkipped(t *testing.T) {
	l := Parse("p", `##.before
!#if ext_abp
##.inside
!#if env_firefox
##.nested
!#endif
##.still-inside
!#else
##.else-branch
!#endif
##.after
!#include other.txt
!#endif
`)
	var bodies []string
	for _, r := range l.Rules {
		bodies = append(bodies, r.Body)
	}
	if got := strings.Join(bodies, " "); got != ".before .after" {
		t.Errorf("rules = %q", got)
	}
	if l.Counts.Skipped[SkipConditional] != 4 || l.Counts.Skipped[SkipInclude] != 1 {
		t.Errorf("skipped = %v", l.Counts.Skipped)
	}
	if l.Counts.Warnings != 1 { // the stray !#endif
		t.Errorf("warnings = %d: %+v", l.Counts.Warnings, l.Diagnostics)
	}
}

func TestParseLimits(t *testing.T) {
	long := "##." + strings.Repeat("a", MaxLineBytes)
	deep := "##" + strings.Repeat("div:not(", MaxNesting+2) + "p" + strings.Repeat(")", MaxNesting+2)
	hugeRegex := "##div:has-text(/" + strings.Repeat("a", MaxRegexBytes+1) + "/)"
	nestedRepeat := "##div:has-text(/((a{100}){100}){100}/)"
	manyDomains := strings.Repeat("a.com,", MaxDomains) + "b.com##.x"
	for _, line := range []string{long, deep, hugeRegex, nestedRepeat, manyDomains} {
		l := Parse("limits", line+"\n##.fine")
		if l.Counts.Errors != 1 {
			t.Errorf("%.40s…: %d errors, want 1: %+v", line, l.Counts.Errors, l.Diagnostics)
		}
		if len(l.Rules) != 1 || l.Rules[0].Body != ".fine" {
			t.Errorf("%.40s…: the following line was lost", line)
		}
	}
}

func TestHeuristicSwitchParse(t *testing.T) {
	l := Parse("h", "#@#:heuristic(no-such-thing)\n#@#:heuristic(Bad_ID)\n#@#:heuristic(donate-box)")
	if l.Counts.Errors != 1 || l.Counts.Warnings != 1 {
		t.Fatalf("errors %d warnings %d: %+v", l.Counts.Errors, l.Counts.Warnings, l.Diagnostics)
	}
	if len(l.Rules) != 2 || l.Rules[1].Heuristic != "donate-box" || !l.Rules[1].Exception {
		t.Fatalf("rules = %+v", l.Rules)
	}
}

func TestLintDuplicates(t *testing.T) {
	res := Lint("d", "##.a\na.com,b.com##.b\nb.com,a.com##.b\n##.a\nc.com##.a")
	var lines []int
	for _, d := range res.Diagnostics {
		if d.Code == CodeDuplicate {
			lines = append(lines, d.Line)
		}
	}
	if len(lines) != 2 || lines[0] != 3 || lines[1] != 4 {
		t.Errorf("duplicate lines = %v, want [3 4]", lines)
	}
	if res.Counts.Warnings != 2 || res.HasErrors() {
		t.Errorf("counts = %+v", res.Counts)
	}
}

func TestRuleAccessors(t *testing.T) {
	l := Parse("a", "##.x:style(overflow: auto !important)\n##.y:remove()\n##:similar(we have a small favor to ask):threshold(0.9)\n##.z")
	if len(l.Rules) != 4 {
		t.Fatalf("rules: %+v", l.Diagnostics)
	}
	if a := l.Rules[0].Action(); a.Kind != ActionStyle || a.Style != "overflow: auto !important" {
		t.Errorf("style action = %+v", a)
	}
	if a := l.Rules[1].Action(); a.Kind != ActionRemove {
		t.Errorf("remove action = %+v", a)
	}
	if r := &l.Rules[2]; r.Phrase() != "we have a small favor to ask" || r.Threshold() != 0.9 {
		t.Errorf("similarity = %q %v", r.Phrase(), r.Threshold())
	}
	if a := l.Rules[3].Action(); a.Kind != ActionHide {
		t.Errorf("default action = %+v", a)
	}
}

// TestReadmeExamples keeps the format spec honest: its complete example
// list lints clean and its fixture example parses.
func TestReadmeExamples(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "rules", "README.md"))
	if err != nil {
		t.Skipf("rules/README.md: %v", err)
	}
	blocks := strings.Split(string(b), "```")
	var list, fixture string
	for i := 1; i < len(blocks); i += 2 {
		body := blocks[i][strings.IndexByte(blocks[i], '\n')+1:]
		switch {
		case list == "" && strings.HasPrefix(body, "[Adblock Plus 2.0]"):
			list = body
		case fixture == "" && strings.HasPrefix(blocks[i], "html"):
			fixture = body
		}
	}
	if list == "" || fixture == "" {
		t.Fatal("README lost its example list or fixture")
	}
	res := Lint("README example", list)
	if res.Counts.Errors != 0 || res.Counts.Warnings != 0 {
		t.Errorf("example list: %+v", res.Diagnostics)
	}
	if res.Header.Title == "" || res.Header.ExpiresSeconds != 4*86400 || res.Counts.ByKind[KindSimilarity] != 3 || res.Counts.ByKind[KindHeuristic] != 1 {
		t.Errorf("example list: header %+v counts %+v", res.Header, res.Counts)
	}
	fx, err := ParseFixture("README fixture", fixture)
	if err != nil {
		t.Fatal(err)
	}
	if len(fx.Expect) != 2 || !strings.Contains(fx.URL, "themoscowtimes.com") {
		t.Errorf("fixture: %d expectations, URL %q", len(fx.Expect), fx.URL)
	}
	// The example list catches the example appeal and leaves the article.
	m := Compile(Parse("README example", list))
	if rep := fx.Check(m); !rep.Passed() {
		t.Errorf("README fixture fails with the README list: %v", rep.Failures)
	}
}

// TestListRegexBudget: a list's :has-text() regexes together compile to at
// most MaxListRegexInsts instructions; the regex that would go past it
// and every later one are errors, the list's other rules are kept, and
// another list has its own budget.
func TestListRegexBudget(t *testing.T) {
	var b strings.Builder
	const big = 60
	for i := range big {
		fmt.Fprintf(&b, "##p:has-text(/a%d{990}b{990}c{990}d{990}e{990}/)\n", i)
	}
	b.WriteString("##p:has-text(/small/)\n##.plain-rule\n")
	l := Parse("big", b.String())
	errLines := map[int]bool{}
	for _, d := range l.Diagnostics {
		if d.Severity == SeverityError {
			if !strings.Contains(d.Message, "instructions in all") {
				t.Errorf("line %d: unexpected error %q", d.Line, d.Message)
			}
			errLines[d.Line] = true
		}
	}
	fits := 0
	for fits < big && !errLines[fits+1] {
		fits++
	}
	if fits == 0 || fits == big {
		t.Fatalf("%d of %d large regexes compiled; the budget should stop some", fits, big)
	}
	for line := fits + 1; line <= big+1; line++ {
		if !errLines[line] {
			t.Errorf("line %d compiled after the budget was spent", line)
		}
	}
	if errLines[big+2] {
		t.Error("a plain rule after the budget was refused")
	}
	if got, want := len(l.Rules), fits+1; got != want {
		t.Errorf("%d rules kept, want %d", got, want)
	}
	if other := Parse("other", "##p:has-text(/a1{990}b{990}/)\n"); other.Counts.Errors != 0 {
		t.Errorf("another list's regex refused: %+v", other.Diagnostics)
	}
	// Rules refused for another reason do not spend the budget.
	b.Reset()
	for i := range big {
		fmt.Fprintf(&b, "##p:has-text(/a%d{990}b{990}c{990}d{990}e{990}/):bogus\n", i)
	}
	b.WriteString("##p:has-text(/small/)\n")
	if l := Parse("refused", b.String()); len(l.Rules) != 1 {
		t.Errorf("after %d refused rules, %d rules kept, want the last one", big, len(l.Rules))
	}
}
