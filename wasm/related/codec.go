package related

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf8"
)

// The binary form of a fingerprint, version 1, all integers little-endian:
//
//	version        1 byte  (codecVersion)
//	time           varint  (Unix seconds, 0 when unknown)
//	title          uvarint length, UTF-8 bytes        ≤ 2+160
//	terms          1 byte count, count × u32 (key<<8 | weight)  ≤ 1+40×4
//	entities       1 byte count, count × u32 (key<<8 | weight)  ≤ 1+24×4
//	dates          1 byte count, count × uvarint packed date    ≤ 1+12×3
//	numbers        1 byte count, count × u32 hash               ≤ 1+16×4
//	quotes         1 byte count, count × (uvarint length, UTF-8) ≤ 1+16×2+720
//
// At most 1,286 bytes, so always within MaxEncodedSize; a typical news
// article takes 600 to 1,100. Binary rather than JSON: hashed keys would
// be 10-digit numbers in JSON, about twice the size, and IndexedDB stores
// bytes as they are (MarshalText gives base64 for JSON exports).
const (
	codecVersion = 1
	// MaxEncodedSize is the most bytes MarshalBinary ever returns.
	MaxEncodedSize = 2048
	keyBytes       = 4
	// maxDateValue bounds a packed date: year part under 256.
	maxDateValue = 1 << (yearShift + 8)
)

// ErrBadFingerprint wraps every decoding error.
var ErrBadFingerprint = errors.New("related: bad fingerprint")

// MarshalBinary encodes the fingerprint in its compact binary form.
func (f *Fingerprint) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, MaxEncodedSize)
	b = append(b, codecVersion)
	b = binary.AppendVarint(b, f.unixTime)
	b = appendString(b, f.title)
	b = appendWeighted(b, f.terms)
	b = appendWeighted(b, f.entities)
	b = append(b, byte(len(f.dates)))
	for _, d := range f.dates {
		b = binary.AppendUvarint(b, uint64(d))
	}
	b = append(b, byte(len(f.numbers)))
	for _, n := range f.numbers {
		b = binary.LittleEndian.AppendUint32(b, n)
	}
	b = append(b, byte(len(f.quotes)))
	for _, q := range f.quotes {
		b = appendString(b, q)
	}
	if len(b) > MaxEncodedSize {
		return nil, fmt.Errorf("related: fingerprint of %d bytes exceeds %d", len(b), MaxEncodedSize)
	}
	return b, nil
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendWeighted(b []byte, ws []weighted) []byte {
	b = append(b, byte(len(ws)))
	for _, w := range ws {
		b = binary.LittleEndian.AppendUint32(b, uint32(w))
	}
	return b
}

// MarshalText encodes the binary form in standard base64, for JSON and
// for strings crossing into JavaScript.
func (f *Fingerprint) MarshalText() ([]byte, error) {
	raw, err := f.MarshalBinary()
	if err != nil {
		return nil, err
	}
	out := make([]byte, base64.StdEncoding.EncodedLen(len(raw)))
	base64.StdEncoding.Encode(out, raw)
	return out, nil
}

// UnmarshalText decodes the base64 form written by MarshalText.
func (f *Fingerprint) UnmarshalText(text []byte) error {
	if len(text) > base64.StdEncoding.EncodedLen(MaxEncodedSize) {
		return fmt.Errorf("%w: %d bytes of base64", ErrBadFingerprint, len(text))
	}
	raw := make([]byte, base64.StdEncoding.DecodedLen(len(text)))
	n, err := base64.StdEncoding.Decode(raw, text)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBadFingerprint, err)
	}
	return f.UnmarshalBinary(raw[:n])
}

// Decode parses the binary form written by MarshalBinary.
func Decode(b []byte) (*Fingerprint, error) {
	f := new(Fingerprint)
	if err := f.UnmarshalBinary(b); err != nil {
		return nil, err
	}
	return f, nil
}

// UnmarshalBinary parses the binary form written by MarshalBinary. It
// checks every count, length and order, so bytes from storage or an
// imported file give an error, never a panic or a fingerprint that breaks
// the index's invariants.
func (f *Fingerprint) UnmarshalBinary(b []byte) error {
	if len(b) > MaxEncodedSize {
		return fmt.Errorf("%w: %d bytes", ErrBadFingerprint, len(b))
	}
	r := reader{b: b}
	if v := r.byte(); v != codecVersion {
		if r.err != nil {
			return r.err
		}
		return fmt.Errorf("%w: version %d", ErrBadFingerprint, v)
	}
	var g Fingerprint
	g.unixTime = r.varint()
	g.title = r.text(maxTitleBytes)
	g.terms = r.weighted(maxTerms)
	g.entities = r.weighted(maxEntities)
	g.dates = r.dates()
	g.numbers = r.keys(maxNumbers)
	g.quotes = r.quotes()
	if r.err == nil && r.off != len(b) {
		r.fail("%d trailing bytes", len(b)-r.off)
	}
	if r.err != nil {
		return r.err
	}
	g.derive()
	*f = g
	return nil
}

// reader decodes with sticky errors: after the first, every read returns
// a zero value.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: at byte %d: %s", ErrBadFingerprint, r.off, fmt.Sprintf(format, args...))
	}
}

func (r *reader) byte() byte {
	if r.err != nil {
		return 0
	}
	if r.off >= len(r.b) {
		r.fail("truncated")
		return 0
	}
	r.off++
	return r.b[r.off-1]
}

func (r *reader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b[r.off:])
	if n <= 0 || overlong(r.b[r.off:r.off+n]) {
		r.fail("bad varint")
		return 0
	}
	r.off += n
	return v
}

func (r *reader) uvarint(limit uint64) uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 || v > limit || overlong(r.b[r.off:r.off+n]) {
		r.fail("bad or too large number")
		return 0
	}
	r.off += n
	return v
}

// overlong reports a varint with a needless zero last byte ("\x80\x00"
// for 0): one fingerprint has one encoding, so stored bytes can be
// compared.
func overlong(v []byte) bool {
	return len(v) > 1 && v[len(v)-1] == 0
}

func (r *reader) count(limit int) int {
	n := int(r.byte())
	if n > limit {
		r.fail("%d entries, at most %d", n, limit)
		return 0
	}
	return n
}

func (r *reader) u32() uint32 {
	if r.err != nil {
		return 0
	}
	if r.off+keyBytes > len(r.b) {
		r.fail("truncated")
		return 0
	}
	v := binary.LittleEndian.Uint32(r.b[r.off:])
	r.off += keyBytes
	return v
}

// text reads a length-prefixed UTF-8 string of at most limit bytes.
func (r *reader) text(limit int) string {
	n := int(r.uvarint(uint64(limit)))
	if r.err != nil {
		return ""
	}
	if r.off+n > len(r.b) {
		r.fail("truncated text")
		return ""
	}
	s := string(r.b[r.off : r.off+n])
	r.off += n
	if !utf8.ValidString(s) {
		r.fail("text is not UTF-8")
		return ""
	}
	return s
}

// weighted reads sorted, distinct keys with weights of at least 1.
func (r *reader) weighted(limit int) []weighted {
	n := r.count(limit)
	if n == 0 {
		return nil
	}
	ws := make([]weighted, n)
	for i := range ws {
		ws[i] = weighted(r.u32())
		if r.err == nil && (ws[i].weight() == 0 || i > 0 && ws[i].key() <= ws[i-1].key()) {
			r.fail("keys out of order or zero weight")
		}
	}
	return ws
}

// keys reads sorted, distinct 32-bit keys.
func (r *reader) keys(limit int) []uint32 {
	n := r.count(limit)
	if n == 0 {
		return nil
	}
	ks := make([]uint32, n)
	for i := range ks {
		ks[i] = r.u32()
		if r.err == nil && i > 0 && ks[i] <= ks[i-1] {
			r.fail("keys out of order")
		}
	}
	return ks
}

// dates reads sorted, distinct packed dates with valid month and day.
func (r *reader) dates() []uint32 {
	n := r.count(maxDates)
	if n == 0 {
		return nil
	}
	ds := make([]uint32, n)
	for i := range ds {
		ds[i] = uint32(r.uvarint(maxDateValue - 1))
		_, m, d := unpackDate(ds[i])
		if r.err == nil && (m > maxMonth || d > maxDay || i > 0 && ds[i] <= ds[i-1]) {
			r.fail("bad date")
		}
	}
	return ds
}

// quotes reads the quotes within the limits capQuotes keeps.
func (r *reader) quotes() []string {
	n := r.count(maxQuotes)
	if n == 0 {
		return nil
	}
	qs := make([]string, n)
	total := 0
	for i := range qs {
		qs[i] = r.text(maxQuoteBytes)
		total += len(qs[i])
		if r.err == nil && (qs[i] == "" || total > maxQuoteTotal) {
			r.fail("empty quote or quotes too long")
		}
	}
	return qs
}
