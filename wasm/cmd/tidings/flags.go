package main

import (
	"flag"
	"io"
)

// parseInterspersed parses flags that may appear before, between or after
// the positional arguments (`tidings clean a.html --format text`), which
// the standard flag package alone does not allow. "--" ends flag parsing.
func parseInterspersed(fs *flag.FlagSet, args []string, stderr io.Writer) ([]string, error) {
	fs.SetOutput(stderr)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		// A lone "-" is stdin, a positional argument.
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}
