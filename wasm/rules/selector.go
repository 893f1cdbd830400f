package rules

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/andybalholm/cascadia"
)

// This file parses the selector part of a cosmetic rule: CSS selectors
// (compounds, combinators, selector lists, :not/:is/:where/:has with
// relative selectors) and the procedural operators of uBlock Origin and
// Adblock Plus (:has-text, :upward, :remove, :style, the -abp- aliases),
// plus Tidings' own :similar, :threshold and :category.
//
// Tidings parses selectors itself instead of handing them to cascadia
// because the matcher needs their structure: the key of the rightmost
// compound for the generic index, relative :has(> a), procedural operators
// inside :has(), and combinator matching that stays polynomial on
// 512-deep trees. Cascadia still evaluates the rarer structural
// pseudo-classes (:nth-child and friends).

// combinator joins two compounds.
type combinator byte

const (
	combNone       combinator = 0
	combDescendant combinator = ' '
	combChild      combinator = '>'
	combNext       combinator = '+'
	combLater      combinator = '~'
)

// attrOp is an attribute selector's operator.
type attrOp byte

const (
	attrExists   attrOp = 0
	attrEquals   attrOp = '='
	attrIncludes attrOp = '~'
	attrDash     attrOp = '|'
	attrPrefix   attrOp = '^'
	attrSuffix   attrOp = '$'
	attrSubstr   attrOp = '*'
)

type attrTest struct {
	name string
	op   attrOp
	val  string
	fold bool // the " i" flag: ASCII case-insensitive value
	// lval is val in ASCII lowercase (for fold); id numbers the test in
	// its list's symtab (-1: not numbered, tested directly).
	lval string
	id   int32
}

// compound is a sequence of simple selectors that all apply to one
// element: div#id.a.b[x]:not(.c).
type compound struct {
	tag     string // lowercase; "" for any
	id      string
	classes []string
	attrs   []attrTest
	pseudos []*pseudo
}

// complexSel is compounds joined by combinators. A relative selector (the
// argument of :has, or CSS after a procedural operator) starts with a
// combinator (lead) relating its first compound to the scope element.
type complexSel struct {
	lead  combinator
	parts []compound
	combs []combinator // combs[i] joins parts[i] and parts[i+1]
	// id numbers a nested selector in its list's symtab, for per-page
	// memos (-1: top level, not memoized); scoped is true when it
	// mentions :scope; mode is how a :has() argument is evaluated.
	id     int32
	scoped bool
	mode   hasMode
}

type pseudoKind uint8

const (
	psNot           pseudoKind = iota // :not(list)
	psIs                              // :is(list), :where(list)
	psHas                             // :has(relative list), :-abp-has, :if
	psHasNot                          // :if-not(relative list)
	psHasText                         // :has-text(text|/re/), :-abp-contains, :contains
	psMinTextLength                   // :min-text-length(n)
	psMaxTextLength                   // :max-text-length(n)
	psScope                           // :scope
	psCascadia                        // other structural pseudo-classes (:empty, :lang()), by cascadia
	psPosition                        // :nth-child() and friends, parsed by cascadia, evaluated by position (position.go)
	psNever                           // dynamic states (:hover) never match a saved page
	psSimilar                         // :similar(phrase), top level only
)

type pseudo struct {
	kind  pseudoKind
	group []complexSel
	// text is the :has-text() text, when it is not a regex.
	text []byte
	re   *regexp.Regexp
	// lits are literals every match of re contains (a prefilter).
	lits []literal
	// tags is set when a :not()/:is() list is bare tag names.
	tags []string
	n    int
	sel  cascadia.Sel
	// nth is set for psPosition.
	nth *nthSpec
	sim *similarSpec
}

// opKind is a procedural step applied after the selector has matched.
type opKind uint8

const (
	opUpward    opKind = iota // :upward(n), :nth-ancestor(n)
	opUpwardSel               // :upward(selector)
	opFilter                  // pseudo-classes after a procedural step: :upward(2):has-text(x)
	opRelative                // CSS after a procedural step: :upward(2) > .x
)

type op struct {
	kind  opKind
	n     int
	group []complexSel
	comp  compound
	rel   complexSel
}

// ActionKind is what the page should do with a matched element.
type ActionKind string

// Actions. Hide is the default; Remove (":remove()") takes the element
// out of the DOM; Style (":style(...)") applies declarations instead of
// hiding.
const (
	ActionHide   ActionKind = "hide"
	ActionRemove ActionKind = "remove"
	ActionStyle  ActionKind = "style"
)

// Action is a rule's effect. Style holds validated declarations for
// ActionStyle ("overflow: auto !important").
type Action struct {
	Kind  ActionKind `json:"kind"`
	Style string     `json:"style,omitempty"`
}

// program is a parsed rule body: a selector, then procedural steps, then
// an action. similar is set for similarity rules, whose last compound
// (without the :similar) constrains which block may be reported.
type program struct {
	sel       []complexSel
	similar   *similarSpec
	ops       []op
	action    Action
	category  Category
	threshold float64
	// procedural is true when the rule needs more than CSS: text tests,
	// procedural steps or similarity.
	procedural bool
	// tab numbers the program's attribute tests and nested selectors (it
	// is shared by the rules of one list).
	tab *symtab
}

// selParser parses one rule body.
type selParser struct {
	s string
	i int
	// col is the body's offset in its line, so that messages give
	// columns of the line.
	col        int
	depth      int
	warnings   []string
	procedural bool
	tab        *symtab
}

// errUnsupported marks valid syntax of other blockers that Tidings cannot
// evaluate on a saved page (:xpath, :matches-css, pseudo-elements); lint
// reports it as a warning, not an error.
var errUnsupported = errors.New("unsupported")

type unsupportedError struct{ msg string }

func (e *unsupportedError) Error() string { return e.msg }
func (e *unsupportedError) Unwrap() error { return errUnsupported }

func unsupported(format string, a ...any) error {
	return &unsupportedError{fmt.Sprintf(format, a...)}
}

// topOps are the operators that end the selector part of a rule body.
var topOps = map[string]bool{
	"upward": true, "nth-ancestor": true, "remove": true, "style": true,
	"category": true, "threshold": true,
}

// parseProgram parses a rule body (everything after ##).
func parseProgram(body string) (*program, []string, error) {
	return parseProgramAt(body, 0, newSymtab())
}

// parseProgramAt parses a rule body that starts at byte col of its line,
// numbering its attribute tests and nested selectors in tab.
func parseProgramAt(body string, col int, tab *symtab) (*program, []string, error) {
	if len(body) > MaxSelectorBytes {
		return nil, nil, fmt.Errorf("selector is %d bytes; the limit is %d", len(body), MaxSelectorBytes)
	}
	p := &selParser{s: body, col: col, tab: tab}
	regexInsts := tab.regexInsts
	prog, err := p.program()
	if err != nil {
		// A refused rule's regexes take none of the list's budget (unless
		// it ran out: then later regexes are refused too).
		if !errors.Is(err, errListRegexes) {
			tab.regexInsts = regexInsts
		}
		return nil, p.warnings, err
	}
	prog.procedural = p.procedural || prog.similar != nil || len(prog.ops) > 0
	prog.tab = tab
	return prog, p.warnings, nil
}

func (p *selParser) errorf(format string, a ...any) error {
	return fmt.Errorf("column %d: %s", p.col+p.i+1, fmt.Sprintf(format, a...))
}

func (p *selParser) program() (*program, error) {
	prog := &program{action: Action{Kind: ActionHide}}
	p.skipSpace()
	if p.eof() {
		return nil, errors.New("empty selector")
	}
	if !p.peekTopOp() {
		g, err := p.group(true, false)
		if err != nil {
			return nil, err
		}
		prog.sel = g
	}
	if err := p.liftSimilar(prog); err != nil {
		return nil, err
	}
	if err := p.operators(prog); err != nil {
		return nil, err
	}
	if len(prog.sel) == 0 && prog.similar == nil {
		return nil, errors.New("a procedural operator needs a selector before it")
	}
	if prog.threshold != 0 && prog.similar == nil {
		return nil, errors.New(":threshold() applies only to :similar() rules")
	}
	if prog.similar != nil && prog.threshold != 0 {
		prog.similar.threshold = prog.threshold
	}
	if prog.similar != nil {
		if err := prog.similar.prepare(); err != nil {
			return nil, err
		}
	}
	return prog, nil
}

// liftSimilar moves a :similar() out of the selector into prog.similar. It
// must be in the last compound of a single complex selector.
func (p *selParser) liftSimilar(prog *program) error {
	found := 0
	for ai := range prog.sel {
		cx := &prog.sel[ai]
		for ci := range cx.parts {
			c := &cx.parts[ci]
			kept := c.pseudos[:0]
			for _, ps := range c.pseudos {
				if ps.kind != psSimilar {
					kept = append(kept, ps)
					continue
				}
				found++
				if len(prog.sel) > 1 || ci != len(cx.parts)-1 {
					return errors.New(":similar() must end a single selector (no selector list, nothing after it but operators)")
				}
				prog.similar = ps.sim
			}
			c.pseudos = kept
		}
	}
	if found > 1 {
		return errors.New("only one :similar() per rule")
	}
	if prog.similar != nil {
		// A bare ##:similar(...) leaves an empty compound: no constraint.
		last := prog.sel[0].parts[len(prog.sel[0].parts)-1]
		if len(prog.sel[0].parts) == 1 && last.empty() {
			prog.sel = nil
		}
	}
	return nil
}

func (c *compound) empty() bool {
	return c.tag == "" && c.id == "" && len(c.classes) == 0 && len(c.attrs) == 0 && len(c.pseudos) == 0
}

// operators parses the procedural steps, the action and the meta
// operators after the selector.
func (p *selParser) operators(prog *program) error {
	seenAction, seenCategory, seenThreshold := false, false, false
	for {
		hadSpace := p.skipSpace()
		if p.eof() {
			return nil
		}
		if len(prog.ops) >= MaxOps {
			return fmt.Errorf("more than %d procedural operators", MaxOps)
		}
		c := p.s[p.i]
		if c == '>' || c == '+' || c == '~' || (hadSpace && c != ':') {
			if seenAction {
				return p.errorf("nothing but :category() may follow :remove() or :style()")
			}
			if len(prog.ops) == 0 {
				return p.errorf("unexpected %q", c)
			}
			cx, err := p.complex(false, true)
			if err != nil {
				return err
			}
			if cx.lead == combNone {
				cx.lead = combDescendant
			}
			prog.ops = append(prog.ops, op{kind: opRelative, rel: cx})
			p.procedural = true
			continue
		}
		if c != ':' {
			return p.errorf("unexpected %q", c)
		}
		name, ok := p.peekPseudoName()
		if !ok {
			return p.errorf("expected a pseudo-class")
		}
		switch name {
		case "category":
			if seenCategory {
				return p.errorf("two :category() operators")
			}
			seenCategory = true
			arg, err := p.rawPseudo(name)
			if err != nil {
				return err
			}
			cat, ok := ParseCategory(arg)
			if !ok {
				return fmt.Errorf("unknown category %q (known: %s)", strings.TrimSpace(arg), categoryNames())
			}
			prog.category = cat
			continue
		case "threshold":
			if seenThreshold {
				return p.errorf("two :threshold() operators")
			}
			seenThreshold = true
			arg, err := p.rawPseudo(name)
			if err != nil {
				return err
			}
			t, err := parseThreshold(arg)
			if err != nil {
				return err
			}
			prog.threshold = t
			continue
		}
		if seenAction {
			return p.errorf("nothing but :category() may follow :remove() or :style()")
		}
		switch name {
		case "remove":
			arg, err := p.rawPseudo(name)
			if err != nil {
				return err
			}
			if strings.TrimSpace(arg) != "" {
				return errors.New(":remove() takes no argument")
			}
			prog.action = Action{Kind: ActionRemove}
			seenAction = true
		case "style":
			arg, err := p.rawPseudo(name)
			if err != nil {
				return err
			}
			decl, err := validateStyle(arg)
			if err != nil {
				return err
			}
			prog.action = Action{Kind: ActionStyle, Style: decl}
			seenAction = true
		case "upward", "nth-ancestor":
			o, err := p.upward(name)
			if err != nil {
				return err
			}
			prog.ops = append(prog.ops, o)
			p.procedural = true
		default:
			var comp compound
			if err := p.pseudoInto(&comp, true); err != nil {
				return err
			}
			for _, ps := range comp.pseudos {
				if ps.kind == psSimilar {
					return errors.New(":similar() cannot follow a procedural operator")
				}
			}
			if len(prog.ops) == 0 {
				// After :threshold() or :category(), which say nothing
				// about the element, a pseudo-class still tests the
				// selector's subject: ":similar(x):threshold(0.9):not(p)"
				// is ":similar(x):not(p):threshold(0.9)".
				if err := appendToSubject(prog, comp.pseudos); err != nil {
					return p.errorf("%v", err)
				}
				continue
			}
			prog.ops = append(prog.ops, op{kind: opFilter, comp: comp})
		}
	}
}

// appendToSubject adds pseudo-classes written after a meta operator to
// the last compound of the rule's selector (or, for a bare :similar(), to
// the selector the block must match).
func appendToSubject(prog *program, pseudos []*pseudo) error {
	switch {
	case len(prog.sel) == 0 && prog.similar != nil:
		prog.sel = []complexSel{{parts: []compound{{}}, id: -1}}
	case len(prog.sel) != 1:
		return errors.New("a pseudo-class after :threshold() or :category() is ambiguous after a selector list")
	}
	cx := &prog.sel[0]
	last := &cx.parts[len(cx.parts)-1]
	last.pseudos = append(last.pseudos, pseudos...)
	last.sortPseudos()
	cx.scoped = cx.isScoped()
	return nil
}

// maxUpward bounds :upward(n): deeper than the HTML parser's 512 levels
// means nothing.
const maxUpward = 512

func (p *selParser) upward(name string) (op, error) {
	if !p.expectPseudoOpen(name) {
		return op{}, p.errorf(":%s needs an argument", name)
	}
	save := p.i
	raw, err := p.balanced()
	if err != nil {
		return op{}, err
	}
	arg := strings.TrimSpace(raw)
	if n, err := strconv.Atoi(arg); err == nil {
		if n < 1 || n > maxUpward {
			return op{}, fmt.Errorf(":%s(%d): the count must be between 1 and %d", name, n, maxUpward)
		}
		return op{kind: opUpward, n: n}, nil
	}
	if name == "nth-ancestor" {
		return op{}, fmt.Errorf(":nth-ancestor() takes a number, not %q", arg)
	}
	// :upward(selector): parse the argument as a selector list.
	sub := &selParser{s: p.s[:save+len(raw)], i: save, col: p.col, depth: p.depth + 1, tab: p.tab}
	g, err := sub.group(false, false)
	if err != nil {
		return op{}, err
	}
	sub.skipSpace()
	if !sub.eof() {
		return op{}, sub.errorf("unexpected %q in :upward()", sub.s[sub.i])
	}
	p.warnings = append(p.warnings, sub.warnings...)
	return op{kind: opUpwardSel, group: g}, nil
}

func parseThreshold(s string) (float64, error) {
	t, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, fmt.Errorf(":threshold(%s): not a number", s)
	}
	if t < minThreshold || t > 1 {
		return 0, fmt.Errorf(":threshold(%s): must be between %.2f and 1", s, minThreshold)
	}
	return t, nil
}

// group parses a selector list. top: the rule's own selector (procedural
// top-level operators end it); relative: each selector may start with a
// combinator (:has() arguments).
func (p *selParser) group(top, relative bool) ([]complexSel, error) {
	if p.depth > MaxNesting {
		return nil, fmt.Errorf("selectors nest more than %d levels", MaxNesting)
	}
	var g []complexSel
	for {
		start := p.i
		cx, err := p.complex(top, relative)
		if err != nil {
			return nil, err
		}
		cx.id = -1
		cx.scoped = cx.isScoped()
		if !top {
			ctx := ctxGroup
			if relative {
				ctx = ctxRelative
				cx.mode = cx.chooseHasMode()
			}
			cx.id = p.tab.sel(ctx + strings.TrimSpace(p.s[start:p.i]))
		}
		g = append(g, cx)
		if len(g) > MaxAlternatives {
			return nil, fmt.Errorf("more than %d selectors in a list", MaxAlternatives)
		}
		p.skipSpace()
		if p.eof() || p.s[p.i] != ',' {
			return g, nil
		}
		p.i++
	}
}

// complex parses compounds joined by combinators.
func (p *selParser) complex(top, relative bool) (complexSel, error) {
	var cx complexSel
	p.skipSpace()
	if relative {
		if c := p.peek(); c == '>' || c == '+' || c == '~' {
			cx.lead = combinator(c)
			p.i++
			p.skipSpace()
		}
	}
	for {
		comp, err := p.compound(top)
		if err != nil {
			return cx, err
		}
		cx.parts = append(cx.parts, comp)
		if len(cx.parts) > MaxCompounds {
			return cx, fmt.Errorf("more than %d compound selectors in one selector", MaxCompounds)
		}
		hadSpace := p.skipSpace()
		if p.eof() {
			return cx, nil
		}
		c := p.s[p.i]
		var comb combinator
		switch {
		case c == '>' || c == '+' || c == '~':
			comb = combinator(c)
			p.i++
			p.skipSpace()
		case c == ',' || c == ')':
			return cx, nil
		case top && c == ':' && p.peekTopOp():
			return cx, nil
		case hadSpace:
			comb = combDescendant
		default:
			return cx, p.errorf("unexpected %q", c)
		}
		if p.eof() {
			return cx, p.errorf("selector ends after a combinator")
		}
		cx.combs = append(cx.combs, comb)
	}
}

// compound parses one compound selector, its pseudo-classes sorted
// cheapest first.
func (p *selParser) compound(top bool) (compound, error) {
	c, err := p.compoundInOrder(top)
	c.sortPseudos()
	return c, err
}

// maxTextLengthArg bounds :min-text-length(n) and :max-text-length(n): no
// page has more text than the 64 MB the parser accepts, so larger numbers
// are typos.
const maxTextLengthArg = MaxSelectorBytes * 64

// compoundInOrder parses one compound selector as written.
func (p *selParser) compoundInOrder(top bool) (compound, error) {
	var c compound
	start := p.i
	if p.eof() {
		return c, p.errorf("expected a selector")
	}
	switch ch := p.s[p.i]; {
	case ch == '*':
		p.i++
		if strings.HasPrefix(p.s[p.i:], "|*") {
			p.i += 2
		}
	case ch == '|':
		return c, unsupported("namespaced selectors are not supported")
	case isNameStart(ch) || ch == '-' || ch == '\\':
		name, err := p.ident()
		if err != nil {
			return c, err
		}
		if p.peek() == '|' {
			return c, unsupported("namespaced selectors are not supported")
		}
		c.tag = strings.ToLower(name)
	}
	for !p.eof() {
		switch p.s[p.i] {
		case '#':
			p.i++
			name, err := p.name()
			if err != nil {
				return c, err
			}
			if c.id != "" && c.id != name {
				// #a#b can never match; keep the rule valid but empty.
				c.pseudos = append(c.pseudos, &pseudo{kind: psNever})
			}
			c.id = name
		case '.':
			p.i++
			name, err := p.name()
			if err != nil {
				return c, err
			}
			c.classes = append(c.classes, name)
		case '[':
			a, err := p.attribute()
			if err != nil {
				return c, err
			}
			c.attrs = append(c.attrs, a)
		case ':':
			if top && p.peekTopOp() {
				return c, p.checkNonEmpty(c, start)
			}
			if err := p.pseudoInto(&c, top); err != nil {
				return c, err
			}
		default:
			return c, p.checkNonEmpty(c, start)
		}
	}
	return c, p.checkNonEmpty(c, start)
}

func (p *selParser) checkNonEmpty(c compound, start int) error {
	if p.i == start {
		if p.eof() {
			return p.errorf("expected a selector, found the end")
		}
		return p.errorf("unexpected %q", p.s[p.i])
	}
	return nil
}

// attribute parses [name], [name=value], [name^="value" i] and so on.
func (p *selParser) attribute() (attrTest, error) {
	var a attrTest
	p.i++ // [
	p.skipSpace()
	name, err := p.ident()
	if err != nil {
		return a, err
	}
	if p.peek() == '|' && !strings.HasPrefix(p.s[p.i:], "|=") {
		return a, unsupported("namespaced attributes are not supported")
	}
	a.name = strings.ToLower(name)
	p.skipSpace()
	if p.eof() {
		return a, p.errorf("unclosed [")
	}
	if p.s[p.i] == ']' {
		p.i++
		p.tab.attr(&a)
		return a, nil
	}
	switch c := p.s[p.i]; c {
	case '=':
		a.op = attrEquals
		p.i++
	case '~', '|', '^', '$', '*':
		if p.i+1 >= len(p.s) || p.s[p.i+1] != '=' {
			return a, p.errorf("expected = after %q", c)
		}
		a.op = attrOp(c)
		p.i += 2
	default:
		return a, p.errorf("unexpected %q in attribute selector", c)
	}
	p.skipSpace()
	if p.eof() {
		return a, p.errorf("unclosed [")
	}
	if c := p.s[p.i]; c == '"' || c == '\'' {
		a.val, err = p.str()
	} else {
		a.val, err = p.ident()
	}
	if err != nil {
		return a, err
	}
	p.skipSpace()
	if c := p.peek(); c == 'i' || c == 'I' || c == 's' || c == 'S' {
		a.fold = c == 'i' || c == 'I'
		p.i++
		p.skipSpace()
	}
	if p.peek() != ']' {
		return a, p.errorf("expected ] to close the attribute selector")
	}
	p.i++
	p.tab.attr(&a)
	return a, nil
}

// cascadiaPseudos are structural pseudo-classes evaluated by cascadia; the
// value says whether they take an argument.
var cascadiaPseudos = map[string]bool{
	"nth-child": true, "nth-last-child": true, "nth-of-type": true, "nth-last-of-type": true,
	"first-child": false, "last-child": false, "first-of-type": false, "last-of-type": false,
	"only-child": false, "only-of-type": false, "empty": false, "root": false,
	"link": false, "any-link": false, "checked": false, "disabled": false, "enabled": false,
	"lang": true,
}

// dynamicPseudos depend on user interaction: a saved page never has them.
var dynamicPseudos = map[string]bool{
	"hover": true, "focus": true, "active": true, "visited": true, "target": true,
	"focus-within": true, "focus-visible": true, "placeholder-shown": true,
}

// unsupportedPseudos are other blockers' operators that need a live
// browser (computed styles, XPath, mutation watching, the URL path).
var unsupportedPseudos = map[string]string{
	"matches-css":        "needs computed styles",
	"matches-css-before": "needs computed styles",
	"matches-css-after":  "needs computed styles",
	"-abp-properties":    "needs computed styles",
	"xpath":              "XPath is not supported",
	"matches-attr":       "not supported",
	"matches-prop":       "needs live DOM properties",
	"matches-path":       "not supported",
	"matches-media":      "needs media queries",
	"others":             "not supported",
	"remove-attr":        "not supported",
	"remove-class":       "not supported",
	"shadow":             "shadow DOM is not serialized",
	"matches":            "ambiguous: cascadia's regex :matches or the old name of :is; use :is() or :has-text(/re/)",
}

// pseudoInto parses one pseudo-class at p.i (which is ':') into c.
func (p *selParser) pseudoInto(c *compound, top bool) error {
	p.i++ // :
	if p.peek() == ':' {
		p.i++
		name, _ := p.ident()
		return unsupported("pseudo-element ::%s: elements only, Tidings cannot hide generated content", strings.ToLower(name))
	}
	name, err := p.ident()
	if err != nil {
		return err
	}
	name = strings.ToLower(name)
	hasParen := p.peek() == '('
	switch name {
	case "not", "is", "where":
		g, err := p.nested(name, false)
		if err != nil {
			return err
		}
		kind := psIs
		if name == "not" {
			kind = psNot
		}
		c.pseudos = append(c.pseudos, simplifyGroup(&pseudo{kind: kind, group: g}))
		return nil
	case "has", "-abp-has", "if", "if-not":
		g, err := p.nested(name, true)
		if err != nil {
			return err
		}
		kind := psHas
		if name == "if-not" {
			kind = psHasNot
		}
		c.pseudos = append(c.pseudos, &pseudo{kind: kind, group: g})
		return nil
	case "has-text", "-abp-contains", "contains":
		ps, err := p.hasText(name)
		if err != nil {
			return err
		}
		c.pseudos = append(c.pseudos, ps)
		return nil
	case "min-text-length", "max-text-length":
		arg, err := p.rawArg(name)
		if err != nil {
			return err
		}
		n, err := strconv.Atoi(strings.TrimSpace(arg))
		if err != nil || n < 0 || n > maxTextLengthArg {
			return fmt.Errorf(":%s(%s): not a sensible length", name, arg)
		}
		p.procedural = true
		kind := psMinTextLength
		if name == "max-text-length" {
			kind = psMaxTextLength
		}
		c.pseudos = append(c.pseudos, &pseudo{kind: kind, n: n})
		return nil
	case "scope":
		if hasParen {
			return errors.New(":scope takes no argument")
		}
		c.pseudos = append(c.pseudos, &pseudo{kind: psScope})
		return nil
	case "similar":
		if !top || p.depth > 0 {
			return errors.New(":similar() is allowed only at the top level of a rule")
		}
		argStart := p.i + 1
		arg, err := p.rawArg(name)
		if err != nil {
			return err
		}
		sim := &similarSpec{raw: unescapeRaw(arg), argStart: argStart, argEnd: argStart + len(arg)}
		c.pseudos = append(c.pseudos, &pseudo{kind: psSimilar, sim: sim})
		return nil
	case "watch-attr":
		if _, err := p.rawArg(name); err != nil {
			return err
		}
		p.warnings = append(p.warnings, ":watch-attr() ignored: Tidings matches a snapshot of the page")
		return nil
	case "upward", "nth-ancestor", "remove", "style", "category", "threshold":
		return fmt.Errorf(":%s() is allowed only after the selector, at the top level", name)
	case "heuristic":
		return errors.New(":heuristic() must be the whole rule: #@#:heuristic(ID)")
	}
	if why, ok := unsupportedPseudos[name]; ok {
		if hasParen {
			if _, err := p.balancedAfterOpen(); err != nil {
				return err
			}
		}
		return unsupported(":%s: %s", name, why)
	}
	if dynamicPseudos[name] {
		if hasParen {
			return fmt.Errorf(":%s takes no argument", name)
		}
		p.warnings = append(p.warnings, fmt.Sprintf(":%s never matches a saved page", name))
		c.pseudos = append(c.pseudos, &pseudo{kind: psNever})
		return nil
	}
	takesArg, ok := cascadiaPseudos[name]
	if !ok {
		return fmt.Errorf("unknown pseudo-class :%s", name)
	}
	src := ":" + name
	if takesArg {
		arg, err := p.rawArg(name)
		if err != nil {
			return err
		}
		src += "(" + arg + ")"
	} else if hasParen {
		return fmt.Errorf(":%s takes no argument", name)
	}
	if name == "any-link" {
		src = ":link"
	}
	sel, err := compileCascadia(src)
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	if nth, ok := nthOf(sel); ok {
		c.pseudos = append(c.pseudos, &pseudo{kind: psPosition, sel: sel, nth: &nth})
		return nil
	}
	c.pseudos = append(c.pseudos, &pseudo{kind: psCascadia, sel: sel})
	return nil
}

// simplifyGroup rewrites :not() and :is() arguments that have a cheaper
// equivalent: ":not(:min-text-length(n))", the guard of most shipped
// rules, is ":max-text-length(n-1)"; a list of bare tags
// (":is(div, section, aside)") is tested against the element's tag
// without evaluating selectors.
func simplifyGroup(ps *pseudo) *pseudo {
	if len(ps.group) == 1 && ps.kind == psNot {
		cx := &ps.group[0]
		if len(cx.parts) == 1 && cx.lead == combNone {
			c := &cx.parts[0]
			if c.tag == "" && c.id == "" && len(c.classes) == 0 && len(c.attrs) == 0 && len(c.pseudos) == 1 {
				switch in := c.pseudos[0]; in.kind {
				case psMinTextLength:
					return &pseudo{kind: psMaxTextLength, n: in.n - 1}
				case psMaxTextLength:
					return &pseudo{kind: psMinTextLength, n: in.n + 1}
				}
			}
		}
	}
	tags := make([]string, 0, len(ps.group))
	for i := range ps.group {
		cx := &ps.group[i]
		if len(cx.parts) != 1 || cx.lead != combNone {
			return ps
		}
		c := &cx.parts[0]
		if c.tag == "" || c.id != "" || len(c.classes)+len(c.attrs)+len(c.pseudos) > 0 {
			return ps
		}
		tags = append(tags, c.tag)
	}
	ps.tags = tags
	return ps
}

// compileCascadia parses one pseudo-class with cascadia, turning a panic
// (none is known, but cascadia is not fuzzed by us) into an error.
func compileCascadia(src string) (sel cascadia.Sel, err error) {
	defer func() {
		if r := recover(); r != nil {
			sel, err = nil, fmt.Errorf("cascadia panicked: %v", r)
		}
	}()
	return cascadia.Parse(src)
}

// nested parses a parenthesized selector list: :not(...), :has(...).
func (p *selParser) nested(name string, relative bool) ([]complexSel, error) {
	if p.peek() != '(' {
		return nil, p.errorf(":%s needs an argument", name)
	}
	p.i++
	p.depth++
	g, err := p.group(false, relative)
	p.depth--
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.peek() != ')' {
		return nil, p.errorf("expected ) to close :%s(", name)
	}
	p.i++
	if relative {
		p.procedural = true
	}
	return g, nil
}

// hasText parses the argument of :has-text(): plain text, or /regex/flags.
func (p *selParser) hasText(name string) (*pseudo, error) {
	arg, ok := p.regexArg()
	if !ok {
		var err error
		if arg, err = p.rawArg(name); err != nil {
			return nil, err
		}
	}
	p.procedural = true
	if arg == "" {
		return nil, fmt.Errorf(":%s() needs text", name)
	}
	if re, lits, insts, ok, err := parseRegexLiteral(arg, MaxListRegexInsts-p.tab.regexInsts); ok || err != nil {
		if errors.Is(err, errListRegexes) {
			// Full: the list's later regexes are refused without compiling.
			p.tab.regexInsts = MaxListRegexInsts
		}
		if err != nil {
			return nil, fmt.Errorf(":%s(%s): %w", name, arg, err)
		}
		p.tab.regexInsts += insts
		return &pseudo{kind: psHasText, re: re, lits: lits}, nil
	}
	return &pseudo{kind: psHasText, text: []byte(unescapeRaw(arg))}, nil
}

// regexArg reads "(/pattern/flags)" at p.i, where the pattern may hold
// unbalanced parentheses: it ends at the first unescaped "/" followed by
// flags and ")". It returns "/pattern/flags".
func (p *selParser) regexArg() (string, bool) {
	if !strings.HasPrefix(p.s[p.i:], "(/") {
		return "", false
	}
	for j := p.i + 2; j < len(p.s); j++ {
		switch p.s[j] {
		case '\\':
			j++
		case '/':
			k := j + 1
			for k < len(p.s) && strings.IndexByte("imsug", p.s[k]) >= 0 {
				k++
			}
			if k < len(p.s) && p.s[k] == ')' {
				arg := p.s[p.i+1 : k]
				p.i = k + 1
				return arg, true
			}
		}
	}
	return "", false
}

// errListRegexes refuses a regex that would take a list's regexes past
// MaxListRegexInsts, and every later one in the list.
var errListRegexes = fmt.Errorf("the list's regexes would compile to more than %d instructions in all (each keeps memory in proportion to its size); this and later regexes of the list are refused", MaxListRegexInsts)

// parseRegexLiteral parses /pattern/flags (flags i, m, s, u) and gives
// the size of its compiled program in instructions, which must fit in
// room (what is left of the list's MaxListRegexInsts); ok is false when s
// is not written as a regex literal.
func parseRegexLiteral(s string, room int) (re *regexp.Regexp, lits []literal, insts int, ok bool, err error) {
	if len(s) < 2 || s[0] != '/' {
		return nil, nil, 0, false, nil
	}
	end := strings.LastIndexByte(s, '/')
	if end == 0 {
		return nil, nil, 0, false, nil
	}
	pat, flags := s[1:end], s[end+1:]
	prefix := ""
	for _, f := range flags {
		switch f {
		case 'i', 'm', 's':
			prefix += string(f)
		case 'u', 'g':
			// JavaScript flags with no RE2 counterpart that matters here.
		default:
			return nil, nil, 0, false, nil
		}
	}
	if len(pat) > MaxRegexBytes {
		return nil, nil, 0, true, fmt.Errorf("regex is %d bytes; the limit is %d", len(pat), MaxRegexBytes)
	}
	if room <= 0 {
		return nil, nil, 0, true, errListRegexes
	}
	if prefix != "" {
		pat = "(?" + prefix + ")" + pat
	}
	parsed, err := syntax.Parse(pat, syntax.Perl)
	if err != nil {
		return nil, nil, 0, true, fmt.Errorf("invalid RE2 regex: %w", err)
	}
	prog, err := syntax.Compile(parsed.Simplify())
	if err != nil {
		return nil, nil, 0, true, fmt.Errorf("invalid RE2 regex: %w", err)
	}
	if len(prog.Inst) > maxRegexInsts {
		return nil, nil, 0, true, fmt.Errorf("regex compiles to %d instructions; the limit is %d", len(prog.Inst), maxRegexInsts)
	}
	if len(prog.Inst) > room {
		return nil, nil, 0, true, errListRegexes
	}
	re, err = regexp.Compile(pat)
	if err != nil {
		return nil, nil, 0, true, fmt.Errorf("invalid RE2 regex: %w", err)
	}
	return re, requiredLiterals(parsed), len(prog.Inst), true, nil
}

// unescapeRaw turns \) \( \\ in a raw argument into the character.
func unescapeRaw(s string) string {
	if !strings.ContainsRune(s, '\\') {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// rawArg reads a raw parenthesized argument after a pseudo-class name.
func (p *selParser) rawArg(name string) (string, error) {
	if p.peek() != '(' {
		return "", p.errorf(":%s needs an argument in parentheses", name)
	}
	p.i++
	return p.balanced()
}

// rawPseudo reads ":name(arg)" at p.i and returns arg.
func (p *selParser) rawPseudo(name string) (string, error) {
	if !p.expectPseudoOpen(name) {
		return "", p.errorf(":%s needs parentheses", name)
	}
	return p.balanced()
}

// expectPseudoOpen consumes ":name(" and reports whether it was there.
func (p *selParser) expectPseudoOpen(name string) bool {
	if !strings.HasPrefix(p.s[p.i:], ":") {
		return false
	}
	j := p.i + 1 + len(name)
	if j >= len(p.s) || !strings.EqualFold(p.s[p.i+1:j], name) || p.s[j] != '(' {
		return false
	}
	p.i = j + 1
	return true
}

// balancedAfterOpen skips a parenthesized argument starting at '('.
func (p *selParser) balancedAfterOpen() (string, error) {
	p.i++
	return p.balanced()
}

// balanced reads up to the ')' that closes an already consumed '(',
// counting nested parentheses and skipping backslash escapes. It returns
// the text between and leaves p.i after the ')'.
func (p *selParser) balanced() (string, error) {
	start, depth := p.i, 0
	for ; p.i < len(p.s); p.i++ {
		switch p.s[p.i] {
		case '\\':
			p.i++
		case '(':
			depth++
			if depth > MaxNesting*4 {
				return "", p.errorf("parentheses nest too deep")
			}
		case ')':
			if depth == 0 {
				arg := p.s[start:p.i]
				p.i++
				return arg, nil
			}
			depth--
		}
	}
	return "", p.errorf("unclosed (")
}

// peekTopOp reports whether p.i is at ":name(" for a top-level operator.
func (p *selParser) peekTopOp() bool {
	name, ok := p.peekPseudoName()
	return ok && topOps[name]
}

// peekPseudoName returns the lowercase name of the pseudo-class at p.i.
func (p *selParser) peekPseudoName() (string, bool) {
	if p.peek() != ':' {
		return "", false
	}
	j := p.i + 1
	for j < len(p.s) && (isNameChar(p.s[j])) {
		j++
	}
	if j == p.i+1 {
		return "", false
	}
	return strings.ToLower(p.s[p.i+1 : j]), true
}

func (p *selParser) eof() bool { return p.i >= len(p.s) }

func (p *selParser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

// skipSpace skips CSS whitespace and reports whether there was any.
func (p *selParser) skipSpace() bool {
	start := p.i
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r', '\f':
			p.i++
		default:
			return p.i > start
		}
	}
	return p.i > start
}

func isNameStart(c byte) bool {
	return c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') || c >= utf8.RuneSelf
}

func isNameChar(c byte) bool {
	return isNameStart(c) || c == '-' || (c >= '0' && c <= '9')
}

// ident reads a CSS identifier (which may not start with a digit).
func (p *selParser) ident() (string, error) {
	if p.eof() {
		return "", p.errorf("the selector ends where a name should be")
	}
	c := p.s[p.i]
	if c == '-' {
		if p.i+1 >= len(p.s) || !(isNameStart(p.s[p.i+1]) || p.s[p.i+1] == '-' || p.s[p.i+1] == '\\') {
			return "", p.errorf("invalid name")
		}
	} else if !isNameStart(c) && c != '\\' {
		return "", p.errorf("expected a name, found %q", c)
	}
	return p.name()
}

// name reads CSS name characters and escapes (a class, an id).
func (p *selParser) name() (string, error) {
	start := p.i
	plain := true
	for p.i < len(p.s) {
		c := p.s[p.i]
		if isNameChar(c) {
			p.i++
			continue
		}
		if c == '\\' {
			plain = false
			if p.i+1 >= len(p.s) {
				return "", p.errorf("escape at the end")
			}
			p.i++
			if !isHex(p.s[p.i]) {
				p.i++
				continue
			}
			// \XXXXXX hex escape, and the one space that may end it.
			for j := 0; j < 6 && p.i < len(p.s) && isHex(p.s[p.i]); j++ {
				p.i++
			}
			if p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n') {
				p.i++
			}
			continue
		}
		break
	}
	if p.i == start {
		if p.eof() {
			return "", p.errorf("the selector ends where a name should be")
		}
		return "", p.errorf("expected a name, found %q", p.s[p.i])
	}
	if plain {
		return p.s[start:p.i], nil
	}
	return unescapeCSS(p.s[start:p.i]), nil
}

// str reads a quoted CSS string.
func (p *selParser) str() (string, error) {
	q := p.s[p.i]
	p.i++
	start := p.i
	plain := true
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case '\\':
			plain = false
			p.i += 2
			continue
		case q:
			raw := p.s[start:p.i]
			p.i++
			if plain {
				return raw, nil
			}
			return unescapeCSS(raw), nil
		case '\n':
			return "", p.errorf("newline in string")
		}
		p.i++
	}
	return "", p.errorf("unclosed string")
}

// unescapeCSS resolves CSS escapes: \XX hex (1-6 digits, one optional
// following space) and \c.
func unescapeCSS(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		j := i
		for j < len(s) && j-i < 6 && isHex(s[j]) {
			j++
		}
		if j == i {
			if s[i] != '\n' {
				b.WriteByte(s[i])
			}
			continue
		}
		v, _ := strconv.ParseUint(s[i:j], 16, 32)
		r := rune(v)
		if r == 0 || r > utf8.MaxRune || (r >= 0xD800 && r <= 0xDFFF) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
		if j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n') {
			j++
		}
		i = j - 1
	}
	return b.String()
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c|0x20 >= 'a' && c|0x20 <= 'f')
}
