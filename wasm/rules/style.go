package rules

import (
	"fmt"
	"strings"
)

// styleProperties are the CSS properties a :style() rule may set. They can
// undo what overlays do to a page (scroll locks, blur, fixed positioning,
// clipped heights) and hide or dim elements; none can load anything or run
// code.
var styleProperties = map[string]bool{
	"display": true, "visibility": true, "opacity": true,
	"overflow": true, "overflow-x": true, "overflow-y": true,
	"position": true, "top": true, "right": true, "bottom": true, "left": true, "z-index": true,
	"height": true, "max-height": true, "min-height": true,
	"width": true, "max-width": true, "min-width": true,
	"margin": true, "margin-top": true, "margin-bottom": true, "padding": true, "padding-top": true, "padding-bottom": true,
	"filter": true, "-webkit-filter": true, "backdrop-filter": true,
	"pointer-events": true, "user-select": true, "-webkit-user-select": true,
	"transform": true,
}

// styleForbidden are value fragments that could fetch a resource, run
// code, or smuggle either past this check.
var styleForbidden = []string{"url(", "image(", "image-set(", "element(", "expression(", "javascript:", "attr(", "@", "\\", "/*", "<", ">", "{", "}", "\"", "'"}

// validateStyle checks the declarations of a :style() rule and returns
// them normalized ("prop: value; prop: value").
func validateStyle(src string) (string, error) {
	var out []string
	for _, decl := range strings.Split(src, ";") {
		decl = strings.TrimSpace(decl)
		if decl == "" {
			continue
		}
		prop, val, ok := strings.Cut(decl, ":")
		if !ok {
			return "", fmt.Errorf(":style(): %q is not a declaration (property: value)", decl)
		}
		prop = strings.ToLower(strings.TrimSpace(prop))
		val = strings.TrimSpace(val)
		if !styleProperties[prop] {
			return "", fmt.Errorf(":style(): property %q is not allowed (allowed: layout, visibility, overflow, filter and similar properties)", prop)
		}
		if val == "" {
			return "", fmt.Errorf(":style(): %s has no value", prop)
		}
		low := strings.ToLower(val)
		for _, bad := range styleForbidden {
			if strings.Contains(low, bad) {
				return "", fmt.Errorf(":style(): %s: %q is not allowed in values", prop, bad)
			}
		}
		out = append(out, prop+": "+val)
	}
	if len(out) == 0 {
		return "", fmt.Errorf(":style() needs at least one declaration")
	}
	return strings.Join(out, "; "), nil
}
