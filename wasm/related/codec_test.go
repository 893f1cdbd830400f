package related

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

// sampleArticle is a short news text with every kind of feature.
var sampleArticle = Article{
	Title: "Kerry to meet Putin over Syria peace process",
	Text: "US Secretary of State John Kerry said on Tuesday, March 15, 2016 that he will meet President Vladimir Putin in Moscow.\n" +
		"“We may face the best opportunity that we’ve had in years to end it,” Kerry said.\n" +
		"Russia will keep 2 air bases and about 38.5 billion rubles were spent, Sergei Lavrov said.",
	URL:  "https://example.com/kerry",
	Time: time.Date(2016, 3, 15, 10, 0, 0, 0, time.UTC),
}

func TestRoundTrip(t *testing.T) {
	fp := New(sampleArticle)
	raw, err := fp.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	raw2, err := back.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw, raw2) {
		t.Fatal("re-encoding a decoded fingerprint changed its bytes")
	}
	other := New(Article{Title: "Kerry meets Putin on Syria", Text: "John Kerry met Vladimir Putin in Moscow on Tuesday. “We may face the best opportunity that we've had in years to end it,” he said."})
	if a, b := Compare(fp, other), Compare(back, other); a != b {
		t.Errorf("decoded fingerprint scores differently:\n%+v\n%+v", a, b)
	}
	if !back.Time().Equal(sampleArticle.Time) || back.Title() != fp.Title() || len(back.Quotes()) != 1 {
		t.Errorf("decoded: time %v title %q quotes %q", back.Time(), back.Title(), back.Quotes())
	}
	var viaText Fingerprint
	txt, err := fp.MarshalText()
	if err != nil {
		t.Fatal(err)
	}
	if err := viaText.UnmarshalText(txt); err != nil {
		t.Fatal(err)
	}
	if Compare(&viaText, other) != Compare(fp, other) {
		t.Error("base64 round trip changed the fingerprint")
	}
}

func TestEncodedSizeBounded(t *testing.T) {
	// The largest article the limits allow: many rare words, names,
	// numbers, dates and long quotes.
	var b strings.Builder
	for i := range 400 {
		b.WriteString("Word" + strings.Repeat("q", i%30) + "x Name" + strings.Repeat("z", i%25) + " " + strconv.Itoa(10+i*37) + " on May " + string(rune('1'+i%9)) + ", 20" + string(rune('1'+i%9)) + "0. ")
		b.WriteString("“" + strings.Repeat("quoted words go on and on ", 12) + strings.Repeat("w", i) + "” ")
	}
	fp := New(Article{Title: strings.Repeat("a very long headline indeed ", 30), Text: b.String(), Time: time.Now()})
	raw, err := fp.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) > MaxEncodedSize {
		t.Errorf("encoded size %d > %d", len(raw), MaxEncodedSize)
	}
	if len(fp.terms) != maxTerms || len(fp.entities) != maxEntities || len(fp.numbers) != maxNumbers {
		t.Errorf("expected the limits to be reached: %d terms, %d entities, %d numbers", len(fp.terms), len(fp.entities), len(fp.numbers))
	}
}

func TestHugeInputIsCheap(t *testing.T) {
	huge := strings.Repeat("Word “quoted words here” 123 May 5, 2020. ", 500_000) // 21 MB
	start := time.Now()
	fp := New(Article{Title: huge, Text: huge})
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("fingerprinting 21 MB took %v", d)
	}
	if raw, err := fp.MarshalBinary(); err != nil || len(raw) > MaxEncodedSize {
		t.Errorf("%d bytes, %v", len(raw), err)
	}
}

func TestDecodeRejects(t *testing.T) {
	good, err := New(sampleArticle).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	mutate := func(f func([]byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	tests := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"version", mutate(func(b []byte) []byte { b[0] = 9; return b })},
		{"truncated", good[:len(good)-1]},
		{"trailing", append(append([]byte(nil), good...), 0)},
		{"too big", make([]byte, MaxEncodedSize+1)},
		{"huge title length", []byte{codecVersion, 0, 0xff, 0xff, 0x03}},
		{"too many terms", []byte{codecVersion, 0, 0, maxTerms + 1}},
		{"unsorted terms", []byte{codecVersion, 0, 0, 2, 1, 2, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0}},
		{"repeated term", []byte{codecVersion, 0, 0, 2, 1, 2, 0, 0, 2, 2, 0, 0, 0, 0, 0, 0}},
		{"zero weight", []byte{codecVersion, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0}},
		{"bad month", []byte{codecVersion, 0, 0, 0, 0, 1, 0xe0, 0x03, 0, 0}},
		{"bad utf-8 title", []byte{codecVersion, 0, 2, 0xff, 0xfe, 0, 0, 0, 0, 0}},
		{"overlong varint", []byte{codecVersion, 0xc2, 0, 0, 0, 0, 0, 0, 0}},
		{"empty quote", []byte{codecVersion, 0, 0, 0, 0, 0, 0, 1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Decode(tt.in); !errors.Is(err, ErrBadFingerprint) {
				t.Errorf("Decode = %v, want ErrBadFingerprint", err)
			}
		})
	}
	// The minimal valid fingerprint: version, no time, no title, nothing.
	if fp, err := Decode([]byte{codecVersion, 0, 0, 0, 0, 0, 0, 0}); err != nil || !fp.Empty() {
		t.Errorf("minimal fingerprint: %v, empty %v", err, fp != nil && fp.Empty())
	}
}

func FuzzDecode(f *testing.F) {
	good, _ := New(sampleArticle).MarshalBinary()
	f.Add(good)
	f.Add([]byte{codecVersion, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		fp, err := Decode(b)
		if err != nil {
			if fp != nil || !errors.Is(err, ErrBadFingerprint) {
				t.Fatalf("Decode error %v with fingerprint %v", err, fp)
			}
			return
		}
		// Whatever decodes must re-encode to the same bytes, compare and
		// index without trouble.
		raw, err := fp.MarshalBinary()
		if err != nil || !bytes.Equal(raw, b) {
			t.Fatalf("re-encoding differs: %v", err)
		}
		_ = Compare(fp, fp)
		x := NewIndex(DefaultModel())
		if err := x.Add("a", fp); err != nil {
			t.Fatal(err)
		}
		x.Query(fp, QueryOptions{})
		x.Remove("a")
	})
}

func FuzzQuotes(f *testing.F) {
	f.Add(sampleArticle.Text)
	f.Add(`"a" “b” «c» „d“ "unclosed`)
	f.Add("“\n”\"\"\"«»„“")
	f.Fuzz(func(t *testing.T, s string) {
		qs := Quotes(s)
		if len(qs) > maxQuotes {
			t.Fatalf("%d quotes", len(qs))
		}
		seen := map[string]bool{}
		for _, q := range qs {
			if q == "" || seen[q] || normalizeKey(q) != q || strings.Count(q, " ")+1 < minQuoteWords {
				t.Fatalf("bad quote %q in %q", q, qs)
			}
			seen[q] = true
		}
		// Every quote is found back in the text, within it.
		spans := FindQuotes(s, qs)
		if len(spans) != len(qs) {
			t.Fatalf("found %d of %d quotes %q in %q", len(spans), len(qs), qs, s)
		}
		for _, sp := range spans {
			if sp.Start < 0 || sp.End <= sp.Start || sp.End > utf16Len(s) {
				t.Fatalf("bad span %v in %q", sp, s)
			}
		}
	})
}
