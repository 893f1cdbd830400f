// The options page's status lines: what an action did, or why it failed.

/** errorText is what to show of a failure (an Error, a message, nothing). */
export function errorText(err) {
  return String((err && err.message) || err || 'no answer');
}

/** setStatus shows text in the status area with this id, as an error or as a note. */
export function setStatus(id, text, error = false) {
  const el = document.getElementById(id);
  el.textContent = text;
  el.className = error ? 'error' : 'muted';
}
