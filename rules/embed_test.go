package rulelists

import (
	"strings"
	"testing"

	"github.com/tidings-app/tidings/wasm/rules"
)

// TestShippedListsLoad checks that every shipped list is embedded, has a
// title, and compiles without errors.
func TestShippedListsLoad(t *testing.T) {
	srcs := Sources()
	if len(srcs) == 0 {
		t.Fatal("no shipped lists embedded")
	}
	for _, s := range srcs {
		if !strings.HasSuffix(s.Name, ".txt") || s.Text == "" {
			t.Errorf("%q: empty or misnamed list", s.Name)
		}
		res := rules.Lint(s.Name, s.Text)
		if res.Header.Title == "" {
			t.Errorf("%s: no ! Title: header", s.Name)
		}
		for _, d := range res.Diagnostics {
			if d.Severity == rules.SeverityError {
				t.Errorf("%s:%d: %s", s.Name, d.Line, d.Message)
			}
		}
		if res.Counts.Rules == 0 {
			t.Errorf("%s: no rules", s.Name)
		}
	}
	if _, err := Text("no-such-list.txt"); err == nil {
		t.Error("Text of a missing list gave no error")
	}
}
