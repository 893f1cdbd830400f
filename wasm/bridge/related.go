//go:build js && wasm

package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"syscall/js"

	"github.com/tidings-app/tidings/wasm/bridge/relatedapi"
	"github.com/tidings-app/tidings/wasm/related"
)

// relatedBridge holds the background's index of related coverage (see
// package relatedapi) and installs its functions on the tidings object:
//
//	tidings.fingerprint(json) → base64, or {"error"}: json is an engine
//	    result or {title, text, time}
//	tidings.relatedAdd(id, fp) → "" or {"error"}: fp is base64 or a Uint8Array
//	tidings.relatedAddBatch(ids, fps) → JSON {added, errors: [{index,
//	    error}]}: arrays of ids and Uint8Arrays (or base64), loaded in one
//	    call (a call into Go costs tens of microseconds)
//	tidings.relatedRemove(id) → bool
//	tidings.relatedClear()
//	tidings.relatedLen() → number
//	tidings.relatedQuery(fp, excludeID, limit) → JSON [{id, score, sharedQuotes}]
//	tidings.relatedRank(fp, candidatesJSON, limit) → JSON hits among
//	    [{id, title, text?, time?}] scored on their own (page headlines)
//	tidings.relatedFindQuotes(text, passagesJSON) → JSON [{start, end}]
//	    (UTF-16 offsets into text)
//	tidings.parseFeed(text, feedURL) → JSON {title, link, ttl, items:
//	    [{id, url, title, summary, published, fingerprint}]} or {"error"}
type relatedBridge struct {
	svc        *relatedapi.Service
	uint8Array js.Value
}

func installRelated(api js.Value) {
	r := &relatedBridge{svc: relatedapi.New(), uint8Array: js.Global().Get("Uint8Array")}
	api.Set("fingerprint", js.FuncOf(r.fingerprint))
	api.Set("relatedAdd", js.FuncOf(r.add))
	api.Set("relatedAddBatch", js.FuncOf(r.addBatch))
	api.Set("relatedRemove", js.FuncOf(r.remove))
	api.Set("relatedClear", js.FuncOf(r.clear))
	api.Set("relatedLen", js.FuncOf(func(js.Value, []js.Value) any { return r.svc.Len() }))
	api.Set("relatedQuery", js.FuncOf(r.query))
	api.Set("relatedRank", js.FuncOf(r.rank))
	api.Set("relatedFindQuotes", js.FuncOf(r.findQuotes))
	api.Set("parseFeed", js.FuncOf(r.parseFeed))
}

// stringArg returns args[i] when it is a string.
func stringArg(args []js.Value, i int) (string, bool) {
	if len(args) <= i || args[i].Type() != js.TypeString {
		return "", false
	}
	return args[i].String(), true
}

// intArg returns args[i] as an int, or 0.
func intArg(args []js.Value, i int) int {
	if len(args) <= i || args[i].Type() != js.TypeNumber {
		return 0
	}
	return args[i].Int()
}

// fpArg reads a fingerprint argument: base64 text or a Uint8Array of the
// binary form (what IndexedDB keeps).
func (r *relatedBridge) fpArg(args []js.Value, i int) ([]byte, error) {
	if len(args) <= i {
		return nil, fmt.Errorf("missing fingerprint")
	}
	v := args[i]
	if v.Type() == js.TypeString {
		b, err := base64.StdEncoding.DecodeString(v.String())
		if err != nil {
			return nil, fmt.Errorf("%w: %w", related.ErrBadFingerprint, err)
		}
		return b, nil
	}
	if v.Type() == js.TypeObject && v.InstanceOf(r.uint8Array) {
		n := v.Length()
		if n > related.MaxEncodedSize {
			return nil, fmt.Errorf("%w: %d bytes", related.ErrBadFingerprint, n)
		}
		b := make([]byte, n)
		js.CopyBytesToGo(b, v)
		return b, nil
	}
	return nil, fmt.Errorf("the fingerprint must be base64 text or a Uint8Array")
}

func (r *relatedBridge) fingerprint(_ js.Value, args []js.Value) (out any) {
	defer recoverTo(&out)
	in, ok := stringArg(args, 0)
	if !ok {
		return errorJSON(fmt.Errorf("fingerprint(json): json must be a string"))
	}
	fp, err := relatedapi.Fingerprint([]byte(in))
	if err != nil {
		return errorJSON(err)
	}
	return fp
}

func (r *relatedBridge) add(_ js.Value, args []js.Value) (out any) {
	defer recoverTo(&out)
	id, ok := stringArg(args, 0)
	if !ok {
		return errorJSON(fmt.Errorf("relatedAdd(id, fingerprint): id must be a string"))
	}
	fp, err := r.fpArg(args, 1)
	if err == nil {
		err = r.svc.Add(id, fp)
	}
	if err != nil {
		return errorJSON(fmt.Errorf("relatedAdd: %w", err))
	}
	return ""
}

// batchError is one failed entry of relatedAddBatch.
type batchError struct {
	Index int    `json:"index"`
	Error string `json:"error"`
}

func (r *relatedBridge) addBatch(_ js.Value, args []js.Value) (out any) {
	defer recoverTo(&out)
	if len(args) < 2 || args[0].Type() != js.TypeObject || args[1].Type() != js.TypeObject || args[0].Length() != args[1].Length() {
		return errorJSON(fmt.Errorf("relatedAddBatch(ids, fingerprints): two arrays of the same length"))
	}
	ids, fps := args[0], args[1]
	res := struct {
		Added  int          `json:"added"`
		Errors []batchError `json:"errors"`
	}{Errors: []batchError{}}
	one := make([]js.Value, 1)
	for i := range ids.Length() {
		id := ids.Index(i)
		one[0] = fps.Index(i)
		fp, err := r.fpArg(one, 0)
		if err == nil && id.Type() != js.TypeString {
			err = fmt.Errorf("the id must be a string")
		}
		if err == nil {
			err = r.svc.Add(id.String(), fp)
		}
		if err != nil {
			res.Errors = append(res.Errors, batchError{i, err.Error()})
			continue
		}
		res.Added++
	}
	return toJSON(res)
}

func (r *relatedBridge) remove(_ js.Value, args []js.Value) (out any) {
	defer recoverTo(&out)
	id, _ := stringArg(args, 0)
	return r.svc.Remove(id)
}

func (r *relatedBridge) clear(js.Value, []js.Value) (out any) {
	defer recoverTo(&out)
	r.svc.Clear()
	return nil
}

func (r *relatedBridge) query(_ js.Value, args []js.Value) (out any) {
	defer recoverTo(&out)
	fp, err := r.fpArg(args, 0)
	if err != nil {
		return errorJSON(fmt.Errorf("relatedQuery: %w", err))
	}
	exclude, _ := stringArg(args, 1)
	hits, err := r.svc.Query(fp, exclude, intArg(args, 2))
	if err != nil {
		return errorJSON(fmt.Errorf("relatedQuery: %w", err))
	}
	return toJSON(hits)
}

func (r *relatedBridge) rank(_ js.Value, args []js.Value) (out any) {
	defer recoverTo(&out)
	fp, err := r.fpArg(args, 0)
	if err != nil {
		return errorJSON(fmt.Errorf("relatedRank: %w", err))
	}
	raw, _ := stringArg(args, 1)
	var cands []relatedapi.Candidate
	if err := json.Unmarshal([]byte(raw), &cands); err != nil {
		return errorJSON(fmt.Errorf("relatedRank: candidates: %w", err))
	}
	hits, err := relatedapi.Rank(fp, cands, intArg(args, 2))
	if err != nil {
		return errorJSON(fmt.Errorf("relatedRank: %w", err))
	}
	return toJSON(hits)
}

func (r *relatedBridge) findQuotes(_ js.Value, args []js.Value) (out any) {
	defer recoverTo(&out)
	text, ok := stringArg(args, 0)
	passages, ok2 := stringArg(args, 1)
	if !ok || !ok2 {
		return errorJSON(fmt.Errorf("relatedFindQuotes(text, passages): both must be strings"))
	}
	spans, err := relatedapi.FindQuotes(text, []byte(passages))
	if err != nil {
		return errorJSON(err)
	}
	return toJSON(spans)
}

func (r *relatedBridge) parseFeed(_ js.Value, args []js.Value) (out any) {
	defer recoverTo(&out)
	text, ok := stringArg(args, 0)
	if !ok {
		return errorJSON(fmt.Errorf("parseFeed(text, url): text must be a string"))
	}
	base, _ := stringArg(args, 1)
	f, err := relatedapi.ParseFeed(text, base)
	if err != nil {
		return errorJSON(err)
	}
	return toJSON(f)
}
