package metadata

import "golang.org/x/net/html"

// step tells a walk what to do after visiting an element.
type step int

const (
	descend  step = iota // visit the element's children next
	skipKids             // go on after the element's subtree
	stop                 // end the walk
)

// walk calls visit on each element under n (n included) in document
// order. It iterates rather than recurses, so deep trees cost no stack.
func walk(n *html.Node, visit func(*html.Node) step) {
	if n == nil {
		return
	}
	root := n
	for {
		next := descend
		if n.Type == html.ElementNode {
			next = visit(n)
		}
		if next == stop {
			return
		}
		if next == descend && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		for n != root && n.NextSibling == nil {
			n = n.Parent
		}
		if n == root {
			return
		}
		n = n.NextSibling
	}
}

// walkElements calls visit on each element under n (n included) in
// document order; when visit returns false the element's subtree is
// skipped.
func walkElements(n *html.Node, visit func(*html.Node) bool) {
	walk(n, func(e *html.Node) step {
		if visit(e) {
			return descend
		}
		return skipKids
	})
}

// findElement returns the first element under n (n included) for which
// match is true, or nil.
func findElement(n *html.Node, match func(*html.Node) bool) *html.Node {
	var found *html.Node
	walk(n, func(e *html.Node) step {
		if match(e) {
			found = e
			return stop
		}
		return descend
	})
	return found
}
