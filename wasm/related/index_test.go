package related

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	agnivade "github.com/agnivade/levenshtein"
)

// event is one news event; story writes a report of it.
type event struct {
	who, team, where, quote, detail string
	day                             int
}

var (
	jacksonArrest  = event{"Vincent Jackson", "Chargers", "Coronado", "we are aware of the issue involving Vincent and are disappointed", "He was stopped by the California Highway Patrol after a routine check.", 15}
	williamsArrest = event{"Jamal Williams", "Chargers", "Poway", "it's disappointing to hear about the issue involving Jamal", "A deputy saw his car weaving across two lanes of the interstate.", 28}
)

// story writes one of several reports of an event; variant picks the
// wording, as different outlets word the same facts differently.
func story(e event, variant int) Article {
	leads := []string{
		"%[1]s of the %[2]s was arrested in %[3]s on suspicion of drunken driving on December %[6]d, police said.",
		"Police in %[3]s arrested %[2]s player %[1]s early on December %[6]d for drunken driving.",
		"%[2]s player %[1]s faces a drunken driving charge after his arrest in %[3]s on December %[6]d.",
	}
	body := "%[5]s\n“%[4]s,” the %[2]s said in a statement.\n%[1]s was released on bail and is expected to play on Sunday."
	return Article{
		Title: fmt.Sprintf("%s arrested on DUI charge", e.who),
		Text:  fmt.Sprintf(leads[variant%len(leads)]+"\n"+body, e.who, e.team, e.where, e.quote, e.detail, e.day),
	}
}

func TestIndexFindsStoryNotNeighbouringEvent(t *testing.T) {
	x := NewIndex(DefaultModel())
	for v := range 3 {
		mustAdd(t, x, fmt.Sprintf("jackson-%d", v), New(story(jacksonArrest, v)))
		mustAdd(t, x, fmt.Sprintf("williams-%d", v), New(story(williamsArrest, v)))
	}
	mustAdd(t, x, "other", New(Article{Title: "Quake hits Aceh", Text: "A 6.1 magnitude earthquake struck Aceh province in Indonesia on July 2, killing one person."}))
	hits := x.Query(New(story(jacksonArrest, 0)), QueryOptions{Exclude: "jackson-0"})
	if got := ids(hits); !reflect.DeepEqual(got, []string{"jackson-1", "jackson-2"}) && !reflect.DeepEqual(got, []string{"jackson-2", "jackson-1"}) {
		t.Fatalf("hits = %v, want the two other Jackson reports", got)
	}
	for _, h := range hits {
		if h.Score <= 0 || h.Score > 1 || len(h.SharedQuotes) == 0 {
			t.Errorf("hit %+v: want a probability and the shared team quote", h)
		}
	}
}

func TestIndexAddRemoveReplace(t *testing.T) {
	x := NewIndex(DefaultModel())
	a, b := New(story(jacksonArrest, 0)), New(story(jacksonArrest, 1))
	mustAdd(t, x, "a", a)
	mustAdd(t, x, "b", b)
	if x.Len() != 2 || len(x.Query(a, QueryOptions{Exclude: "a"})) != 1 {
		t.Fatalf("len %d, hits %v", x.Len(), x.Query(a, QueryOptions{Exclude: "a"}))
	}
	// Replacing b by an unrelated article must drop its old postings.
	mustAdd(t, x, "b", New(Article{Title: "Quake hits Aceh", Text: "A 6.1 magnitude earthquake struck Aceh province."}))
	if x.Len() != 2 || len(x.Query(a, QueryOptions{Exclude: "a"})) != 0 {
		t.Fatalf("after replace: len %d, hits %v", x.Len(), x.Query(a, QueryOptions{Exclude: "a"}))
	}
	if !x.Remove("b") || x.Remove("b") || x.Len() != 1 {
		t.Fatal("Remove should report removing once")
	}
	mustAdd(t, x, "c", b) // reuses b's slot
	if got := ids(x.Query(a, QueryOptions{})); !reflect.DeepEqual(got, []string{"c"}) && !reflect.DeepEqual(got, []string{"a", "c"}) {
		t.Fatalf("after slot reuse: hits %v", got)
	}
	x.Clear()
	if x.Len() != 0 || len(x.Query(a, QueryOptions{})) != 0 {
		t.Fatal("Clear left articles behind")
	}
	if err := x.Add("", a); err != ErrNoID {
		t.Errorf("Add with no id: %v", err)
	}
	if err := x.Add("z", nil); err != ErrNilPrint {
		t.Errorf("Add nil: %v", err)
	}
	if x.Query(nil, QueryOptions{}) != nil || x.Query(New(Article{}), QueryOptions{}) != nil {
		t.Error("empty queries should find nothing")
	}
}

func TestQueryLimit(t *testing.T) {
	x := NewIndex(DefaultModel())
	for v := range 6 {
		mustAdd(t, x, fmt.Sprint(v), New(story(jacksonArrest, v)))
	}
	if got := len(x.Query(New(story(jacksonArrest, 0)), QueryOptions{Limit: 2})); got != 2 {
		t.Errorf("Limit 2 gave %d hits", got)
	}
}

func TestStoryWindow(t *testing.T) {
	a, b := story(jacksonArrest, 0), story(jacksonArrest, 1)
	a.Time = time.Date(2009, 1, 15, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		gap  time.Duration
		want int
	}{
		{"same day", 0, 1},
		{"a week later", 7 * 24 * time.Hour, 1},
		{"a year later", 365 * 24 * time.Hour, 0},
	}
	for _, tt := range tests {
		b.Time = a.Time.Add(tt.gap)
		if got := len(Story(New(a), []*Fingerprint{New(b)}, DefaultModel())); got != tt.want {
			t.Errorf("%s: %d members, want %d", tt.name, got, tt.want)
		}
	}
}

func TestAverageLinkage(t *testing.T) {
	tests := []struct {
		name string
		sim  [][]float64
		want []int
	}{
		{"two pairs", [][]float64{{0, .9, 0, 0}, {.9, 0, 0, 0}, {0, 0, 0, .8}, {0, 0, .8, 0}}, []int{0, 0, 2, 2}},
		// 2 resembles 0 well and 1 poorly: the mean (0.45) stays below 1/2.
		{"mean decides", [][]float64{{0, .9, .8}, {.9, 0, .1}, {.8, .1, 0}}, []int{0, 0, 2}},
		{"nothing links", [][]float64{{0, .2}, {.2, 0}}, []int{0, 1}},
	}
	for _, tt := range tests {
		if got := averageLinkage(tt.sim, storyLink); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestStoriesMatchesDenseLinkage(t *testing.T) {
	sim := [][]float64{
		{0, .9, .7, 0, 0},
		{.9, 0, .3, 0, 0},
		{.7, .3, 0, .6, 0},
		{0, 0, .6, 0, .95},
		{0, 0, 0, .95, 0},
	}
	var links []Link
	for i := range sim {
		for j := i + 1; j < len(sim); j++ {
			if sim[i][j] > 0 {
				links = append(links, Link{A: i, B: j, Score: sim[i][j]})
			}
		}
	}
	dense := averageLinkage(sim, storyLink)
	groups := map[int][]int{}
	for i, l := range dense {
		groups[l] = append(groups[l], i)
	}
	for _, g := range Stories(len(sim), links) {
		if !reflect.DeepEqual(g, groups[dense[g[0]]]) {
			t.Errorf("sparse group %v, dense %v", g, groups[dense[g[0]]])
		}
	}
}

func TestWordLevenshtein(t *testing.T) {
	// Against agnivade/levenshtein on strings where every word is one rune.
	tests := [][2][]uint32{
		{{1, 2, 3}, {1, 2, 3}},
		{{1, 2, 3}, {3, 2, 1}},
		{{}, {1, 2}},
		{{1, 2, 3, 4, 5, 6}, {2, 3, 9, 5, 6, 7, 8}},
	}
	runes := func(ws []uint32) string {
		var r []rune
		for _, w := range ws {
			r = append(r, rune('a'+w))
		}
		return string(r)
	}
	for _, tt := range tests {
		if got, want := levenshtein(tt[0], tt[1]), agnivade.ComputeDistance(runes(tt[0]), runes(tt[1])); got != want {
			t.Errorf("levenshtein(%v, %v) = %d, want %d", tt[0], tt[1], got, want)
		}
	}
}

func mustAdd(t *testing.T, x *Index, id string, fp *Fingerprint) {
	t.Helper()
	if err := x.Add(id, fp); err != nil {
		t.Fatal(err)
	}
}

func ids(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.ID)
	}
	return out
}
