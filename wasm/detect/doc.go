// Package detect finds what on a news page is not the article: paywall
// prompts and overlays, donation appeals, newsletter and sign-up boxes,
// cookie notices, share bars. It applies a compiled rule list
// (package rules: CSS, procedural and similarity rules) and the built-in
// heuristics named in rules.Heuristics, then makes the result safe to act
// on:
//
//   - a detection that would hide a large share of the page's main text is
//     shrunk to the matched block (similarity rules) or dropped: a banner
//     rule never swallows the article;
//   - nested detections of one category are reported once, by the
//     outermost element (hiding it hides the inner ones);
//   - every detection carries a locator (package locate) that the content
//     script verifies in the live DOM before hiding anything, and a short
//     snippet of its text.
//
// Heuristics are small named predicates over the markup a page delivered
// (class and id names, inline styles, links, form fields and wording),
// each with its reason in a comment. They run in the same single walk
// over the document that measures text, and each can be switched off per
// domain by a rule line (`example.com#@#:heuristic(share-bar)`).
//
// A heuristic reports its registry category (rules.Heuristics) except where
// the wording says more: a signup-box prompt that withholds the article
// ("To read the full story…") is a paywall, and an overlay whose text is a
// cookie notice, a newsletter or a donation appeal takes that category.
//
// Nothing here fetches anything or reveals withheld text: a paywall is
// reported (Result.Paywalled) and its prompt hidden, never bypassed.
package detect
