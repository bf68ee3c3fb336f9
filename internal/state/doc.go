// Package state keeps what odx remembers between runs: column layouts,
// query history and cached $metadata documents, written atomically.
package state
