// Package related finds other coverage of the same story.
//
// # Fingerprints
//
// New turns an extracted article (its title, text and publication time)
// into a Fingerprint: the normalized title; the 40 heaviest key terms
// by TF-IDF (light Porter step-1 stemming; document frequencies from a
// table generated from the Zyte and Readability corpora, see
// internal/gendf; headline and lead words count extra); the 24 heaviest
// entity-like names (capitalized words and acronyms, not at a sentence
// start unless the body also writes them mid-sentence); dates and years;
// numbers; and the quotations (text inside “…”, "…", «…», „…“, normalized
// for quote marks, apostrophes, dashes, spacing and case). MarshalBinary
// stores it in at most 1,286 bytes (MaxEncodedSize 2,048), 560 on average.
//
// # Matching
//
// Two articles of the same topic share words; two reports of the same
// event share the words that set the event apart: names, places, dates,
// numbers, quotes. A lookup therefore works on a neighbourhood: the query
// and the indexed articles whose key-term cosine with it is at least
// MinTerms (at most 32). Within it, every key is weighed down by the share
// of the neighbourhood that carries it (Context), so "DUI" and "Chargers"
// count little around one Chargers player's arrest while "Jamal Williams"
// counts. Each pair gets Features (term and name cosines, name coverage
// both ways, title similarity by word-level Levenshtein, shared quotes,
// same day, years, conflicting years, numbers, headline coverage, shared
// protagonist), a Model turns them into a same-story probability (logistic
// regression fit on ECB+, see package ecbplus and internal/tune), and the
// neighbourhood is grouped by average linkage at probability 1/2 (Story):
// the query's group is its story. Articles published more than 30 days
// apart are never one story.
//
// # Index and the browser
//
// Index keeps fingerprints in memory with an inverted index of key terms
// (about 1.1 KB per article), so a lookup reads only the postings of the
// query's terms. The extension's background page is meant to call it
// through thin bridge functions:
//
//	tidings.fingerprint(resultJSON) → base64   // New(Article from engine.Result).MarshalText
//	tidings.relatedAdd(id, base64) → ""|error  // UnmarshalText, Index.Add
//	tidings.relatedRemove(id) → bool           // Index.Remove
//	tidings.relatedClear()                     // Index.Clear
//	tidings.relatedQuery(base64, exclude, limit) → JSON [{id, score, sharedQuotes}]
//
// IndexedDB keeps {id (URL), title, site, time, fingerprint bytes}; on
// start the background page adds every stored fingerprint back. To mark
// the shared quotes in the reader view, FindQuotes maps the normalized
// passages of a Hit back to spans of the article text, in UTF-16 units:
//
//	tidings.relatedFindQuotes(text, passagesJSON) → JSON [{start, end}]
//
// The CLI (`tidings related`) runs the same code over a file: LinkAll
// looks every article up among the others, Stories groups them.
package related
