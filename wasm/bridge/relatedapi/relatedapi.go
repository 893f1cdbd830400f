// Package relatedapi is the related-coverage half of the WebAssembly
// bridge as plain Go, so it is tested natively: the bridge's JavaScript
// functions (tidings.fingerprint, relatedAdd, relatedQuery, relatedRank,
// relatedFindQuotes, parseFeed, …) only convert their arguments and call
// these.
//
// The extension keeps one Service in its background for the life of the
// engine: an in-memory related.Index of the articles the reader opened and
// of the user's feed items, filled again from IndexedDB whenever the
// background starts. Ids are the extension's own (an article's URL with a
// prefix saying where it came from); the index never sees anything else.
package relatedapi

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/tidings-app/tidings/wasm/bridge/feed"
	"github.com/tidings-app/tidings/wasm/engine"
	"github.com/tidings-app/tidings/wasm/related"
)

const (
	// MaxIDBytes bounds an id: URLs longer than this are not worth
	// remembering, and a hostile import file cannot make the index hold
	// megabyte keys.
	MaxIDBytes = 4096
	// MaxCandidates is the most candidates Rank fingerprints in one call
	// (the content script sends at most a few hundred headlines).
	MaxCandidates = 500
	// MaxLimit caps the hits of one lookup.
	MaxLimit = 100
	// HeadlineMinScore is the same-story probability a candidate known by
	// its headline only (a link on the page) needs to be shown. The model
	// was fit on whole articles; a headline carries few terms and no
	// quotes, so it needs more. Measured on the ECB+ dev set (each article
	// against the headlines of its topic, hard negatives included, and of
	// every seventh other article): at 0.5 precision 0.84, recall 0.34;
	// at 0.8 precision 0.87, recall 0.22; at 0.9 precision 0.90, recall
	// 0.15 (TestHeadlineThreshold repeats the measurement). 0.8 keeps a
	// headline list short and mostly right.
	HeadlineMinScore = 0.8
)

// Errors of the Service.
var (
	ErrBadID      = fmt.Errorf("relatedapi: an id must have 1 to %d bytes", MaxIDBytes)
	ErrNoArticle  = errors.New("relatedapi: the article has no title and no text")
	ErrBadPassage = errors.New("relatedapi: passages must be a JSON array of strings")
)

// Service is the background's index of related coverage.
type Service struct {
	index *related.Index
}

// New returns an empty Service scoring with the default model.
func New() *Service {
	return &Service{index: related.NewIndex(related.DefaultModel())}
}

// ArticleOf is the article a fingerprint is made from for an engine result:
// its title, plain text and publication time (related.New reads nothing
// else).
func ArticleOf(r *engine.Result) related.Article {
	return related.Article{Title: r.Title, Text: r.TextContent, Time: related.ParseTime(r.PublishedTime)}
}

// encode fingerprints a and returns the base64 form.
func encode(a related.Article) (string, error) {
	b, err := related.New(a).MarshalText()
	return string(b), err
}

// ResultFingerprint is the base64 fingerprint the bridge puts in a clean
// result: only for readerable pages with text (every page the content
// script sends is cleaned, and only articles are recorded or looked up),
// "" otherwise.
func ResultFingerprint(r *engine.Result) string {
	if r == nil || !r.Readerable || strings.TrimSpace(r.TextContent) == "" {
		return ""
	}
	fp, err := encode(ArticleOf(r))
	if err != nil {
		return ""
	}
	return fp
}

// articleInput is what Fingerprint reads: of an engine result (title,
// textContent, publishedTime) or of a plain article (title, text, time).
type articleInput struct {
	Title         string `json:"title"`
	Text          string `json:"text"`
	TextContent   string `json:"textContent"`
	Time          string `json:"time"`
	PublishedTime string `json:"publishedTime"`
}

// Fingerprint fingerprints an article given as JSON (an engine result or
// {title, text, time}; other fields are ignored) and returns its base64
// form.
func Fingerprint(input []byte) (string, error) {
	var in articleInput
	if err := json.Unmarshal(input, &in); err != nil {
		return "", fmt.Errorf("relatedapi: fingerprint: %w", err)
	}
	a := related.Article{
		Title: in.Title,
		Text:  cmp.Or(in.Text, in.TextContent),
		Time:  related.ParseTime(cmp.Or(in.Time, in.PublishedTime)),
	}
	if strings.TrimSpace(a.Title) == "" && strings.TrimSpace(a.Text) == "" {
		return "", ErrNoArticle
	}
	fp, err := encode(a)
	if err != nil {
		return "", fmt.Errorf("relatedapi: fingerprint: %w", err)
	}
	return fp, nil
}

// FeedItem is an item of ParseFeed's answer: the parsed item and its
// fingerprint.
type FeedItem struct {
	feed.Item
	Fingerprint string `json:"fingerprint"`
}

// ParsedFeed is ParseFeed's answer: the feed's header and its items that
// could be fingerprinted.
type ParsedFeed struct {
	Title string     `json:"title"`
	Link  string     `json:"link"`
	TTL   int        `json:"ttl"`
	Items []FeedItem `json:"items"`
}

// ParseFeed reads a feed (see package feed; base is the feed's URL) and
// fingerprints each item from its title, summary and publication time.
func ParseFeed(text, base string) (*ParsedFeed, error) {
	f, err := feed.Parse(text, base)
	if err != nil {
		return nil, err
	}
	items := make([]FeedItem, 0, len(f.Items))
	for _, it := range f.Items {
		fp, err := encode(related.Article{Title: it.Title, Text: it.Summary, Time: related.ParseTime(it.Published)})
		if err != nil {
			continue
		}
		items = append(items, FeedItem{Item: it, Fingerprint: fp})
	}
	return &ParsedFeed{Title: f.Title, Link: f.Link, TTL: f.TTL, Items: items}, nil
}

// DecodeBase64 turns a base64 fingerprint into its binary form (what
// IndexedDB keeps), checking it.
func DecodeBase64(text string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(text))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", related.ErrBadFingerprint, err)
	}
	if _, err := related.Decode(b); err != nil {
		return nil, err
	}
	return b, nil
}

func checkID(id string) error {
	if id == "" || len(id) > MaxIDBytes {
		return ErrBadID
	}
	return nil
}

// Add indexes a fingerprint (binary form) under id, replacing the one
// indexed under it before.
func (s *Service) Add(id string, fp []byte) error {
	if err := checkID(id); err != nil {
		return err
	}
	f, err := related.Decode(fp)
	if err != nil {
		return err
	}
	return s.index.Add(id, f)
}

// Remove forgets id and reports whether it was indexed.
func (s *Service) Remove(id string) bool { return s.index.Remove(id) }

// Clear forgets every article.
func (s *Service) Clear() { s.index.Clear() }

// Len is the number of indexed articles.
func (s *Service) Len() int { return s.index.Len() }

// clampLimit keeps a caller's limit within 1..MaxLimit (0 or less: MaxLimit).
func clampLimit(limit int) int {
	if limit <= 0 || limit > MaxLimit {
		return MaxLimit
	}
	return limit
}

// Query finds the indexed articles of fp's story, most probable first,
// never exclude (the article's own id), at most limit of them.
func (s *Service) Query(fp []byte, exclude string, limit int) ([]related.Hit, error) {
	f, err := related.Decode(fp)
	if err != nil {
		return nil, err
	}
	return nonNil(s.index.Query(f, related.QueryOptions{Exclude: exclude, Limit: clampLimit(limit)})), nil
}

// Candidate is an article known only by a little text: a link on the page
// (its headline) or any other short description.
type Candidate struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Text  string `json:"text"`
	Time  string `json:"time"`
}

// Rank scores candidates against fp in an index of their own (the
// background's index is not touched) and returns those whose same-story
// probability is at least HeadlineMinScore, most probable first. Only the
// first MaxCandidates are considered; duplicates and empty ones are
// skipped.
func Rank(fp []byte, candidates []Candidate, limit int) ([]related.Hit, error) {
	q, err := related.Decode(fp)
	if err != nil {
		return nil, err
	}
	if len(candidates) > MaxCandidates {
		candidates = candidates[:MaxCandidates]
	}
	x := related.NewIndex(related.DefaultModel())
	for _, c := range candidates {
		if checkID(c.ID) != nil {
			continue
		}
		f := related.New(related.Article{Title: c.Title, Text: c.Text, Time: related.ParseTime(c.Time)})
		if f.Empty() {
			continue
		}
		if err := x.Add(c.ID, f); err != nil {
			return nil, fmt.Errorf("relatedapi: rank: %w", err)
		}
	}
	var out []related.Hit
	for _, h := range x.Query(q, related.QueryOptions{Limit: clampLimit(limit)}) {
		if h.Score >= HeadlineMinScore {
			out = append(out, h)
		}
	}
	return nonNil(out), nil
}

// FindQuotes locates passages (a JSON array of normalized quotes, as hits
// give them) in text and returns their spans in UTF-16 units.
func FindQuotes(text string, passagesJSON []byte) ([]related.Span, error) {
	var passages []string
	if err := json.Unmarshal(passagesJSON, &passages); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadPassage, err)
	}
	spans := related.FindQuotes(text, passages)
	if spans == nil {
		spans = []related.Span{}
	}
	return spans, nil
}

// nonNil gives an empty slice for nil, so JSON says [] rather than null,
// and every hit's SharedQuotes likewise.
func nonNil(hits []related.Hit) []related.Hit {
	if hits == nil {
		return []related.Hit{}
	}
	for i := range hits {
		if hits[i].SharedQuotes == nil {
			hits[i].SharedQuotes = []string{}
		}
	}
	return hits
}
