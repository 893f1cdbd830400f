package rules

// gramIndex is a read-only multimap from 3-byte grams (24-bit keys) to
// values, in flat slices with open addressing: a lookup is a hash, one or
// two probes and a slice, with no map machinery. The matchers' gram
// tables are built as Go maps while rules are added, then frozen into
// gramIndexes for matching.
type gramIndex[V any] struct {
	// keys[i] is 0 for an empty slot, else the slot's key plus 1 (keys
	// are below 2^24); its values are vals[starts[i]:ends[i]].
	keys   []uint32
	starts []uint32
	ends   []uint32
	vals   []V
	mask   uint32
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
	g.keys = make([]uint32, size)
	g.starts = make([]uint32, size)
	g.ends = make([]uint32, size)
	g.mask = size - 1
	for k, vs := range m {
		i := gramSlot(k) & g.mask
		for g.keys[i] != 0 {
			i = (i + 1) & g.mask
		}
		g.keys[i] = k + 1
		g.starts[i] = uint32(len(g.vals))
		g.vals = append(g.vals, vs...)
		g.ends[i] = uint32(len(g.vals))
	}
	return g
}

func gramSlot(k uint32) uint32 { return (k * 2654435761) >> 7 }

// lookup returns the values of key k.
func (g *gramIndex[V]) lookup(k uint32) []V {
	if g.keys == nil {
		return nil
	}
	for i := gramSlot(k) & g.mask; ; i = (i + 1) & g.mask {
		switch g.keys[i] {
		case 0:
			return nil
		case k + 1:
			return g.vals[g.starts[i]:g.ends[i]]
		}
	}
}
