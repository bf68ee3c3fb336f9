package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/odx-dev/odx/demo"
)

// runDemo serves the embedded demo instance until interrupted.
func runDemo(ctx context.Context, env *env, args []string) error {
	fs := newFlagSet(env, "demo", "odx demo [--addr 127.0.0.1:8080] [--token-ttl 60s] [--latency 0]")
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on (loopback unless you mean otherwise)")
	ttl := fs.Duration("token-ttl", 60*time.Second, "access token `lifetime`")
	latency := fs.Duration("latency", 0, "added `delay` before every API response")
	revoke := fs.Int("revoke-after", 0, "reject a token with 401 after it served `N` API requests (0: never)")
	maxPage := fs.Int("max-page-size", 1000, "largest page the server returns")
	secret := fs.String("secret", "", "client `secret` to accept (default: a new random one)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	inst := demo.New(demo.Options{
		ClientSecret: *secret,
		TokenTTL:     *ttl,
		Latency:      *latency,
		RevokeAfter:  *revoke,
		MaxPageSize:  *maxPage,
	})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %v; pick another address with --addr", *addr, err)
	}
	base := "http://" + ln.Addr().String()
	srv := &http.Server{Handler: inst.Handler(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(env.stdout, "odx demo instance serving at %s\n\n", base)
	fmt.Fprintf(env.stdout, "  token endpoint  %s/id/connect/token\n", base)
	fmt.Fprintf(env.stdout, "  service root    %s/api/domain/odata/\n", base)
	fmt.Fprintf(env.stdout, "  client id       %s\n", inst.ClientID())
	fmt.Fprintf(env.stdout, "  client secret   %s\n", inst.ClientSecret())
	fmt.Fprintf(env.stdout, "  token lifetime  %s\n\n", *ttl)
	fmt.Fprintln(env.stdout, "A ready profile for config.toml:")
	fmt.Fprintln(env.stdout)
	fmt.Fprintln(env.stdout, inst.Profile("demo", base))
	fmt.Fprintln(env.stdout, "Press Ctrl+C to stop.")

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
		return nil
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return fmt.Errorf("demo server stopped: %v", err)
	}
}
