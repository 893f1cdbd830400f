//go:build !js

package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tidings-app/tidings/wasm/bridge/relatedapi"
	"github.com/tidings-app/tidings/wasm/decode"
	"github.com/tidings-app/tidings/wasm/engine"
)

// relatedScript drives the bridge's related-coverage functions under Node
// and prints one JSON object with what each call answered.
const relatedScript = `
import { readFileSync } from 'node:fs';
import { loadEngine } from %q;
const [wasm, wasmExec, mtPage, meePage] = process.argv.slice(2);
const t = await loadEngine(wasm, wasmExec);
const out = {};
const mt = JSON.parse(t.clean(readFileSync(mtPage, 'utf8'), 'http://127.0.0.1/seeds/mt.html'));
const mee = JSON.parse(t.clean(readFileSync(meePage, 'utf8'), 'http://127.0.0.1/seeds/mee.html'));
out.cleanFingerprints = [mt.fingerprint, mee.fingerprint];
out.fingerprintOfResult = t.fingerprint(JSON.stringify(mt));
out.fingerprintBadJSON = t.fingerprint('{');
out.fingerprintEmpty = t.fingerprint('{"title":""}');
const bytes = Uint8Array.from(atob(mee.fingerprint), (c) => c.charCodeAt(0));
out.addBytes = t.relatedAdd('a:mee', bytes);
out.addBase64 = t.relatedAdd('a:mt', mt.fingerprint);
out.addBadBase64 = t.relatedAdd('a:x', '@@@');
out.addBadBytes = t.relatedAdd('a:x', new Uint8Array([1, 2, 3]));
out.addNoID = t.relatedAdd(42, mt.fingerprint);
out.len = t.relatedLen();
out.query = JSON.parse(t.relatedQuery(mt.fingerprint, 'a:mt', 5));
out.queryBad = JSON.parse(t.relatedQuery('AAAA', '', 5));
const passages = out.query.length ? out.query[0].sharedQuotes : [];
out.spans = JSON.parse(t.relatedFindQuotes(mt.textContent, JSON.stringify(passages)));
out.marked = out.spans.map((s) => mt.textContent.slice(s.start, s.end));
out.rank = JSON.parse(t.relatedRank(mt.fingerprint, JSON.stringify([
  { id: 'l:mee', title: 'Kerry to meet Putin over Syria peace process' },
  { id: 'l:sport', title: 'Arsenal beat Chelsea 2-1 in a thriller at the Emirates' },
]), 10));
out.rankBad = JSON.parse(t.relatedRank(mt.fingerprint, 'nope', 10));
const feed = JSON.parse(t.parseFeed('<?xml version="1.0"?><rss><channel><title>Wire</title>' +
  '<item><title>Kerry to meet Putin over Syria peace process</title><link>/kerry</link>' +
  '<description>&lt;p&gt;Kerry will travel to Moscow next week to meet Putin and Lavrov about Syria.&lt;/p&gt;</description></item>' +
  '</channel></rss>', 'https://wire.example/rss.xml'));
out.feed = feed;
out.feedAdd = feed.items.length ? t.relatedAdd('f:' + feed.items[0].id, feed.items[0].fingerprint) : 'no item';
out.feedQuery = JSON.parse(t.relatedQuery(mt.fingerprint, 'a:mt', 5)).map((h) => h.id);
out.feedHTML = JSON.parse(t.parseFeed('<!DOCTYPE html><html><body>not a feed</body></html>', ''));
out.removed = [t.relatedRemove('a:mee'), t.relatedRemove('a:mee')];
t.relatedClear();
out.lenAfterClear = t.relatedLen();
// Loading a large index: the same fingerprints under many ids.
const n = 10000;
const t0 = performance.now();
for (let i = 0; i < n; i++) t.relatedAdd('a:' + i, i %% 2 ? bytes : mt.fingerprint);
out.addMsPerArticle = (performance.now() - t0) / n;
const t1 = performance.now();
t.relatedQuery(mt.fingerprint, '', 10);
out.queryMsAt10k = performance.now() - t1;
out.lenAt10k = t.relatedLen();
process.stdout.write(JSON.stringify(out));
`

func TestBridgeRelated(t *testing.T) {
	root := repoRoot(t)
	wasm, wasmExec := buildWASM(t)
	script := filepath.Join(t.TempDir(), "related.mjs")
	lib := filepath.Join(root, "scripts", "lib", "engine-node.mjs")
	src := strings.Replace(strings.Replace(relatedScript, "%q", jsString(lib), 1), "%%", "%", 1)
	if err := os.WriteFile(script, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	seeds := filepath.Join(root, "testdata", "seeds")
	cmd := exec.Command("node", script, wasm, wasmExec, filepath.Join(seeds, "moscowtimes-kerry-syria.html"), filepath.Join(seeds, "middleeasteye-kerry-syria.html"))
	cmd.Stderr = os.Stderr
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var out struct {
		CleanFingerprints                    []string
		FingerprintOfResult                  string
		FingerprintBadJSON, FingerprintEmpty string
		AddBytes, AddBase64                  string
		AddBadBase64, AddBadBytes, AddNoID   string
		Len, LenAfterClear, LenAt10k         int
		Query                                []struct {
			ID           string
			Score        float64
			SharedQuotes []string
		}
		QueryBad, RankBad, FeedHTML map[string]any
		Spans                       []struct{ Start, End int }
		Marked                      []string
		Rank                        []struct{ ID string }
		Feed                        struct {
			Title string
			Items []struct{ ID, URL, Title, Summary, Fingerprint string }
		}
		FeedAdd                       string
		FeedQuery                     []string
		Removed                       []bool
		AddMsPerArticle, QueryMsAt10k float64
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}

	// clean() carries the native fingerprint; fingerprint(result) agrees.
	mtSrc, _ := decode.File(filepath.Join(seeds, "moscowtimes-kerry-syria.html"), nil)
	native, err := engine.Clean(mtSrc, engine.Options{URL: "http://127.0.0.1/seeds/mt.html"})
	if err != nil {
		t.Fatal(err)
	}
	if want := relatedapi.ResultFingerprint(native); out.CleanFingerprints[0] != want || want == "" {
		t.Errorf("clean's fingerprint %q, native %q", out.CleanFingerprints[0], want)
	}
	if out.FingerprintOfResult != out.CleanFingerprints[0] {
		t.Error("fingerprint(result JSON) differs from clean's fingerprint")
	}
	for name, v := range map[string]string{"bad JSON": out.FingerprintBadJSON, "empty": out.FingerprintEmpty, "bad base64": out.AddBadBase64, "bad bytes": out.AddBadBytes, "no id": out.AddNoID} {
		if !strings.HasPrefix(v, `{"error":`) {
			t.Errorf("%s: answer %q, want an error", name, v)
		}
	}
	if out.AddBytes != "" || out.AddBase64 != "" || out.Len != 2 {
		t.Errorf("adds: %q %q, len %d", out.AddBytes, out.AddBase64, out.Len)
	}
	if len(out.Query) != 1 || out.Query[0].ID != "a:mee" {
		t.Fatalf("query: %+v, want the MEE article", out.Query)
	}
	if out.QueryBad["error"] == nil || out.RankBad["error"] == nil || out.FeedHTML["error"] == nil {
		t.Errorf("bad queries answer errors: %v %v %v", out.QueryBad, out.RankBad, out.FeedHTML)
	}
	found := false
	for _, m := range out.Marked {
		found = found || strings.Contains(m, "we may face the best opportunity that we\u2019ve had in years to end it")
	}
	if !found {
		t.Errorf("findQuotes did not mark the Kerry quote in the Moscow Times text (JavaScript offsets): %q", out.Marked)
	}
	if len(out.Rank) != 1 || out.Rank[0].ID != "l:mee" {
		t.Errorf("rank: %+v, want the Kerry headline alone", out.Rank)
	}
	if out.Feed.Title != "Wire" || len(out.Feed.Items) != 1 || out.Feed.Items[0].URL != "https://wire.example/kerry" || out.Feed.Items[0].Fingerprint == "" ||
		out.Feed.Items[0].Summary != "Kerry will travel to Moscow next week to meet Putin and Lavrov about Syria." {
		t.Errorf("parseFeed: %+v", out.Feed)
	}
	if out.FeedAdd != "" || !slices.Contains(out.FeedQuery, "f:https://wire.example/kerry") {
		t.Errorf("a feed item is added (%q) and found: %v", out.FeedAdd, out.FeedQuery)
	}
	if out.Removed[0] != true || out.Removed[1] != false || out.LenAfterClear != 0 {
		t.Errorf("remove %v, len after clear %d", out.Removed, out.LenAfterClear)
	}
	if out.LenAt10k != 10000 {
		t.Errorf("len after 10k adds: %d", out.LenAt10k)
	}
	t.Logf("WASM under Node: relatedAdd %.3f ms an article; a query among 10,000 %.2f ms", out.AddMsPerArticle, out.QueryMsAt10k)
}
