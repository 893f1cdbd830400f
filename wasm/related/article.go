package related

import (
	"strings"
	"time"
)

// timeLayouts are the publication-time forms pages give (meta tags,
// JSON-LD, <time datetime>), most specific first.
var timeLayouts = []string{
	time.RFC3339Nano,
	time.RFC3339,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05",
	"2006-01-02",
	time.RFC1123Z,
	time.RFC1123,
}

// ParseTime reads a publication time as pages write it (engine.Result's
// PublishedTime); the zero time when it is empty or unreadable, which
// Fingerprint treats as unknown.
func ParseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
