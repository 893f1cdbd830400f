package related

import (
	"testing"
	"unicode/utf16"
)

func TestFindQuotes(t *testing.T) {
	text := "Kerry said: “Today, as we mark the anniversary, we may face the best opportunity that we’ve had in years to end it,” he said. 👍 “Later — we’ll SEE.”"
	tests := []struct {
		passage, want string
	}{
		{"we may face the best opportunity that we've had in years to end it", "we may face the best opportunity that we’ve had in years to end it"},
		{"later we'll see", "Later — we’ll SEE"},
		{"kerry said", "Kerry said"},
		{"not in the text", ""},
		{"erry said", ""}, // not at a word boundary
	}
	units := utf16.Encode([]rune(text))
	for _, tt := range tests {
		spans := FindQuotes(text, []string{tt.passage})
		if tt.want == "" {
			if len(spans) != 0 {
				t.Errorf("%q: found %v", tt.passage, spans)
			}
			continue
		}
		if len(spans) != 1 {
			t.Fatalf("%q: %d spans", tt.passage, len(spans))
		}
		if got := string(utf16.Decode(units[spans[0].Start:spans[0].End])); got != tt.want {
			t.Errorf("%q: span %v is %q, want %q", tt.passage, spans[0], got, tt.want)
		}
	}
}

func TestFindSharedQuotesOfSeedsStyle(t *testing.T) {
	a := New(Article{Title: "x", Text: "“We may face the best opportunity that we’ve had in years to end it,” Kerry said."})
	b := New(Article{Title: "y", Text: "\"As we mark it, we may face the best opportunity that we've had in years to end it,\" he said."})
	shared := SharedQuotes(b, a)
	spans := FindQuotes("\"As we mark it, we may face the best opportunity that we've had in years to end it,\" he said.", shared)
	if len(shared) != 1 || len(spans) != 1 || spans[0].Start != 16 {
		t.Errorf("shared %q, spans %v", shared, spans)
	}
}
