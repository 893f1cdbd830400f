package sanitize

import "io"

// Block sizes of chunks: the first block fits a short article; each next
// one doubles, up to maxBlock, so a long article takes few blocks and the
// unused tail of the last one stays small next to what it holds.
const (
	firstBlock = 4 << 10
	maxBlock   = 256 << 10
)

// chunks is an append-only byte buffer made of blocks that are never
// moved: unlike a growing slice, it does not copy what it holds when it
// grows, so rendering a 20 MB article costs about 20 MB instead of the
// 60 MB and the copies of repeated doubling. It is written once (it
// implements the writer html.Render uses without wrapping it in a
// bufio.Writer) and then read once, as an io.Reader.
type chunks struct {
	blocks [][]byte
	size   int // bytes written
	// read position: block index and offset in it
	rb, ro int
}

// Len returns the number of bytes written.
func (c *chunks) Len() int { return c.size }

// room returns the last block with free space, adding one if needed.
func (c *chunks) room() []byte {
	if k := len(c.blocks); k > 0 {
		if last := c.blocks[k-1]; len(last) < cap(last) {
			return last
		}
	}
	size := firstBlock
	if k := len(c.blocks); k > 0 {
		size = min(2*cap(c.blocks[k-1]), maxBlock)
	}
	c.blocks = append(c.blocks, make([]byte, 0, size))
	return c.blocks[len(c.blocks)-1]
}

// WriteString appends s.
func (c *chunks) WriteString(s string) (int, error) { return appendChunks(c, s) }

// Write appends p.
func (c *chunks) Write(p []byte) (int, error) { return appendChunks(c, p) }

// appendChunks appends s to c, filling the last block and adding blocks.
func appendChunks[T string | []byte](c *chunks, s T) (int, error) {
	n := len(s)
	for len(s) > 0 {
		b := c.room()
		k := copy(b[len(b):cap(b)], s)
		c.blocks[len(c.blocks)-1] = b[:len(b)+k]
		s = s[k:]
	}
	c.size += n
	return n, nil
}

// WriteByte appends b.
func (c *chunks) WriteByte(b byte) error {
	last := c.room()
	c.blocks[len(c.blocks)-1] = append(last, b)
	c.size++
	return nil
}

// Read reads what was written, from the start; it returns io.EOF at the
// end.
func (c *chunks) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) && c.rb < len(c.blocks) {
		b := c.blocks[c.rb]
		k := copy(p[n:], b[c.ro:])
		n += k
		c.ro += k
		if c.ro == len(b) {
			c.rb, c.ro = c.rb+1, 0
		}
	}
	if n == 0 && len(p) > 0 {
		return 0, io.EOF
	}
	return n, nil
}
