package rules

import "bytes"

// litTable finds which gate literals (Matcher.lits) occur in a page's
// text in one pass over it, instead of one substring search per literal:
// a page is asked about a few dozen literals, each search read the whole
// text again (about 0.4 s for the 33 shipped literals on a 20 MB page),
// and most literals are absent, so each search ran to the end.
//
// Each literal of at least gramBytes bytes is filed under one of its
// grams (ASCII lowercase, the least crowded and rarest, as similarity
// pieces are); the scan folds the text's grams the same way, and at each
// position whose gram is filed compares the literals there. Shorter
// literals are searched for one by one.
type litTable struct {
	bits  [gramBits / 64]uint64
	refs  gramIndex[litRef]
	short []int32             // literals under gramBytes long
	build map[uint32][]litRef // while rules are added; nil once frozen
	count int                 // literals filed
	// back and ahead are the most bytes a filed literal spans before its
	// gram, and from the gram's first byte on (litStream).
	back, ahead int
}

// litRef is literal id filed under the gram at byte off of its text.
type litRef struct {
	id, off int32
}

// add files literal id.
func (lt *litTable) add(id int32, l literal) {
	if len(l.b) < gramBytes {
		lt.short = append(lt.short, id)
		return
	}
	if lt.build == nil {
		lt.build = map[uint32][]litRef{}
	}
	off, k := bestGram(lt.build, string(l.b))
	setBit(lt.bits[:], gramHash(k))
	appendAt(&lt.build, k, litRef{id: id, off: int32(off)})
	lt.count++
	lt.back, lt.ahead = max(lt.back, off), max(lt.ahead, len(l.b)-off)
}

// freeze makes the table ready for scanning.
func (lt *litTable) freeze() {
	lt.refs, lt.build = freezeGrams(lt.build), nil
}

// scan sets found[id] for every filed literal that occurs in text, and
// for the short ones; it stops early once all are found.
func (lt *litTable) scan(lits []literal, text []byte, found []bool) {
	for _, id := range lt.short {
		found[id] = containsLiteral(text, &lits[id])
	}
	lt.scanGrams(lits, text, 0, len(text)-gramBytes, found, lt.count)
}

// scanGrams marks in found the filed literals that occur at the gram
// positions from to last (inclusive) of text. left is how many filed
// literals are still missing; it returns how many remain missing, and
// stops once none does.
func (lt *litTable) scanGrams(lits []literal, text []byte, from, last int, found []bool, left int) int {
	if left == 0 || from > last {
		return left
	}
	k := uint32(lowerTable[text[from]])<<8 | uint32(lowerTable[text[from+1]])
	for p := from; p <= last; p++ {
		k = (k<<8 | uint32(lowerTable[text[p+2]])) & gramMask
		if !hasBit(lt.bits[:], gramHash(k)) {
			continue
		}
		for _, ref := range lt.refs.lookup(k) {
			if !found[ref.id] && literalAt(text, p-int(ref.off), &lits[ref.id]) {
				found[ref.id] = true
				if left--; left == 0 {
					return 0
				}
			}
		}
	}
	return left
}

// literalAt reports whether l occurs in text at byte start (ASCII case
// folded when l.fold; l.b is then lowercase).
func literalAt(text []byte, start int, l *literal) bool {
	if start < 0 || start+len(l.b) > len(text) {
		return false
	}
	w := text[start : start+len(l.b)]
	if !l.fold {
		return bytes.Equal(w, l.b)
	}
	for j, c := range w {
		if lowerTable[c] != l.b[j] {
			return false
		}
	}
	return true
}

// containsLiteral reports whether l occurs anywhere in text.
func containsLiteral(text []byte, l *literal) bool {
	if !l.fold {
		return bytes.Contains(text, l.b)
	}
	for i := 0; i+len(l.b) <= len(text); i++ {
		if literalAt(text, i, l) {
			return true
		}
	}
	return false
}

// litStream is litTable.scan over a text that arrives in pieces (the
// page's text nodes, in order), so that the text need not be gathered in
// one buffer first: it keeps, before the piece being scanned, the few
// bytes a literal may start in, and scans a gram's position only once
// the bytes every literal filed there may reach have arrived (finish
// scans the last ones). Its answers are scan's on the pieces joined.
type litStream struct {
	lt    *litTable
	lits  []literal
	found []bool
	left  int
	// win holds the text from some bytes before next on; next is the
	// first gram position not scanned yet, in win.
	win  []byte
	next int
}

// start readies s to scan for the literals of lt, marking found ones in
// found (one per literal, cleared).
func (s *litStream) start(lt *litTable, lits []literal, found []bool) {
	s.lt, s.lits, s.found, s.left = lt, lits, found, lt.count
	s.win, s.next = s.win[:0], 0
}

// feed scans the next piece of text.
func (s *litStream) feed(text string) {
	if s.left == 0 {
		return
	}
	s.win = append(s.win, text...)
	s.scanTo(len(s.win) - s.lt.ahead)
	// Keep what the positions still to scan may need.
	if cut := s.next - s.lt.back; cut > 0 {
		n := copy(s.win, s.win[cut:])
		s.win, s.next = s.win[:n], s.next-cut
	}
}

// finish scans the positions left at the end of the text.
func (s *litStream) finish() {
	if s.left > 0 {
		s.scanTo(len(s.win) - gramBytes)
	}
	s.win = s.win[:0]
}

// scanTo scans the gram positions from s.next to last, inclusive.
func (s *litStream) scanTo(last int) {
	s.left = s.lt.scanGrams(s.lits, s.win, s.next, last, s.found, s.left)
	s.next = max(s.next, last+1)
}
