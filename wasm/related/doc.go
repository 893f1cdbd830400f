// Package related finds other coverage of the same story: it turns an
// extracted article into a compact Fingerprint (normalized title, weighted
// key terms, entity-like names, dates, numbers and quotes), scores how
// likely two fingerprints report the same event, and keeps an in-memory
// inverted Index so a lookup among 100,000 articles touches only the
// articles that share rare terms with the query, never all of them.
//
// The package works on text only (no HTML, no I/O): the engine hands it
// the article it extracted, the CLI reads JSON Lines, and the browser
// stores Fingerprint.MarshalBinary bytes in IndexedDB and loads them into
// an Index on start.
//
// What separates one story from another of the same kind (two rehab
// check-ins, two earthquakes) is mostly names, places, dates and numbers,
// so those are kept apart from the topical vocabulary and weigh on their
// own in Score.
package related
