//go:build js && wasm

// Command bridge is the engine compiled to WebAssembly for the extension.
// It installs a global `tidings` object whose functions take and return
// strings (JSON for structured values), then calls
// globalThis.tidingsReady() if the host defined it, and stays alive to
// answer calls:
//
//	tidings.clean(html, url[, {fingerprint: false}]) → JSON of engine.Result, or {"error": "..."}
//	tidings.detect(html, url) → JSON of the first half of clean (engine.Page.Detected) with a "handle"
//	tidings.finish(handle[, {fingerprint: false}]) → JSON of that page's whole engine.Result
//	tidings.setRules(lists[, options]) → JSON summary, or {"error": "..."}
//	tidings.lint(text[, name]) → JSON of rules.LintResult
//	tidings.heuristics() → JSON [{"id", "category", "doc"}]
//	tidings.version() → the engine version
//	tidings.stages(html, url) → JSON of StageTimes (the pipeline's stages timed, for `make bench`)
//	tidings.warm() → JSON {"detections", "textBytes"} of a small built-in page cleaned (a fresh engine's first-run costs paid)
//	tidings.idle() → true when it ran a garbage collection that was near (the host calls it once idle)
//	tidings.exit() → ends the Go program once the call returns, so that its memory can be freed
//	tidings.fingerprint, relatedAdd, relatedQuery, … → see related.go
//
// clean's result carries the article's story fingerprint ("fingerprint",
// base64) when the page is readerable, unless the options say
// {fingerprint: false}: the extension's in-page cleanup needs only the
// detections, and on a long article the fingerprint can take as long as
// the rest of the clean, so it asks for it later (tidings.fingerprint on
// the result's title, text and time gives the same).
//
// detect and finish are clean in two calls: detect parses the page, reads
// its metadata and detects what is not the article, and answers that (no
// text or content yet) with a handle; finish(handle) extracts and
// sanitizes the article and answers the result clean would have. The
// in-page cleanup acts on detect's answer while the article is finished
// in a later task. Detected pages wait for finish in the engine, at most
// maxPending of them: a detect beyond that drops the oldest, whose finish
// then answers an error.
//
// setRules takes the reader's rule lists as JSON, [{"name", "text",
// "category"?}, ...] (or {"lists": [...], "defaults": false}), and
// options as JSON, {"defaults": false} to leave the shipped lists out
// (they are on by default). It compiles the lists once, with the shipped
// ones first, and every later clean() uses them until the next setRules;
// it answers {"lists": [lint result per list], "defaults", "shipped":
// [names], "stats": {...}, "errors": N}. Bad JSON leaves the current rules
// in place. Until setRules is called, clean() applies the shipped lists.
//
// No call ever panics into JavaScript: a Go panic becomes an error result,
// so one hostile page cannot kill the engine for every later page.
package main

import (
	"encoding/json"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"syscall/js"
	"unicode/utf8"

	shipped "github.com/tidings-app/tidings/rules"
	"github.com/tidings-app/tidings/wasm/bridge/relatedapi"
	"github.com/tidings-app/tidings/wasm/engine"
	"github.com/tidings-app/tidings/wasm/rules"
	"github.com/tidings-app/tidings/wasm/sanitize"
)

func main() {
	// Pages are cleaned one at a time and little stays live between
	// them: see engine.GCPercent.
	debug.SetGCPercent(engine.GCPercent)
	b := &bridge{policy: sanitize.NewPolicy(), encoder: js.Global().Get("TextEncoder").New()}
	api := js.Global().Get("Object").New()
	api.Set("clean", js.FuncOf(b.clean))
	api.Set("detect", js.FuncOf(b.detect))
	api.Set("finish", js.FuncOf(b.finish))
	api.Set("setRules", js.FuncOf(b.setRules))
	api.Set("lint", js.FuncOf(b.lint))
	api.Set("heuristics", js.FuncOf(b.heuristics))
	api.Set("version", js.FuncOf(func(js.Value, []js.Value) any { return engine.Version }))
	api.Set("stages", js.FuncOf(b.stages))
	api.Set("warm", js.FuncOf(b.warm))
	api.Set("idle", js.FuncOf(b.idle))
	// WebAssembly memory never shrinks: the host ends a runtime that grew
	// large (a huge page) and starts a fresh one from the compiled module.
	exit := make(chan struct{})
	var once sync.Once
	api.Set("exit", js.FuncOf(func(js.Value, []js.Value) any {
		once.Do(func() { close(exit) })
		return nil
	}))
	// Related coverage: fingerprints, the index, feeds (related.go).
	installRelated(api)
	js.Global().Set("tidings", api)
	if ready := js.Global().Get("tidingsReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	<-exit
}

// bridge holds what is built once and shared by every call.
type bridge struct {
	policy *sanitize.Policy
	// rules are the lists of the last setRules; nil applies the shipped
	// lists (engine.DefaultRules). JavaScript calls run one at a time.
	rules *rules.Matcher
	// encoder is a JavaScript TextEncoder, which turns the page into
	// UTF-8 on the JavaScript side (see utf8Bytes), into scratch, a
	// Uint8Array of scratchBytes kept from page to page.
	encoder js.Value
	scratch js.Value
	// resident is the heap kept between pages, measured when setRules
	// compiles the reader's lists (engine.MemoryLimit).
	resident int64
	// pending are the pages detect answered and finish has not, oldest
	// first (at most maxPending).
	pending    []pendingPage
	lastHandle int
}

// pendingPage is a detected page waiting for finish, and its handle.
type pendingPage struct {
	handle int
	page   *engine.Page
}

// maxPending is how many detected pages may wait for finish: the
// extension finishes each once its page has hidden what was detected (at
// most half a second later), and finishes the oldest itself rather than
// detect a fifth (BRIDGE_MAX_PENDING in extension/background/engine.js),
// so more than a few means their finish calls were lost, and each holds a
// parsed page (several times the page's size).
const maxPending = 4

// utf8Bytes copies a JavaScript string into Go memory as UTF-8. Unlike
// js.Value.String, which copies it into a byte slice and then into a
// string, it copies the page once: on a typical page that spares a fifth
// of what cleaning it allocates. TextEncoder writes lone surrogates as
// U+FFFD, as Value.String does.
//
// The page is encoded into scratch, an array kept from page to page
// (encodeInto), rather than into a new array each time (encode), which
// halves the encoding's cost in V8. encodeInto stops only when the next
// character's bytes (at most utf8.UTFMax) do not fit, so with more room
// than that left the page was encoded whole; a longer page is encoded
// again into an array of its own.
func (b *bridge) utf8Bytes(v js.Value) []byte {
	if b.scratch.IsUndefined() {
		b.scratch = js.Global().Get("Uint8Array").New(scratchBytes)
	}
	if n := b.encoder.Call("encodeInto", v, b.scratch).Get("written").Int(); n <= scratchBytes-utf8.UTFMax {
		buf := make([]byte, n)
		js.CopyBytesToGo(buf, b.scratch) // copies len(buf) bytes
		return buf
	}
	arr := b.encoder.Call("encode", v)
	buf := make([]byte, arr.Length())
	js.CopyBytesToGo(buf, arr)
	return buf
}

// scratchBytes is the size of the reused encoding array: every page of the
// Zyte benchmark (median 115 KB, largest 1.5 MB) fits, and it is small
// next to what the engine keeps.
const scratchBytes = 2 << 20

// page reads the (html, url) arguments of clean, detect and stages: the
// page as UTF-8, and the engine's options for it (its address, which may
// be empty, the sanitizer and the reader's rules). It sets the
// collector's memory limit for cleaning that page.
func (b *bridge) page(fn string, args []js.Value) ([]byte, engine.Options, error) {
	opts := b.options()
	if len(args) < 1 || args[0].Type() != js.TypeString {
		return nil, opts, fmt.Errorf("%s(html, url): html must be a string", fn)
	}
	if len(args) > 1 && args[1].Type() == js.TypeString {
		opts.URL = args[1].String()
	}
	src := b.utf8Bytes(args[0])
	debug.SetMemoryLimit(engine.MemoryLimit(len(src), b.resident))
	return src, opts, nil
}

// options are the engine's options every call shares: the sanitizer and
// the reader's rules.
func (b *bridge) options() engine.Options {
	return engine.Options{Policy: b.policy, Rules: b.rules}
}

// clean(html, url[, options]) → JSON string.
func (b *bridge) clean(_ js.Value, args []js.Value) (out any) {
	defer recoverTo(&out)
	src, opts, err := b.page("clean", args)
	if err != nil {
		return errorJSON(err)
	}
	res, err := engine.CleanBytes(src, opts)
	if err != nil {
		return errorJSON(err)
	}
	return completed(res, args, 2)
}

// completed is the JSON answer of a whole result: readerable pages carry
// their story fingerprint, so the extension records and looks up related
// coverage without a second call, unless the options in args[at] say
// {fingerprint: false}.
func completed(res *engine.Result, args []js.Value, at int) string {
	if wantFingerprint(args, at) {
		res.Fingerprint = relatedapi.ResultFingerprint(res)
	}
	return toJSON(res)
}

// wantFingerprint reads the options in args[at]: only {fingerprint: false}
// leaves the fingerprint out.
func wantFingerprint(args []js.Value, at int) bool {
	if len(args) <= at || args[at].Type() != js.TypeObject {
		return true
	}
	f := args[at].Get("fingerprint")
	return f.Type() != js.TypeBoolean || f.Bool()
}

// detectedAnswer is detect's answer: the half result and its handle.
type detectedAnswer struct {
	*engine.Result
	Handle int `json:"handle"`
}

// detect(html, url) → JSON of the detected half, with its handle.
func (b *bridge) detect(_ js.Value, args []js.Value) (out any) {
	defer recoverTo(&out)
	src, opts, err := b.page("detect", args)
	if err != nil {
		return errorJSON(err)
	}
	p, err := engine.DetectBytes(src, opts)
	if err != nil {
		return errorJSON(err)
	}
	b.lastHandle++
	b.pending = append(b.pending, pendingPage{b.lastHandle, p})
	if len(b.pending) > maxPending {
		b.pending = slices.Delete(b.pending, 0, 1) // the oldest
	}
	return toJSON(detectedAnswer{Result: p.Detected(), Handle: b.lastHandle})
}

// finish(handle[, options]) → JSON of the page's whole result.
func (b *bridge) finish(_ js.Value, args []js.Value) (out any) {
	defer recoverTo(&out)
	if len(args) < 1 || args[0].Type() != js.TypeNumber {
		return errorJSON(fmt.Errorf("finish(handle, options): handle must be a number"))
	}
	h := args[0].Int()
	i := slices.IndexFunc(b.pending, func(p pendingPage) bool { return p.handle == h })
	if i < 0 {
		return errorJSON(fmt.Errorf("finish: no page %d waits (finished already, or dropped after %d newer ones)", h, maxPending))
	}
	p := b.pending[i].page
	b.pending = slices.Delete(b.pending, i, i+1)
	return completed(p.Finish(), args, 1)
}

// stages(html, url) → JSON of StageTimes: the pipeline's stages on the
// page, timed one by one (`make bench`), with the rules clean() applies.
func (b *bridge) stages(_ js.Value, args []js.Value) (out any) {
	defer recoverTo(&out)
	src, opts, err := b.page("stages", args)
	if err != nil {
		return errorJSON(err)
	}
	st, err := timeStages(src, opts)
	if err != nil {
		return errorJSON(err)
	}
	return toJSON(st.StageTimes)
}

// warm() → JSON {detections, textBytes} of the built-in page
// engine.Warm cleans with the reader's rules: the host calls it as a page
// starts loading, when the engine has cleaned no page since it started.
func (b *bridge) warm(js.Value, []js.Value) (out any) {
	defer recoverTo(&out)
	res, err := engine.Warm(b.options())
	if err != nil {
		return errorJSON(err)
	}
	return toJSON(map[string]int{"detections": len(res.Detections), "textBytes": len(res.TextContent)})
}

// idle() → whether it collected garbage. The host calls it once the
// engine has been idle a while: a collection the next page's call would
// have run (engine.CollectIfDue) runs now instead.
func (b *bridge) idle(js.Value, []js.Value) (out any) {
	defer recoverTo(&out)
	// Judged under the limit an ordinary page sets (see page), which the
	// next page's call will most likely have; the calls that set none
	// (feeds, the related index, rules) keep the one they had.
	prev := debug.SetMemoryLimit(engine.MemoryLimit(0, b.resident))
	defer debug.SetMemoryLimit(prev)
	return engine.CollectIfDue(engine.IdleHeadroom)
}

// setRulesOptions are setRules' options; Defaults is nil when not given.
type setRulesOptions struct {
	Lists    []rules.Source `json:"lists"`
	Defaults *bool          `json:"defaults"`
}

// setRulesSummary is setRules' answer.
type setRulesSummary struct {
	Lists    []rules.LintResult `json:"lists"`
	Defaults bool               `json:"defaults"`
	Shipped  []string           `json:"shipped"`
	Stats    rules.Stats        `json:"stats"`
	Errors   int                `json:"errors"`
}

// setRules(lists[, options]) → JSON summary.
func (b *bridge) setRules(_ js.Value, args []js.Value) (out any) {
	defer recoverTo(&out)
	if len(args) < 1 || args[0].Type() != js.TypeString {
		return errorJSON(fmt.Errorf("setRules(lists, options): lists must be a JSON string"))
	}
	var opts setRulesOptions
	raw := strings.TrimSpace(args[0].String())
	if strings.HasPrefix(raw, "{") {
		if err := json.Unmarshal([]byte(raw), &opts); err != nil {
			return errorJSON(fmt.Errorf("setRules: %w", err))
		}
	} else if err := json.Unmarshal([]byte(raw), &opts.Lists); err != nil {
		return errorJSON(fmt.Errorf("setRules: lists: %w", err))
	}
	if len(args) > 1 && args[1].Type() == js.TypeString && strings.TrimSpace(args[1].String()) != "" {
		var o setRulesOptions
		if err := json.Unmarshal([]byte(args[1].String()), &o); err != nil {
			return errorJSON(fmt.Errorf("setRules: options: %w", err))
		}
		if o.Defaults != nil {
			opts.Defaults = o.Defaults
		}
	}
	defaults := opts.Defaults == nil || *opts.Defaults
	m, lint := engine.CompileRules(opts.Lists, defaults)
	sum := setRulesSummary{Lists: lint, Defaults: defaults, Shipped: []string{}, Stats: m.Stats()}
	if sum.Lists == nil {
		sum.Lists = []rules.LintResult{}
	}
	if defaults {
		sum.Shipped = shipped.Names()
	}
	for _, l := range lint {
		sum.Errors += l.Counts.Errors
	}
	b.rules = m
	b.resident = engine.ResidentHeap()
	return toJSON(sum)
}

// lint(text[, name]) → JSON of rules.LintResult.
func (b *bridge) lint(_ js.Value, args []js.Value) (out any) {
	defer recoverTo(&out)
	if len(args) < 1 || args[0].Type() != js.TypeString {
		return errorJSON(fmt.Errorf("lint(text, name): text must be a string"))
	}
	name := "list"
	if len(args) > 1 && args[1].Type() == js.TypeString && args[1].String() != "" {
		name = args[1].String()
	}
	return toJSON(rules.Lint(name, args[0].String()))
}

// heuristics() → JSON of the built-in heuristics.
func (b *bridge) heuristics(js.Value, []js.Value) (out any) {
	defer recoverTo(&out)
	type heuristic struct {
		ID       string `json:"id"`
		Category string `json:"category"`
		Doc      string `json:"doc"`
	}
	hs := make([]heuristic, len(rules.Heuristics))
	for i, h := range rules.Heuristics {
		hs[i] = heuristic{h.ID, string(h.Category), h.Doc}
	}
	return toJSON(hs)
}

// toJSON is json.Marshal as a string. An Encoder writing into a
// strings.Builder gives the same text (plus a newline, cut off) with one
// copy of it instead of two.
func toJSON(v any) string {
	var b strings.Builder
	if err := json.NewEncoder(&b).Encode(v); err != nil {
		return errorJSON(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func errorJSON(err error) string {
	buf, _ := json.Marshal(map[string]string{"error": err.Error()})
	return string(buf)
}

// recoverTo turns a panic into an error result.
func recoverTo(out *any) {
	if r := recover(); r != nil {
		*out = errorJSON(fmt.Errorf("internal error: %v", r))
	}
}
