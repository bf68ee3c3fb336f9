package demo

import (
	"net"
	"net/http"
	"time"
)

// Server is an Instance listening on 127.0.0.1, like httptest.Server.
type Server struct {
	*Instance
	URL string // http://127.0.0.1:port, no trailing slash

	srv *http.Server
}

// NewServer starts an instance on a free loopback port. It is ready to
// serve when NewServer returns. It panics if no port can be had, as
// httptest.NewServer does.
func NewServer(opts Options) *Server {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic("demo: cannot listen on 127.0.0.1: " + err.Error())
	}
	in := New(opts)
	s := &Server{
		Instance: in,
		URL:      "http://" + ln.Addr().String(),
		srv:      &http.Server{Handler: in.Handler(), ReadHeaderTimeout: 10 * time.Second},
	}
	go func() { _ = s.srv.Serve(ln) }() // returns ErrServerClosed after Close
	return s
}

// Close stops the server and closes every connection, waiting requests
// included.
func (s *Server) Close() {
	_ = s.srv.Close()
}
