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
	left := lt.count
	if left == 0 || len(text) < gramBytes {
		return
	}
	k := uint32(lowerTable[text[0]])<<8 | uint32(lowerTable[text[1]])
	for i := 0; i+gramBytes <= len(text); i++ {
		k = (k<<8 | uint32(lowerTable[text[i+2]])) & gramMask
		if !hasBit(lt.bits[:], gramHash(k)) {
			continue
		}
		for _, ref := range lt.refs.lookup(k) {
			if found[ref.id] {
				continue
			}
			if literalAt(text, i-int(ref.off), &lits[ref.id]) {
				found[ref.id] = true
				if left--; left == 0 {
					return
				}
			}
		}
	}
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
