package synth

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/tidings-app/tidings/wasm/related"
)

// A fingerprint file holds the encoded fingerprints of a Source, so a
// WebAssembly run can load what a native run generated, as the browser
// loads stored fingerprints: uvarint query count, uvarint article count,
// then each fingerprint as uvarint length and MarshalBinary bytes,
// queries first.

// WriteFile writes the first articles and queries of src to path.
func WriteFile(path string, src Source, articles, queries int) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	w := bufio.NewWriter(f)
	put := func(fp *related.Fingerprint) error {
		raw, err := fp.MarshalBinary()
		if err != nil {
			return err
		}
		w.Write(binary.AppendUvarint(nil, uint64(len(raw))))
		_, err = w.Write(raw)
		return err
	}
	w.Write(binary.AppendUvarint(binary.AppendUvarint(nil, uint64(queries)), uint64(articles)))
	for k := range queries {
		fp, err := src.Query(k)
		if err == nil {
			err = put(fp)
		}
		if err != nil {
			f.Close()
			return fmt.Errorf("synth: %w", err)
		}
	}
	for i := range articles {
		fp, err := src.Article(i)
		if err == nil {
			err = put(fp)
		}
		if err != nil {
			f.Close()
			return fmt.Errorf("synth: %w", err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("synth: %w", err)
	}
	return f.Close()
}

// Stored is a Source read from a fingerprint file; Article and Query
// decode on demand, so Measure's add times include decoding, as a
// browser's load does.
type Stored struct {
	queries, articles [][]byte
}

// ReadFile reads a fingerprint file.
func ReadFile(path string) (*Stored, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	next := func() ([]byte, error) {
		n, k := binary.Uvarint(raw)
		if k <= 0 || n > uint64(len(raw)-k) {
			return nil, errors.New("synth: corrupt fingerprint file")
		}
		b := raw[k : k+int(n)]
		raw = raw[k+int(n):]
		return b, nil
	}
	q, k := binary.Uvarint(raw)
	raw = raw[max(k, 0):]
	a, k := binary.Uvarint(raw)
	raw = raw[max(k, 0):]
	if k <= 0 {
		return nil, errors.New("synth: corrupt fingerprint file header")
	}
	s := &Stored{}
	for range q {
		b, err := next()
		if err != nil {
			return nil, err
		}
		s.queries = append(s.queries, b)
	}
	for range a {
		b, err := next()
		if err != nil {
			return nil, err
		}
		s.articles = append(s.articles, b)
	}
	return s, nil
}

// Article decodes the i-th article.
func (s *Stored) Article(i int) (*related.Fingerprint, error) {
	if i >= len(s.articles) {
		return nil, io.ErrUnexpectedEOF
	}
	return related.Decode(s.articles[i])
}

// Query decodes the k-th query.
func (s *Stored) Query(k int) (*related.Fingerprint, error) {
	if k >= len(s.queries) {
		return nil, io.ErrUnexpectedEOF
	}
	return related.Decode(s.queries[k])
}
