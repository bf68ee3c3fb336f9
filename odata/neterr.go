package odata

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"syscall"
)

// transportError turns what http.Client.Do returned into one sentence. A
// transport's own typed error (for odx, auth's: "the token lacks scope…")
// is already a sentence and is returned unwrapped from *url.Error; network
// failures get the cause and the next step. Context errors stay as they are
// so that callers can tell a cancellation.
func transportError(u *url.URL, err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	inner := ue.Err
	host := u.Host
	switch inner.(type) {
	case *net.OpError, *net.DNSError, *tls.CertificateVerificationError, x509.UnknownAuthorityError,
		x509.HostnameError, tls.RecordHeaderError, syscall.Errno:
		// A network failure of this request: classified below.
	default:
		if strings.Contains(inner.Error(), "server gave HTTP response to HTTPS client") {
			return fmt.Errorf("odata: %s did not answer with TLS: check http:// versus https:// in the service root (%w)", host, err)
		}
		if errors.Is(inner, context.Canceled) {
			return context.Canceled
		}
		if ne, ok := inner.(net.Error); ok && ne.Timeout() {
			return fmt.Errorf("odata: %s did not answer in time: the server may be busy: try again, or raise `timeout` in the profile (%w)", host, err)
		}
		if strings.HasPrefix(inner.Error(), "net/http:") || strings.Contains(inner.Error(), "malformed") {
			return fmt.Errorf("odata: %s sent a response that is not valid HTTP: check the service URL or a proxy in between (%w)", host, err)
		}
		// A RoundTripper's (or redirect policy's) own error, already a
		// sentence: for odx, auth's token and permission errors.
		return inner
	}
	var (
		dnsErr  *net.DNSError
		certErr *tls.CertificateVerificationError
		unknown x509.UnknownAuthorityError
		hostErr x509.HostnameError
		recErr  tls.RecordHeaderError
		netErr  net.Error
		opErr   *net.OpError
	)
	switch {
	case errors.As(inner, &dnsErr):
		return fmt.Errorf("odata: cannot resolve host %s: check the instance URL (%w)", dnsErr.Name, err)
	case errors.Is(inner, syscall.ECONNREFUSED):
		return fmt.Errorf("odata: %s refused the connection: check the instance URL and that the service is running (%w)", host, err)
	case errors.Is(inner, syscall.ECONNRESET):
		return fmt.Errorf("odata: %s reset the connection: try again (%w)", host, err)
	case errors.As(inner, &certErr), errors.As(inner, &unknown), errors.As(inner, &hostErr):
		return fmt.Errorf("odata: the TLS certificate of %s is not trusted: check the instance URL or the system's certificates (%w)", host, err)
	case errors.As(inner, &recErr):
		return fmt.Errorf("odata: %s did not answer with TLS: check http:// versus https:// in the service root (%w)", host, err)
	case errors.As(inner, &netErr) && netErr.Timeout():
		return fmt.Errorf("odata: %s did not answer in time: the server may be busy: try again, or raise `timeout` in the profile (%w)", host, err)
	case errors.As(inner, &opErr):
		return fmt.Errorf("odata: cannot reach %s: %v; check the instance URL and your network (%w)", host, opErr.Err, err)
	}
	return fmt.Errorf("odata: cannot reach %s: check the instance URL and your network (%w)", host, err)
}
