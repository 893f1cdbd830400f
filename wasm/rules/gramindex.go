package rules

// gramIndex is a read-only multimap from 3-byte grams (24-bit keys) to
// values, in flat slices with open addressing: a lookup is a hash, one or
// two probes in one array and a slice, with no map machinery. The
// matchers' gram tables are built as Go maps while rules are added, then
// frozen into gramIndexes for matching.
type gramIndex[V any] struct {
	slots []gramSlot
	vals  []V
	mask  uint32
}

// gramSlot is one key's entry: key is 0 for an empty slot, else the key
// plus 1 (keys are below 2^24); its values are vals[start:end].
type gramSlot struct {
	key, start, end uint32
}

// freezeGrams builds a gramIndex from a map.
func freezeGrams[V any](m map[uint32][]V) gramIndex[V] {
	var g gramIndex[V]
	if len(m) == 0 {
		return g
	}
	size := uint32(1)
	for size < uint32(2*len(m)) {
		size <<= 1
	}
	g.slots = make([]gramSlot, size)
	g.mask = size - 1
	for k, vs := range m {
		i := gramSlotOf(k) & g.mask
		for g.slots[i].key != 0 {
			i = (i + 1) & g.mask
		}
		start := uint32(len(g.vals))
		g.vals = append(g.vals, vs...)
		g.slots[i] = gramSlot{key: k + 1, start: start, end: uint32(len(g.vals))}
	}
	return g
}

// bestGram returns the offset and key (ASCII lowercase) of the gram of s
// (at least gramBytes long) to file s under in build: the least crowded
// and rarest (gramCost), the first of equals.
func bestGram[V any](build map[uint32][]V, s string) (int, uint32) {
	best, bestKey, bestCost := 0, uint32(0), -1
	for off := 0; off+gramBytes <= len(s); off++ {
		k := foldGram(s, off)
		if c := len(build[k])*gramCrowdCost + gramCost(s, off); bestCost < 0 || c < bestCost {
			best, bestKey, bestCost = off, k, c
		}
	}
	return best, bestKey
}

// gramCrowdCost weighs a gram's bucket size against its rarity: sharing a
// bucket costs a comparison at each occurrence.
const gramCrowdCost = 8

// gramSlotOf spreads a gram over the slots: Knuth's multiplicative hash,
// shifted so that the mask keeps well-mixed middle bits.
func gramSlotOf(k uint32) uint32 { return (k * knuthHash) >> 7 }

// knuthHash is Knuth's multiplicative hashing constant, 2^32 divided by
// the golden ratio.
const knuthHash = 2654435761

// lookup returns the values of key k.
func (g *gramIndex[V]) lookup(k uint32) []V {
	if g.slots == nil {
		return nil
	}
	for i := gramSlotOf(k) & g.mask; ; i = (i + 1) & g.mask {
		switch s := &g.slots[i]; s.key {
		case 0:
			return nil
		case k + 1:
			return g.vals[s.start:s.end]
		}
	}
}
