package rules

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/document"
)

// selectorPage is the document the selector tests run on; every element
// that a test expects carries an id.
const selectorPage = `<!DOCTYPE html><html><head><title>t</title></head><body id="body">
<div id="wrap" class="wrapper main" data-role="page">
  <div id="promo" class="promo box" lang="en-GB">
    <h3 id="promo-title" class="title">Sign up for our newsletter</h3>
    <form id="promo-form" action="/newsletter/subscribe"><input id="email" type="email" name="email"><button id="go" type="submit">Sign up</button></form>
  </div>
  <p id="p1" class="text first">First paragraph about Syria.</p>
  <p id="p2" class="text">Second <a id="link" href="https://example.com/donate?x=1">donate</a> paragraph.</p>
  <p id="p3" class="Text">Case matters for classes.</p>
  <div id="empty" class="x"></div>
  <ul id="list"><li id="li1">one</li><li id="li2" class="odd">two</li><li id="li3">three</li></ul>
  <div id="cookie" class="cookie-banner" role="dialog" aria-label="Cookie notice">We use cookies. <button id="accept">Accept</button></div>
</div>
<div id="_under" class="ünïcode"></div>
</body></html>`

func parseSelectorPage(t testing.TB) *html.Node {
	t.Helper()
	doc, err := document.Parse(selectorPage)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// selectIDs runs a rule body's selector (and procedural steps) over the
// whole document and returns the ids of the elements selected.
func selectIDs(t *testing.T, doc *html.Node, body string) []string {
	t.Helper()
	prog, _, err := parseProgram(body)
	if err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	ev := testEvaluator(doc, prog)
	var nodes []int32
	for i := int32(0); i < int32(ev.tr.size()); i++ {
		if ev.matchGroup(prog.sel, i) {
			nodes = append(nodes, i)
		}
	}
	nodes = ev.applyOps(prog.ops, nodes)
	ids := make([]string, 0, len(nodes))
	for _, n := range nodes {
		ids = append(ids, attr(ev.tr.nodes[n], "id"))
	}
	sort.Strings(ids)
	return ids
}

// testEvaluator prepares doc for evaluating prog alone, as Match does.
func testEvaluator(doc *html.Node, prog *program) *evaluator {
	m := &Matcher{atoms: newAtomTable()}
	tab := m.tabOf(prog.tab, &compiler{tabs: map[*symtab]int32{}})
	prog.eachAttr(func(a *attrTest) { m.atoms.use(m.tabs[tab].atoms[a.id], true) })
	m.atoms.finish()
	tr := &tree{}
	tr.build(doc, m, true)
	ev := &evaluator{}
	ev.reset(tr, m)
	ev.tab = &m.tabs[tab]
	return ev
}

func TestSelectorMatching(t *testing.T) {
	doc := parseSelectorPage(t)
	tests := []struct {
		sel  string
		want string // space-separated ids, sorted
	}{
		{".promo", "promo"},
		{"#promo", "promo"},
		{"div.promo.box", "promo"},
		{".text", "p1 p2"},
		{".Text", "p3"},
		{"P.text", "p1 p2"},
		{"[data-role]", "wrap"},
		{"[data-role=page]", "wrap"},
		{`[data-role="PAGE" i]`, "wrap"},
		{`[action^="/newsletter"]`, "promo-form"},
		{`[href$="x=1"]`, "link"},
		{`[href*="donate"]`, "link"},
		{`[class~="first"]`, "p1"},
		{`[lang|="en"]`, "promo"},
		{`[aria-label="Cookie notice"]`, "cookie"},
		{"#wrap > p", "p1 p2 p3"},
		{"#wrap p a", "link"},
		{"#promo + p", "p1"},
		{"#promo ~ p", "p1 p2 p3"},
		{"h3 + form > input", "email"},
		{"div > div > h3", "promo-title"},
		{".promo, .cookie-banner", "cookie promo"},
		{"p:not(.first)", "p2 p3"},
		{"p:not(.first, .Text)", "p2"},
		{"div:is(.promo, .cookie-banner)", "cookie promo"},
		{"div:where(#empty)", "empty"},
		{"div:has(form)", "promo wrap"},
		{"div:has(> form)", "promo"},
		{"div:-abp-has(> h3 + form)", "promo"},
		{"div:has(:scope > form)", "promo"},
		{"div:if(input[type=email])", "promo wrap"},
		{"div:if-not(*)", "_under empty"},
		{"li:nth-child(2)", "li2"},
		{"li:first-child", "li1"},
		{"li:last-child", "li3"},
		{"div:empty", "_under empty"},
		{"p:has-text(Syria)", "p1"},
		{"p:has-text(syria)", ""},
		{"p:has-text(/syria/i)", "p1"},
		{`p:has-text(/(Syria|nothing)\./)`, "p1"},
		{`p:has-text(/\)/)`, ""},
		{"div:-abp-contains(We use cookies)", "cookie wrap"},
		{"div.cookie-banner:contains(cookies)", "cookie"},
		{"p:min-text-length(26)", "p1"},
		{"#go:upward(2)", "promo"},
		{"#go:nth-ancestor(1)", "promo-form"},
		{"#go:upward(.wrapper)", "wrap"},
		{"#go:upward(div:has(h3))", "promo"},
		{"#accept:upward(1):has-text(cookies)", "cookie"},
		{"#accept:upward(1):has-text(nope)", ""},
		{"#promo-title:upward(1) > form", "promo-form"},
		{"#promo-title:upward(1) input", "email"},
		{"h3:has-text(newsletter):upward(1)", "promo"},
		{`#\5f under`, "_under"},
		{`.ünïcode`, "_under"},
		{"*:not(html):not(head):not(body):not(div):not(p):not(li):not(ul):not(title):not(h3):not(form):not(input):not(button)", "link"},
		{"a:hover", ""},
		{"#promo#wrap", ""},
	}
	for _, tt := range tests {
		got := strings.Join(selectIDs(t, doc, tt.sel), " ")
		if got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.sel, got, tt.want)
		}
	}
}

func TestSelectorParseErrors(t *testing.T) {
	tests := []struct {
		sel         string
		unsupported bool
	}{
		{"div[", false},
		{"div[x=]", false},
		{"div]", false},
		{".", false},
		{"#", false},
		{"div >", false},
		{"> div", false},
		{"div:not(", false},
		{"div:not()", false},
		{"div:nope", false},
		{"div:has-text()", false},
		{"div:upward(0)", false},
		{"div:upward(999)", false},
		{"div:upward()", false},
		{"div:remove(x)", false},
		{"div:remove() .x", false},
		{"div:style(color: red)", false},
		{"div:style(display: none; background: url(x))", false},
		{"div:category(bogus)", false},
		{"div:threshold(0.9)", false},
		{":upward(2)", false},
		{"div:not(:similar(some phrase here))", false},
		{".a, .b:similar(some phrase here)", false},
		{":similar(x y)", false},
		{":similar(some phrase here):threshold(0.2)", false},
		{"div::before", true},
		{"div:xpath(//p)", true},
		{"div:matches-css(position: fixed)", true},
		{"svg|rect", true},
		{"div:matches(x)", true},
	}
	for _, tt := range tests {
		_, _, err := parseProgram(tt.sel)
		if err == nil {
			t.Errorf("%s: parsed, want an error", tt.sel)
			continue
		}
		if errors.Is(err, errUnsupported) != tt.unsupported {
			t.Errorf("%s: %v (unsupported=%v), want unsupported=%v", tt.sel, err, errors.Is(err, errUnsupported), tt.unsupported)
		}
	}
}

func TestSelectorKeys(t *testing.T) {
	tests := []struct {
		sel  string
		keys string // the keys the index files the selector under
	}{
		{"div#a.b[c]", "#a"},
		{"div.b.c", ".b"},
		{"div[data-x][class^=y]", "[class^y]"},
		{"div[data-x]", "[data-x]"},
		{"section > div", "div"},
		{"[class^=cookie]", "[class^cookie]"},
		{".a > :not(.b)", "*"},
		{"p:has-text(x)", "p"},
		{"iframe", "iframe"},
		{":is(div, section):is([class*=cookie], [id*=consent i])", "[class*cookie] [id*consent i]"},
		{":is(div, section, aside):not(.x)", "div section aside"},
		{":is(.a, :not(.b))", "*"},
		{":is(.a, #b, aside > iframe)", ".a #b iframe"},
	}
	for _, tt := range tests {
		prog, _, err := parseProgram(tt.sel)
		if err != nil {
			t.Fatalf("%s: %v", tt.sel, err)
		}
		m := &Matcher{atoms: newAtomTable()}
		tab := m.tabOf(prog.tab, &compiler{tabs: map[*symtab]int32{}})
		cx := &prog.sel[0]
		keys := subjectKeys(&cx.parts[len(cx.parts)-1], &gateBuilder{at: m.atoms, tab: &m.tabs[tab]})
		var got []string
		for _, k := range keys {
			switch k.kind {
			case keyID:
				got = append(got, "#"+k.name)
			case keyClass:
				got = append(got, "."+k.name)
			case keyTag:
				got = append(got, k.name)
			case keyAtom:
				a := m.atoms.tests[k.atom]
				flag := ""
				if a.fold {
					flag = " i"
				}
				op := ""
				if a.op != attrExists {
					op = string(rune(a.op))
				}
				got = append(got, "["+a.name+op+a.val+flag+"]")
			default:
				got = append(got, "*")
			}
		}
		if g := strings.Join(got, " "); g != tt.keys {
			t.Errorf("%s: keys %q, want %q", tt.sel, g, tt.keys)
		}
	}
}

func TestStyleValidation(t *testing.T) {
	ok := []string{"overflow: auto !important", "position: static; filter: none", "max-height: none;", "opacity: 1"}
	bad := []string{"", "color: red", "background-image: url(x)", "filter: url(#x)", "display: none; behavior: url(x.htc)",
		"width: expression(alert(1))", "display: block\\3b", "height: 10px /* */", "top: var(--x)}"}
	for _, s := range ok {
		if _, err := validateStyle(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	for _, s := range bad {
		if _, err := validateStyle(s); err == nil {
			t.Errorf("%q: accepted", s)
		}
	}
}

// TestCascadiaAgreement checks the selector engine against cascadia on
// the selectors both understand.
func TestCascadiaAgreement(t *testing.T) {
	doc := parseSelectorPage(t)
	sels := []string{
		"div", "p.text", "#wrap > p + p", "ul li:nth-child(odd)", "div div h3", "body > div > div > form > button",
		"[class]", "[class~=box]", "div:not([id])", "li ~ li", "p a", "*", "form > *", "div:has(li)", "div:empty",
		"li:nth-last-child(1)", "p:first-of-type", "li:only-child", "h3 ~ form input", "html body div div",
	}
	for _, s := range sels {
		if _, diff := cascadiaDisagreements(t, doc, s); len(diff) > 0 {
			t.Errorf("%s: %v", s, diff)
		}
	}
}

// cascadiaDisagreements runs selector s over doc with Tidings' evaluator
// and with cascadia, and describes each element on which they differ;
// it also returns the parsed program.
func cascadiaDisagreements(t *testing.T, doc *html.Node, s string) (*program, []string) {
	t.Helper()
	prog, _, err := parseProgram(s)
	if err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	want := map[*html.Node]bool{}
	for _, n := range cascadia.MustCompile(s).MatchAll(doc) {
		want[n] = true
	}
	ev := testEvaluator(doc, prog)
	var diff []string
	for i := range int32(ev.tr.size()) {
		n := ev.tr.nodes[i]
		if got := ev.matchGroup(prog.sel, i); got != want[n] {
			diff = append(diff, fmt.Sprintf("<%s id=%q> element %d: Tidings %v, cascadia %v", n.Data, attr(n, "id"), i, got, want[n]))
		}
		delete(want, n)
	}
	for n := range want {
		diff = append(diff, fmt.Sprintf("<%s id=%q>: cascadia only, outside the tree", n.Data, attr(n, "id")))
	}
	return prog, diff
}
