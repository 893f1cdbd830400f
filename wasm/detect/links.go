package detect

import "strings"

// Links. Every link of a page is classified (share, follow, payment,
// sign-in, newsletter), so the tests are map lookups on the link's host
// and short tests on its path, not substring searches over the whole href.

// splitURL splits a lowercased href into its host (without "www." or
// "m.") and the rest (path, query, fragment). A relative href has no host.
func splitURL(href string) (host, rest string) {
	switch {
	case strings.HasPrefix(href, "https://"):
		href = href[len("https://"):]
	case strings.HasPrefix(href, "http://"):
		href = href[len("http://"):]
	case strings.HasPrefix(href, "//"):
		href = href[2:]
	default:
		return "", href
	}
	i := strings.IndexAny(href, "/?#")
	if i < 0 {
		i = len(href)
	}
	host, rest = href[:i], href[i:]
	if j := strings.LastIndexByte(host, '@'); j >= 0 {
		host = host[j+1:]
	}
	if j := strings.IndexByte(host, ':'); j >= 0 {
		host = host[:j]
	}
	host = strings.TrimPrefix(host, "www.")
	host = strings.TrimPrefix(host, "m.")
	return host, rest
}

// hostIn looks a host and its parent domains up in a table.
func hostIn[V any](table map[string]V, host string) (V, bool) {
	for host != "" {
		if v, ok := table[host]; ok {
			return v, true
		}
		i := strings.IndexByte(host, '.')
		if i < 0 {
			break
		}
		host = host[i+1:]
	}
	var zero V
	return zero, false
}

// eachSegment calls f with each segment of a path (up to the query or
// fragment) until f returns true; it reports whether f did.
func eachSegment(path string, f func(string) bool) bool {
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	for path != "" {
		i := strings.IndexByte(path, '/')
		seg := path
		if i >= 0 {
			seg, path = path[:i], path[i+1:]
		} else {
			path = ""
		}
		if seg != "" && f(seg) {
			return true
		}
	}
	return false
}
