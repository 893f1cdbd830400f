package engine

import "fmt"

// Warm prepares a fresh process for its first page: it compiles the
// shipped rule lists (unless opts carries its own) and cleans a small
// built-in article once, returning that result (an error would be a bug:
// the page is part of the engine).
//
// Cleaning the first page costs far more than any later one: in
// WebAssembly, parsing and compiling the shipped lists takes about 150 ms,
// and the browser compiles each function of the engine the first time it
// runs. The extension has a fresh engine call Warm as a page starts
// loading (the page's first message wakes the worker, well before the
// page is ready to be cleaned), so those costs fall while the page loads
// rather than on its cleanup (`make bench-extension`, "first page after
// the worker stopped").
func Warm(opts Options) (*Result, error) {
	opts.URL = warmURL
	opts.Stages = nil
	res, err := Clean(warmPage, opts)
	if err != nil {
		return nil, fmt.Errorf("warm: %w", err)
	}
	return res, nil
}

// warmURL is the built-in page's address.
const warmURL = "https://news.example/2026/01/harbour-reopens"

// warmPage is a short news article with what real ones carry around the
// text (navigation, a lazy image, a newsletter box, a donation appeal, a
// share bar, a cookie notice, JSON-LD), so that warming runs every stage
// and the rules and heuristics that most pages meet.
const warmPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour reopens after storm repairs | The Example Post</title>
<meta property="og:title" content="Harbour reopens after storm repairs">
<meta property="og:site_name" content="The Example Post">
<meta property="og:type" content="article">
<meta name="author" content="Ana Ortiz">
<link rel="canonical" href="https://news.example/2026/01/harbour-reopens">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Harbour reopens after storm repairs","datePublished":"2026-01-12T08:00:00Z","author":{"@type":"Person","name":"Ana Ortiz"},"isAccessibleForFree":true}</script>
<script>window.dataLayer = [];</script>
</head><body>
<header class="site-header"><a href="/">The Example Post</a><nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="share-bar"><a href="https://www.facebook.com/sharer/sharer.php?u=x" class="share-facebook">Share on Facebook</a> <a href="https://twitter.com/intent/tweet?url=x" class="share-twitter">Share on X</a></div>
<main><article>
<h1>Harbour reopens after storm repairs</h1>
<p class="byline">By <a rel="author" href="/authors/ana-ortiz">Ana Ortiz</a> · <time datetime="2026-01-12T08:00:00Z">12 January 2026</time></p>
<figure><img data-src="/img/harbour.jpg" alt="The harbour at dawn" width="800" height="450"><figcaption>The harbour at dawn on Monday.</figcaption></figure>
<p>The town's harbour reopened on Monday, six weeks after a winter storm tore through its sea wall and left two piers unusable for the fishing fleet that has worked from it for more than a century.</p>
<p>"We lost the whole season's first catch," said the harbour master, who watched the first boats return before sunrise. Engineers rebuilt forty metres of the wall and reinforced the piers with steel.</p>
<h2>What changed</h2>
<ul><li>The sea wall is a metre higher.</li><li>Both piers carry new moorings.</li></ul>
<blockquote><p>It is stronger than it was before the storm.</p></blockquote>
<p>The council said the repairs cost less than first feared, and that the new wall was designed for the higher tides forecast for the coming decades. <a href="/2025/12/storm-damage">Read our report on the storm damage</a>.</p>
</article>
<aside class="newsletter-signup"><h3>Get the morning briefing</h3><p>Sign up for our newsletter and get the day's news in your inbox.</p><form action="/subscribe"><input type="email" name="email" placeholder="Your email"><button>Subscribe</button></form></aside>
<aside class="donate-box"><h3>Support independent journalism</h3><p>Our reporting is free to read. If you value it, please make a donation today.</p><a class="button" href="/donate">Donate now</a></aside>
</main>
<div id="cookie-banner" class="cookie-consent" role="dialog"><p>We use cookies to improve your experience.</p><button>Accept all cookies</button></div>
<footer><p>© 2026 The Example Post</p></footer>
</body></html>`
