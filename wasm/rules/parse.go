package rules

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Severity grades a diagnostic.
type Severity string

// Severities. An error is a line Tidings cannot use because it is wrong; a
// warning is a line that is valid for other blockers but that Tidings
// ignores or evaluates differently, or a line that is valid but probably
// not what the author meant; info lines are skipped on purpose.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Diagnostic is one finding about one line of a list.
type Diagnostic struct {
	Line     int      `json:"line"`
	Severity Severity `json:"severity"`
	// Code names the kind of finding, for counting ("invalid-selector").
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Diagnostic codes.
const (
	CodeInvalidSelector = "invalid-selector"
	CodeUnsupported     = "unsupported"
	CodeInvalidDomain   = "invalid-domain"
	CodeLimit           = "limit"
	CodeCategory        = "category"
	CodeHeader          = "header"
	CodeHeuristic       = "heuristic"
	CodePreprocessor    = "preprocessor"
	CodeDuplicate       = "duplicate"
	CodeWeakPhrase      = "weak-phrase"
	CodeSelectorNote    = "selector-note"
)

// Skip reasons: lines that are valid in other blockers' syntax and
// deliberately not used by Tidings.
const (
	SkipNetwork      = "network rule"
	SkipScriptlet    = "scriptlet"
	SkipHTMLFilter   = "HTML filter"
	SkipCSSInjection = "CSS injection"
	SkipConditional  = "inside !#if"
	SkipInclude      = "!#include"
)

// Kind is how a rule finds elements.
type Kind string

// Rule kinds. Heuristic rules switch a built-in heuristic on or off.
const (
	KindCSS        Kind = "css"
	KindSimilarity Kind = "similarity"
	KindHeuristic  Kind = "heuristic"
)

// Header is a list's metadata, from its leading "! Key: value" comments.
type Header struct {
	// Format is a leading "[Adblock Plus 2.0]"-style line, if any.
	Format       string `json:"format,omitempty"`
	Title        string `json:"title,omitempty"`
	Version      string `json:"version,omitempty"`
	Expires      string `json:"expires,omitempty"`
	Homepage     string `json:"homepage,omitempty"`
	License      string `json:"license,omitempty"`
	Description  string `json:"description,omitempty"`
	LastModified string `json:"lastModified,omitempty"`
	// ExpiresSeconds is Expires parsed ("4 days" is 345600), 0 when
	// absent or unreadable.
	ExpiresSeconds int64 `json:"expiresSeconds,omitempty"`
	// DefaultCategory is "! Default-Category:", the category of rules no
	// directive or operator places.
	DefaultCategory Category `json:"defaultCategory,omitempty"`
}

// Rule is one usable line of a list.
type Rule struct {
	// List is the name of the list the rule came from.
	List string
	// Line is the 1-based line number; Text the line as written.
	Line int
	Text string
	Kind Kind
	// Exception is true for #@# lines: they cancel rules with the same
	// selector, or (heuristic kind) switch a heuristic off.
	Exception bool
	// Domains the rule is limited to, and domains it excludes (~a.com);
	// both empty for a generic rule.
	Domains    []string
	NotDomains []string
	Category   Category
	// CategorySource says how Category was decided.
	CategorySource CategorySource
	// Heuristic is the heuristic id of a KindHeuristic rule.
	Heuristic string
	// Body is the selector part (after ##), without :category(), and
	// with a similarity phrase in its normalized form. Exceptions cancel
	// rules whose Body is the same.
	Body string

	prog       *program
	simpleKind keyKind // keyID or keyClass for a lone #id or .class; keyAny otherwise
}

// Action is what the rule does to the elements it matches.
func (r *Rule) Action() Action {
	if r.prog == nil {
		if r.Kind == KindHeuristic {
			return Action{}
		}
		return Action{Kind: ActionHide}
	}
	return r.prog.action
}

// Phrase is a similarity rule's phrase, normalized; "" for other kinds.
func (r *Rule) Phrase() string {
	if r.prog == nil || r.prog.similar == nil {
		return ""
	}
	return r.prog.similar.norm
}

// Threshold is the similarity a match of a similarity rule needs; 0 for
// other kinds.
func (r *Rule) Threshold() float64 {
	if r.prog == nil || r.prog.similar == nil {
		return 0
	}
	return r.prog.similar.threshold
}

// simpleName is the class or id of a lone ".class" or "#id" rule.
func (r *Rule) simpleName() string { return r.Body[1:] }

// Generic reports whether the rule applies on every site (exclusions
// aside).
func (r *Rule) Generic() bool { return len(r.Domains) == 0 }

// Counts summarizes a list.
type Counts struct {
	Lines int `json:"lines"`
	// Rules is the number of rules compiled (all kinds).
	Rules int `json:"rules"`
	// ElementHiding counts ##, #@# and #?# lines outside !#if blocks
	// (scriptlets and HTML filters excluded); Rejected those of them that
	// could not be compiled.
	ElementHiding int `json:"elementHiding"`
	Rejected      int `json:"rejected"`
	Generic       int `json:"generic"`
	Specific      int `json:"specific"`
	Exceptions    int `json:"exceptions"`
	// ByKind counts hiding rules and heuristic switches, ByCategory hiding
	// rules; Exceptions counts #@# lines other than heuristic switches.
	ByKind     map[Kind]int     `json:"byKind"`
	ByCategory map[Category]int `json:"byCategory"`
	// Skipped counts lines skipped on purpose, by reason.
	Skipped  map[string]int `json:"skipped"`
	Errors   int            `json:"errors"`
	Warnings int            `json:"warnings"`
}

// SkippedLine is a line skipped on purpose.
type SkippedLine struct {
	Line   int
	Reason string
}

// List is a parsed rule list.
type List struct {
	Name        string
	Header      Header
	Rules       []Rule
	Diagnostics []Diagnostic
	Skipped     []SkippedLine
	Counts      Counts
}

// Source is a list's text as the extension stores it.
type Source struct {
	Name string `json:"name"`
	Text string `json:"text"`
	// Category, when set, is the category of rules the list itself does
	// not place (it overrides "! Default-Category:"): a subscriber can say
	// "this list is about cookies".
	Category Category `json:"category,omitempty"`
}

// Parse parses a list. It never fails: problems are diagnostics, and a bad
// line never loses the others.
func Parse(name, text string) *List {
	return ParseSource(Source{Name: name, Text: text})
}

// ParseSource parses a list with the subscriber's settings.
func ParseSource(src Source) *List {
	p := &listParser{
		list: &List{Name: src.Name, Counts: Counts{
			ByKind: map[Kind]int{}, ByCategory: map[Category]int{}, Skipped: map[string]int{},
		}},
		sourceCategory: src.Category,
		tab:            newSymtab(),
	}
	if src.Category != "" {
		if c, ok := ParseCategory(string(src.Category)); ok {
			p.sourceCategory = c
		} else {
			p.sourceCategory = ""
			p.diag(0, SeverityError, CodeCategory, fmt.Sprintf("the list's category %q is unknown (known: %s)", src.Category, categoryNames()))
		}
	}
	text := strings.TrimPrefix(src.Text, "\uFEFF")
	if len(text) > MaxListBytes {
		p.diag(0, SeverityError, CodeLimit, fmt.Sprintf("the list is %d bytes; only the first %d are read", len(text), MaxListBytes))
		text = text[:MaxListBytes]
	}
	// Reserve room for the cosmetic rules once ("###id" counts once).
	p.list.Rules = make([]Rule, 0, strings.Count(text, "##")+strings.Count(text, "#@")+strings.Count(text, "#?#")+1)
	line := 0
	for len(text) > 0 {
		line++
		var l string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			l, text = text[:i], text[i+1:]
		} else {
			l, text = text, ""
		}
		p.line(line, l)
	}
	if p.ifDepth > 0 {
		p.diag(line, SeverityWarning, CodePreprocessor, "!#if without !#endif: the rest of the list was skipped")
	}
	p.list.Counts.Lines = line
	p.list.Counts.Rules = len(p.list.Rules)
	return p.list
}

type listParser struct {
	list           *List
	sourceCategory Category
	directive      Category // current "! Category:" directive
	ifDepth        int
	seenRule       bool
	tooMany        bool
	tab            *symtab // shared by the list's rules
}

func (p *listParser) diag(line int, sev Severity, code, msg string) {
	p.list.Diagnostics = append(p.list.Diagnostics, Diagnostic{Line: line, Severity: sev, Code: code, Message: msg})
	switch sev {
	case SeverityError:
		p.list.Counts.Errors++
	case SeverityWarning:
		p.list.Counts.Warnings++
	}
}

func (p *listParser) skip(line int, reason string) {
	p.list.Skipped = append(p.list.Skipped, SkippedLine{Line: line, Reason: reason})
	p.list.Counts.Skipped[reason]++
}

func (p *listParser) line(n int, l string) {
	if len(l) > MaxLineBytes {
		p.diag(n, SeverityError, CodeLimit, fmt.Sprintf("line is %d bytes; the limit is %d", len(l), MaxLineBytes))
		return
	}
	l = strings.TrimSpace(l)
	if l == "" {
		return
	}
	if strings.HasPrefix(l, "!#") {
		p.preprocessor(n, l)
		return
	}
	if p.ifDepth > 0 {
		p.skip(n, SkipConditional)
		return
	}
	switch {
	case l[0] == '!':
		p.comment(n, l)
		return
	case l[0] == '[' && l[len(l)-1] == ']':
		if p.list.Header.Format == "" {
			p.list.Header.Format = l
		}
		return
	}
	p.rule(n, l)
}

// preprocessor handles !#if, !#else, !#endif and !#include. Conditions are
// not evaluated: everything inside !#if blocks is skipped and counted.
func (p *listParser) preprocessor(n int, l string) {
	switch {
	case strings.HasPrefix(l, "!#if"):
		p.ifDepth++
		if p.ifDepth > MaxNesting*4 {
			p.ifDepth = MaxNesting * 4
		}
	case strings.HasPrefix(l, "!#endif"):
		if p.ifDepth == 0 {
			p.diag(n, SeverityWarning, CodePreprocessor, "!#endif without !#if")
			return
		}
		p.ifDepth--
	case strings.HasPrefix(l, "!#else"):
		if p.ifDepth == 0 {
			p.diag(n, SeverityWarning, CodePreprocessor, "!#else without !#if")
		}
	case strings.HasPrefix(l, "!#include"):
		p.skip(n, SkipInclude)
	default:
		// "!#" followed by anything else is an ordinary comment.
	}
}

// headerKeys maps "! Key:" names (lowercase) to header fields.
var headerKeys = map[string]func(h *Header, v string){
	"title":         func(h *Header, v string) { h.Title = v },
	"version":       func(h *Header, v string) { h.Version = v },
	"expires":       func(h *Header, v string) { h.Expires = v },
	"homepage":      func(h *Header, v string) { h.Homepage = v },
	"license":       func(h *Header, v string) { h.License = v },
	"licence":       func(h *Header, v string) { h.License = v },
	"description":   func(h *Header, v string) { h.Description = v },
	"last modified": func(h *Header, v string) { h.LastModified = v },
}

// comment handles "!" lines: header fields, the category directives, and
// plain comments.
func (p *listParser) comment(n int, l string) {
	body := strings.TrimSpace(l[1:])
	key, val, ok := strings.Cut(body, ":")
	if !ok || strings.ContainsAny(key, "\t") || len(key) > len("default-category") {
		return
	}
	key = strings.ToLower(strings.TrimSpace(key))
	val = strings.TrimSpace(val)
	switch key {
	case "category":
		if strings.EqualFold(val, "default") {
			p.directive = ""
			return
		}
		c, ok := ParseCategory(val)
		if !ok {
			p.diag(n, SeverityError, CodeCategory, fmt.Sprintf("unknown category %q (known: %s, or default)", val, categoryNames()))
			p.directive = ""
			return
		}
		p.directive = c
		return
	case "default-category":
		c, ok := ParseCategory(val)
		if !ok {
			p.diag(n, SeverityError, CodeCategory, fmt.Sprintf("unknown category %q (known: %s)", val, categoryNames()))
			return
		}
		if p.seenRule {
			p.diag(n, SeverityWarning, CodeHeader, "! Default-Category: after the first rule applies to the whole list anyway; move it to the header")
		}
		p.list.Header.DefaultCategory = c
		return
	}
	set, ok := headerKeys[key]
	if !ok || p.seenRule {
		return
	}
	set(&p.list.Header, val)
	if key == "expires" {
		secs, err := parseExpires(val)
		if err != nil {
			p.diag(n, SeverityWarning, CodeHeader, fmt.Sprintf("! Expires: %v", err))
			return
		}
		p.list.Header.ExpiresSeconds = secs
	}
}

// Bounds for "! Expires:": lists asking to be fetched more often than
// hourly, or less often than every two months, get the bound.
const (
	minExpires = time.Hour
	maxExpires = 60 * 24 * time.Hour
)

// parseExpires reads "4 days", "12 hours", "1 day (update frequency)".
func parseExpires(v string) (int64, error) {
	f := strings.Fields(v)
	if len(f) < 2 {
		return 0, fmt.Errorf("%q: want a number and a unit (\"4 days\", \"12 hours\")", v)
	}
	n, err := strconv.Atoi(f[0])
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q: %q is not a positive number", v, f[0])
	}
	var unit time.Duration
	switch strings.ToLower(strings.TrimSuffix(f[1], ",")) {
	case "day", "days", "d":
		unit = 24 * time.Hour
	case "hour", "hours", "h":
		unit = time.Hour
	default:
		return 0, fmt.Errorf("%q: unit %q is neither days nor hours", v, f[1])
	}
	d := time.Duration(n) * unit
	if n > int(maxExpires/unit) {
		d = maxExpires
	}
	d = max(d, minExpires)
	return int64(d / time.Second), nil
}

// separators of cosmetic rules, longest first.
var separators = []struct {
	sep       string
	exception bool
	skip      string // non-empty: skipped with this reason
}{
	{"#@$?#", true, SkipCSSInjection},
	{"#$?#", false, SkipCSSInjection},
	{"#@$#", true, SkipCSSInjection},
	{"#$#", false, SkipCSSInjection},
	{"#@%#", true, SkipScriptlet},
	{"#%#", false, SkipScriptlet},
	{"#@?#", true, ""},
	{"#?#", false, ""},
	{"#@#", true, ""},
	{"##", false, ""},
}

// rule parses a line that is not a comment: a cosmetic rule, or a network
// rule (skipped).
func (p *listParser) rule(n int, l string) {
	i := strings.IndexByte(l, '#')
	if i < 0 {
		p.networkOrHTML(n, l)
		return
	}
	rest := l[i:]
	var sep string
	var exception bool
	for _, s := range separators {
		if strings.HasPrefix(rest, s.sep) {
			if s.skip != "" {
				p.skip(n, s.skip)
				return
			}
			sep, exception = s.sep, s.exception
			break
		}
	}
	if sep == "" {
		if i == 0 {
			return // a "# comment" line, as in hosts files
		}
		p.networkOrHTML(n, l)
		return
	}
	domainPart, body := l[:i], strings.TrimSpace(rest[len(sep):])
	if strings.ContainsAny(domainPart, "/|^$?=&") && !strings.HasPrefix(domainPart, "/") {
		p.networkOrHTML(n, l)
		return
	}
	switch {
	case strings.HasPrefix(body, "+js(") || strings.HasPrefix(body, "+js "):
		p.skip(n, SkipScriptlet)
		return
	case strings.HasPrefix(body, "^"):
		p.skip(n, SkipHTMLFilter)
		return
	}
	p.list.Counts.ElementHiding++
	if p.tooMany {
		p.list.Counts.Rejected++
		return
	}
	if len(p.list.Rules) >= MaxRules {
		p.tooMany = true
		p.list.Counts.Rejected++
		p.diag(n, SeverityError, CodeLimit, fmt.Sprintf("more than %d rules: this and the following rules are ignored", MaxRules))
		return
	}
	r := Rule{List: p.list.Name, Line: n, Text: l, Exception: exception, Body: body}
	if err := parseDomains(domainPart, &r); err != nil {
		p.reject(n, SeverityError, CodeInvalidDomain, err.Error())
		return
	}
	if body == "" {
		p.reject(n, SeverityError, CodeInvalidSelector, "empty selector")
		return
	}
	if !p.body(n, &r) {
		return
	}
	p.seenRule = true
	p.list.Rules = append(p.list.Rules, r)
	c := &p.list.Counts
	switch {
	case r.Kind == KindHeuristic:
		c.ByKind[r.Kind]++
	case r.Exception:
		c.Exceptions++
	default:
		c.ByKind[r.Kind]++
		c.ByCategory[r.Category]++
	}
	if r.Generic() {
		c.Generic++
	} else {
		c.Specific++
	}
}

// reject records a cosmetic line that could not be compiled.
func (p *listParser) reject(n int, sev Severity, code, msg string) {
	p.list.Counts.Rejected++
	p.diag(n, sev, code, msg)
}

func (p *listParser) networkOrHTML(n int, l string) {
	if strings.Contains(l, "$$") || strings.Contains(l, "$@$") {
		p.skip(n, SkipHTMLFilter)
		return
	}
	p.skip(n, SkipNetwork)
}

// body parses the selector part of a cosmetic rule into r; it reports
// problems and returns false for a line that cannot be used.
func (p *listParser) body(n int, r *Rule) bool {
	if id, ok := heuristicSwitch(r.Body); ok {
		if !validHeuristicID(id) {
			p.reject(n, SeverityError, CodeHeuristic, fmt.Sprintf("invalid heuristic id %q (lowercase letters, digits and dashes, or *)", id))
			return false
		}
		if !knownHeuristic(id) {
			p.diag(n, SeverityWarning, CodeHeuristic, fmt.Sprintf("unknown heuristic %q (known: %s)", id, heuristicNames()))
		}
		r.Kind, r.Heuristic = KindHeuristic, id
		return true
	}
	r.Kind = KindCSS
	if _, kind, ok := simpleSelector(r.Body); ok {
		r.simpleKind = kind
		r.Category, r.CategorySource = p.category("", r.Body)
		return true
	}
	r.simpleKind = keyAny
	prog, warnings, err := parseProgramAt(r.Body, strings.LastIndex(r.Text, r.Body), p.tab)
	if err != nil {
		if errors.Is(err, errUnsupported) {
			p.reject(n, SeverityWarning, CodeUnsupported, err.Error())
		} else {
			p.reject(n, SeverityError, CodeInvalidSelector, err.Error())
		}
		return false
	}
	for _, w := range warnings {
		p.diag(n, SeverityWarning, CodeSelectorNote, w)
	}
	r.prog = prog
	inferFrom := r.Body
	if sim := prog.similar; sim != nil {
		// The phrase is compared normalized, so an exception cancels the
		// rule whatever its case, quotes or spacing.
		r.Body = r.Body[:sim.argStart] + sim.norm + r.Body[sim.argEnd:]
	}
	r.Body = stripCategory(r.Body)
	if prog.similar != nil {
		r.Kind = KindSimilarity
		inferFrom = prog.similar.norm
		if prog.similar.weak() {
			p.diag(n, SeverityWarning, CodeWeakPhrase, fmt.Sprintf("the phrase %q is short (%d characters): it may match unrelated text", phraseSnippet(prog.similar.norm), len(prog.similar.phrase)))
		}
	}
	r.Category, r.CategorySource = p.category(prog.category, inferFrom)
	return true
}

// category decides a rule's category; see CategorySource.
func (p *listParser) category(own Category, inferFrom string) (Category, CategorySource) {
	switch {
	case own != "":
		return own, FromRule
	case p.directive != "":
		return p.directive, FromDirective
	case p.sourceCategory != "":
		return p.sourceCategory, FromList
	case p.list.Header.DefaultCategory != "":
		return p.list.Header.DefaultCategory, FromList
	}
	if c := InferCategory(inferFrom); c != "" {
		return c, FromKeyword
	}
	return Annoyance, FromDefault
}

// simpleSelector recognizes the commonest rule bodies, a lone .class or
// #id made of plain name characters, so they skip the selector parser.
func simpleSelector(body string) (string, keyKind, bool) {
	if len(body) < 2 || (body[0] != '.' && body[0] != '#') {
		return "", keyAny, false
	}
	name := body[1:]
	if name[0] == '-' && (len(name) == 1 || (name[1] >= '0' && name[1] <= '9')) {
		return "", keyAny, false
	}
	if body[0] == '.' && name[0] >= '0' && name[0] <= '9' {
		return "", keyAny, false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c == '-' || c == '_' || (c >= '0' && c <= '9') || (c|0x20 >= 'a' && c|0x20 <= 'z')) {
			return "", keyAny, false
		}
	}
	if body[0] == '#' {
		return name, keyID, true
	}
	return name, keyClass, true
}

// heuristicSwitch recognizes a ":heuristic(ID)" body.
func heuristicSwitch(body string) (string, bool) {
	const pre = ":heuristic("
	if len(body) < len(pre)+1 || !strings.EqualFold(body[:len(pre)], pre) || body[len(body)-1] != ')' {
		return "", false
	}
	return strings.TrimSpace(body[len(pre) : len(body)-1]), true
}

func validHeuristicID(id string) bool {
	if id == AllHeuristics {
		return true
	}
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) {
			return false
		}
	}
	return true
}

func heuristicNames() string {
	names := make([]string, len(Heuristics))
	for i, h := range Heuristics {
		names[i] = h.ID
	}
	return strings.Join(names, ", ")
}

// stripCategory removes a top-level ":category(...)" from a body, so that
// an exception written without it still cancels the rule.
func stripCategory(body string) string {
	if !strings.Contains(body, "ategory(") && !strings.Contains(body, "ATEGORY(") {
		return body
	}
	low := strings.ToLower(body)
	i := strings.LastIndex(low, ":category(")
	if i < 0 {
		return body
	}
	end := strings.IndexByte(body[i:], ')')
	if end < 0 {
		return body
	}
	return strings.TrimSpace(body[:i] + body[i+end+1:])
}

// parseDomains fills r.Domains and r.NotDomains from "a.com,~b.a.com".
func parseDomains(s string, r *Rule) error {
	if s == "" {
		return nil
	}
	if strings.HasPrefix(s, "/") {
		return errors.New("regular-expression domains are not supported")
	}
	count := strings.Count(s, ",") + 1
	if count > MaxDomains {
		return fmt.Errorf("%d domains; the limit is %d", count, MaxDomains)
	}
	for len(s) > 0 {
		var d string
		if i := strings.IndexByte(s, ','); i >= 0 {
			d, s = s[:i], s[i+1:]
		} else {
			d, s = s, ""
		}
		d = strings.TrimSpace(d)
		neg := strings.HasPrefix(d, "~")
		if neg {
			d = d[1:]
		}
		if err := validDomain(d); err != nil {
			return err
		}
		d = lowerASCII(d)
		if d == "*" {
			continue // "*##" is a generic rule
		}
		if neg {
			r.NotDomains = append(r.NotDomains, d)
		} else {
			r.Domains = append(r.Domains, d)
		}
	}
	return nil
}

// validDomain accepts host names (IDN labels included) and uBlock Origin's
// entities ("example.*").
func validDomain(d string) error {
	if d == "" {
		return errors.New("empty domain in the domain list")
	}
	if d == "*" {
		return nil
	}
	if d[0] == '.' || d[len(d)-1] == '.' || strings.Contains(d, "..") {
		return fmt.Errorf("invalid domain %q", d)
	}
	for i := 0; i < len(d); i++ {
		c := d[i]
		ok := c == '-' || c == '.' || c == '_' || (c >= '0' && c <= '9') || (c|0x20 >= 'a' && c|0x20 <= 'z') || c >= 0x80
		if c == '*' {
			// Only as a whole last label: example.*
			ok = i == len(d)-1 && i > 0 && d[i-1] == '.'
		}
		if !ok {
			return fmt.Errorf("invalid domain %q", d)
		}
	}
	return nil
}

// lowerASCII lowercases without allocating when nothing changes.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}
