package auth

import "time"

// Expiry returns when the cached token expires, without fetching one; ok is
// false when no token is cached. It is cheap enough to call every second
// (for a countdown).
func (s *Source) Expiry() (t time.Time, ok bool) {
	e := s.current()
	if e == nil || e.tok == nil {
		return time.Time{}, false
	}
	return e.expiry, true
}
