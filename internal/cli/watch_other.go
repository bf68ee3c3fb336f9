//go:build !unix

package cli

import "io"

// watchReader does not watch on this system: a write error alone tells
// that the reader of the output went away.
func watchReader(io.Writer, func()) (stop func()) { return func() {} }
