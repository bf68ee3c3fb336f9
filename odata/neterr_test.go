package odata

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// sentenceErr stands for a transport's own error (auth's, in odx).
type sentenceErr struct{}

func (sentenceErr) Error() string { return "the token lacks scope 'read' (HTTP 403)" }

type errTransport struct{ err error }

func (t errTransport) RoundTrip(*http.Request) (*http.Response, error) { return nil, t.err }

func TestTransportErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/odata/"
	ln.Close()
	tlsSrv := httptest.NewTLSServer(http.NotFoundHandler())
	defer tlsSrv.Close()
	plain := httptest.NewServer(http.NotFoundHandler())
	defer plain.Close()

	tests := []struct {
		name, root string
		rt         http.RoundTripper
		want       string
		is         error
	}{
		{"refused", closed, nil, "refused the connection: check the instance URL", nil},
		{"untrusted certificate", tlsSrv.URL + "/odata/", nil, "TLS certificate", nil},
		{"http to a TLS port", strings.Replace(tlsSrv.URL, "https", "http", 1) + "/odata/", nil, "", nil},
		{"https to a plain port", strings.Replace(plain.URL, "http", "https", 1) + "/odata/", nil, "did not answer with TLS", nil},
		{"transport's own error", plain.URL + "/odata/", errTransport{sentenceErr{}}, "the token lacks scope 'read' (HTTP 403)", nil},
		{"cancelled", plain.URL + "/odata/", errTransport{context.Canceled}, "", context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hc := &http.Client{Transport: tt.rt}
			c, err := NewClient(tt.root, hc)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.ServiceDocument(context.Background())
			if err == nil {
				t.Fatal("got no error")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("got %v; want errors.Is %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %q; want it to contain %q", err, tt.want)
			}
			if tt.rt != nil && strings.Contains(err.Error(), "Get \"") {
				t.Errorf("got %q; a transport's own error should not carry the url.Error prefix", err)
			}
		})
	}
}
