package related

import (
	"reflect"
	"strings"
	"testing"
)

func TestNormalizeKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"We’ve  had — in YEARS,", "we've had in years"},
		{"we've had in years", "we've had in years"},
		{"a 90 - day court - mandated stay", "a 90 day court mandated stay"},
		{"a 90-day court-mandated stay", "a 90 day court mandated stay"},
		{"‘enough is enough’", "enough is enough"},
		{"  \u00a0Zürich\u200b ", "zürich"},
		{"", ""},
		{"!!!", ""},
	}
	for _, tt := range tests {
		if got := normalizeKey(tt.in); got != tt.want {
			t.Errorf("normalizeKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestQuotes(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"curly", `He said “we may face the best opportunity” today.`, []string{"we may face the best opportunity"}},
		{"straight", `He said "we may face the best opportunity" today.`, []string{"we may face the best opportunity"}},
		{"guillemets", `Il a dit «nous sommes prêts à partir» hier.`, []string{"nous sommes prêts à partir"}},
		{"low-9", `Er sagte „wir sind bereit“ gestern.`, []string{"wir sind bereit"}},
		{"mixed marks", `"It was becoming clear to them,” she said.`, []string{"it was becoming clear to them"}},
		{"apostrophes fold", "“we’ve had in years”\n\"we've had in years\"", []string{"we've had in years"}},
		{"unclosed runs to paragraph end", "“The timing is very interesting\nNext paragraph.", []string{"the timing is very interesting"}},
		{"one word is no quote", `the “shambolic” star`, nil},
		{"inches are no quote", `a 12" pipe and a 10" pipe`, nil},
		{"two quotes", `“One two three,” he said. “Four five six.”`, []string{"one two three", "four five six"}},
		{"nested single quotes kept", `“It tells Assad that ‘enough is enough’ now”`, []string{"it tells assad that enough is enough now"}},
		{"wrong-shape closer", `“I'm not just a party girl. “ she said`, []string{"i'm not just a party girl"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Quotes(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Quotes(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestQuotesBounded(t *testing.T) {
	var b strings.Builder
	for range 100 {
		b.WriteString(`“a quote of several words” and `)
	}
	b.WriteString("“")
	for i := range 50 {
		b.WriteString(`“different quote number ` + strings.Repeat("x", i+1) + `” `)
	}
	if got := len(Quotes(b.String())); got > maxQuotes {
		t.Errorf("Quotes kept %d quotes, want at most %d", got, maxQuotes)
	}
}

func TestStem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"checks", "check"}, {"checked", "check"}, {"checking", "check"},
		{"parties", "parti"}, {"party", "parti"}, {"caresses", "caress"},
		{"hopping", "hop"}, {"filing", "file"}, {"agreed", "agree"},
		{"bus", "bus"}, {"crisis", "crisis"}, {"news", "new"},
		{"syria", "syria"}, {"zürich", "zürich"}, {"was", "was"},
	}
	for _, tt := range tests {
		if got := stem(tt.in); got != tt.want {
			t.Errorf("stem(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokenize(t *testing.T) {
	texts := func(toks []token) []string {
		var out []string
		for _, t := range toks {
			out = append(out, t.text)
		}
		return out
	}
	tests := []struct {
		in   string
		want []string
	}{
		{"Reid's rep, a rear-ended truck", []string{"Reid", "rep", "a", "rear", "ended", "truck"}},
		{"a 6. 1 - magnitude quake, 10,000 people", []string{"a", "6.1", "magnitude", "quake", "10,000", "people"}},
		{"in 2004. 12 people", []string{"in", "2004", "12", "people"}},
		{"we've won", []string{"we've", "won"}},
	}
	for _, tt := range tests {
		if got := texts(tokenize(foldText(tt.in))); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	toks := tokenize("Police said. Reid went to U.S. Betty Ford")
	initial := map[string]bool{}
	for _, t := range toks {
		initial[t.text] = t.initial
	}
	if !initial["Police"] || !initial["Reid"] || initial["Betty"] || initial["Ford"] {
		t.Errorf("sentence starts wrong: %v", initial)
	}
}

func TestEntities(t *testing.T) {
	title := tokenize("Lindsay Lohan Checks Into Betty Ford Center")
	body := tokenize("After skipping rehab, Lindsay Lohan has checked into the Betty Ford Center.\nThe actress was there before. Lohan's lawyer said so on Tuesday.\nI've said it.")
	got := entityCounts(title, body)
	for _, want := range []string{"e:lohan", "e:lindsay", "e:betty", "e:ford", "e:center"} {
		if got[want] == 0 {
			t.Errorf("entity %s missing from %v", want, got)
		}
	}
	for _, not := range []string{"e:after", "e:the", "e:tuesday", "e:checks", "e:i've"} {
		if got[not] != 0 {
			t.Errorf("%s is no entity: %v", not, got)
		}
	}
	if got["e:lohan"] <= got["e:betty"] {
		t.Errorf("the protagonist should weigh most: %v", got)
	}
}

func TestExtractDates(t *testing.T) {
	type ymd struct{ y, m, d int }
	tests := []struct {
		in   string
		want []ymd
	}{
		{"May 03, 2013", []ymd{{2013, 5, 3}, {2013, 0, 0}}},
		{"on 4 August 2013 at noon", []ymd{{2013, 8, 4}, {2013, 0, 0}}},
		{"on June 8, and then", []ymd{{0, 6, 8}}},
		{"September 18th, 2013", []ymd{{2013, 9, 18}, {2013, 0, 0}}},
		{"27 / 09 / 2013 -", []ymd{{2013, 9, 27}, {2013, 0, 0}}},
		{"in December 2008", []ymd{{2008, 12, 0}, {2008, 0, 0}}},
		{"we may face it in 2004 tsunami", []ymd{{2004, 0, 0}}},
		{"the 1500 people", nil},
	}
	for _, tt := range tests {
		var got []ymd
		for _, p := range extractDates(tokenize(tt.in), maxDates) {
			y, m, d := unpackDate(p)
			got = append(got, ymd{y, m, d})
		}
		want := map[ymd]bool{}
		for _, w := range tt.want {
			want[w] = true
		}
		gotSet := map[ymd]bool{}
		for _, g := range got {
			gotSet[g] = true
		}
		if !reflect.DeepEqual(gotSet, want) && !(len(got) == 0 && len(tt.want) == 0) {
			t.Errorf("dates(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
