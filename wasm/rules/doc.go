// Package rules reads Tidings rule lists and matches them against pages.
//
// The format (specified in rules/README.md) is a superset of the cosmetic
// filters of Adblock Plus and uBlock Origin: element-hiding rules
// (##selector, domain-scoped, #@# exceptions, #?# and procedural
// operators such as :has-text and :upward), plus Tidings' similarity
// rules (##:similar(phrase)), which find a phrase in the page's text
// allowing small differences, a category for every rule, and switches for
// the built-in heuristics of package detect. Network rules, scriptlets and
// HTML filters are skipped and counted.
//
// Parse reads a list into rules and diagnostics and never fails; Lint adds
// the checks an author wants and returns a JSON-friendly summary; Compile
// builds a Matcher, and Matcher.Match returns the elements of a parsed
// page that the rules hit, each with its rule, kind, category, confidence
// and action.
package rules
