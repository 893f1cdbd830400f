// The options page's status lines: what an action did, or why it failed.

/** setStatus shows text in the status area with this id, as an error or as a note. */
export function setStatus(id, text, error = false) {
  const el = document.getElementById(id);
  el.textContent = text;
  el.className = error ? 'error' : 'muted';
}
