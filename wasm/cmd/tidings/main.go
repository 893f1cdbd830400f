// Command tidings does on files what the Tidings extension does in the
// browser: clean pages into articles, lint and test rule files, and find
// related coverage. Run `tidings help` for usage.
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `tidings: clean news pages into articles, as the Tidings extension does.

Usage:
  tidings clean [--url URL] [--format json|jsonl|html|text] [--jsonl] [--out DIR] FILE...
      Extract the article of each page. FILE may be .html, .html.gz or - (stdin).
  tidings rules lint|test [-v] FILE...
      Check rule lists, or run them on fixture pages (tidings rules help).
  tidings related --jsonl FILE [--clusters]
      Find articles reporting the same story: one JSON line per related pair
      (or per story cluster), with the quotes they share.
  tidings help
      Show this text.

Run 'tidings COMMAND --help' for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes one command line and returns the exit status: 0 on success,
// 1 when some input failed, 2 on a usage error.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "clean":
		return runClean(args[1:], stdin, stdout, stderr)
	case "rules":
		return runRules(args[1:], stdin, stdout, stderr)
	case "related":
		return runRelated(args[1:], stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "tidings: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
}
