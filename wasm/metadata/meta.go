package metadata

import (
	"strings"

	"golang.org/x/net/html"
)

// metaTags holds what a page's <meta> elements say.
type metaTags struct {
	// values are keyed the way Readability's _getArticleMetadata keys
	// them ("og:title", "dc:creator", "author", "parsely-pub-date"), so
	// that its order of preference can be reproduced; a later element
	// overrides an earlier one, as there.
	values map[string]string
	// all maps every lowercased name, property token, itemprop and
	// http-equiv to the non-empty contents carrying it, in document order.
	all map[string][]string
}

func newMetaTags() *metaTags {
	return &metaTags{values: map[string]string{}, all: map[string][]string{}}
}

// readabilityPropertyPrefixes and readabilityPropertyFields are the parts
// of Readability's property pattern
// /\s*(article|dc|dcterm|og|twitter)\s*:\s*(author|creator|description|published_time|title|site_name)\s*/i.
var (
	readabilityPropertyPrefixes = []string{"article", "dc", "dcterm", "og", "twitter"}
	readabilityPropertyFields   = []string{"author", "creator", "description", "published_time", "title", "site_name"}
	// readabilityNamePrefixes and readabilityNameFields are the parts of
	// its name pattern, a whole-value match:
	// /^\s*(?:(dc|dcterm|og|twitter|parsely|weibo:(article|webpage))\s*[-\.:]\s*)?(author|creator|pub-date|description|title|site_name)\s*$/i.
	readabilityNamePrefixes = []string{"dc", "dcterm", "og", "twitter", "parsely", "weibo:article", "weibo:webpage"}
	readabilityNameFields   = []string{"author", "creator", "pub-date", "description", "title", "site_name"}
)

// add records one <meta> element.
func (m *metaTags) add(n *html.Node) {
	content := attr(n, "content")
	if trimJS(content) == "" {
		return
	}
	content = trimJS(content)
	name, property := attr(n, "name"), attr(n, "property")

	if key := readabilityPropertyKey(property); key != "" {
		m.values[key] = content
	} else if key := readabilityNameKey(name); key != "" {
		m.values[key] = content
	}

	for _, tok := range strings.Fields(property) {
		m.addAll(tok, content)
	}
	for _, key := range []string{name, attr(n, "itemprop"), attr(n, "http-equiv")} {
		if key = strings.TrimSpace(key); key != "" {
			m.addAll(key, content)
		}
	}
}

func (m *metaTags) addAll(key, content string) {
	key = asciiLower(key)
	m.all[key] = append(m.all[key], content)
}

// first returns the first content recorded under any of keys, trying the
// keys in order.
func (m *metaTags) first(keys ...string) string {
	for _, k := range keys {
		if v := m.all[k]; len(v) > 0 {
			return v[0]
		}
	}
	return ""
}

// value returns the first non-empty Readability-keyed value among keys.
func (m *metaTags) value(keys ...string) string {
	for _, k := range keys {
		if v := m.values[k]; v != "" {
			return v
		}
	}
	return ""
}

// readabilityPropertyKey finds the leftmost "prefix:field" in a property
// attribute (a space-separated list), as Readability's unanchored property
// pattern does, and returns it lowercased without spaces, or "".
func readabilityPropertyKey(property string) string {
	if property == "" {
		return ""
	}
	p := asciiLower(property)
	for i := 0; i < len(p); i++ {
		for _, prefix := range readabilityPropertyPrefixes {
			if !strings.HasPrefix(p[i:], prefix) {
				continue
			}
			rest := strings.TrimLeft(p[i+len(prefix):], " \t\n\f\r")
			if !strings.HasPrefix(rest, ":") {
				continue
			}
			rest = strings.TrimLeft(rest[1:], " \t\n\f\r")
			for _, field := range readabilityPropertyFields {
				if strings.HasPrefix(rest, field) {
					return prefix + ":" + field
				}
			}
		}
	}
	return ""
}

// readabilityNameKey matches a name attribute against Readability's name
// pattern and returns its key: lowercased, spaces removed, dots turned to
// colons ("DC.creator" → "dc:creator"), or "" when it does not match.
func readabilityNameKey(name string) string {
	if name == "" {
		return ""
	}
	key := strings.Map(func(r rune) rune {
		if isJSSpace(r) {
			return -1
		}
		return r
	}, asciiLower(name))
	rest := key
	for _, prefix := range readabilityNamePrefixes {
		if len(rest) > len(prefix) && strings.HasPrefix(rest, prefix) && strings.ContainsRune("-.:", rune(rest[len(prefix)])) {
			rest = rest[len(prefix)+1:]
			break
		}
	}
	for _, field := range readabilityNameFields {
		if rest == field {
			return strings.ReplaceAll(key, ".", ":")
		}
	}
	return ""
}
