// Package httplog is the request log: an http.RoundTripper middleware that
// records each exchange of a session (token requests, API requests, replays
// after re-authentication) in a ring buffer, with secrets redacted at
// record time, for the explorer's request-log pane.
package httplog
