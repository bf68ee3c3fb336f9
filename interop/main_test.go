//go:build interop

package interop

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/odx-dev/odx/auth"
	"github.com/odx-dev/odx/odata"
)

// Settings of the servers for the whole run: tokens live tokenTTL seconds, so
// walking ~3,000 rows renews them several times, and CAP cuts pages at
// pageMax rows, so a larger $top is answered with a $skiptoken next link.
const (
	tokenTTL = 2
	pageMax  = 100
)

// ready is the line the Node program prints once both servers listen.
type ready struct {
	Origin      string `json:"origin"`
	Issuer      string `json:"issuer"`
	TokenURL    string `json:"token_url"`
	ServiceRoot string `json:"service_root"`
	// ServiceRootV2 is the same CAP service as OData v2, through
	// @cap-js-community/odata-v2-adapter.
	ServiceRootV2 string `json:"service_root_v2"`
	ClientID      string `json:"client_id"`
	ClientSecret  string `json:"client_secret"`
	ReaderID      string `json:"reader_id"`
	ReaderSecret  string `json:"reader_secret"`
	TokenTTL      int    `json:"token_ttl"`
	PageMax       int    `json:"page_max"`
}

var (
	srv        ready
	skipReason string // set when node is not installed
	nodeLog    syncBuffer
)

// syncBuffer collects the server's stderr for failure messages.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if _, err := exec.LookPath("node"); err != nil {
		skipReason = "node is not installed: the interop tests need Node.js 20 or later and npm (then run scripts/interop)"
		return m.Run()
	}
	dir, err := filepath.Abs("server")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@sap", "cds")); err != nil {
		fmt.Fprintf(os.Stderr, "interop: %s has no node_modules; run scripts/interop (it runs npm ci there first).\n", dir)
		return 1
	}
	stop, err := start(dir)
	if err != nil {
		fmt.Fprintf(os.Stderr, "interop: %v\n%s", err, nodeLog.String())
		return 1
	}
	defer stop()
	code := m.Run()
	if code != 0 {
		fmt.Fprintf(os.Stderr, "interop: server stderr:\n%s", nodeLog.String())
	}
	return code
}

// start runs the Node program in its own process group, waits up to 120 s for
// its ready line and returns a function that stops the whole group.
func start(dir string) (stop func(), err error) {
	began := time.Now()
	cmd := exec.Command("node", "server.mjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"CDS_STRICT_NODE_VERSION=false",
		fmt.Sprintf("ODX_INTEROP_TOKEN_TTL=%d", tokenTTL),
		fmt.Sprintf("ODX_INTEROP_PAGE_MAX=%d", pageMax),
	)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Stderr = &nodeLog
	stdin, err := cmd.StdinPipe() // closing it tells the program to exit
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("cannot start node: %w", err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	stop = func() {
		_ = stdin.Close()
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	}

	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "{") {
				lines <- sc.Text()
				break
			}
		}
		close(lines)
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case line, ok := <-lines:
		if !ok {
			stop()
			return nil, errors.New("the Node program ended before it was ready")
		}
		if err := json.Unmarshal([]byte(line), &srv); err != nil || srv.ServiceRoot == "" {
			stop()
			return nil, fmt.Errorf("the Node program's ready line is not understood: %q", line)
		}
	case <-time.After(120 * time.Second):
		stop()
		return nil, errors.New("the Node program was not ready within 120 s")
	}
	fmt.Fprintf(os.Stderr, "interop: servers ready in %v at %s\n", time.Since(began).Round(time.Millisecond), srv.Origin)
	return stop, nil
}

// need skips t when the servers could not be run on this machine.
func need(t *testing.T) {
	t.Helper()
	if skipReason != "" {
		t.Skip(skipReason)
	}
}

// newSource returns a token source for the interop client with the given scopes.
func newSource(t *testing.T, scopes ...string) *auth.Source {
	t.Helper()
	need(t)
	return auth.NewSource(auth.Config{
		ClientID:     srv.ClientID,
		ClientSecret: srv.ClientSecret,
		TokenURL:     srv.TokenURL,
		Scopes:       scopes,
		ServiceURL:   srv.ServiceRoot,
	})
}

// newClient returns an odata client authorised with scope read, and its source.
func newClient(t *testing.T) (*odata.Client, *auth.Source) {
	t.Helper()
	src := newSource(t, "read")
	c, err := odata.NewClient(srv.ServiceRoot, src.Client())
	if err != nil {
		t.Fatal(err)
	}
	return c, src
}

// ctx returns a context that ends with the test (or after a minute).
func ctx(t *testing.T) context.Context {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

// rawGet sends GET url with a fresh token of src and returns status, headers
// and body as the server sent them, for comparison with what odx made of them.
func rawGet(t *testing.T, src *auth.Source, url string, header http.Header) (int, http.Header, []byte) {
	t.Helper()
	tok, err := src.Token(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(ctx(t), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, body
}

// waitTokenExpiry waits until the token src holds has expired (at the
// expiry src keeps: the response's expires_in, or the JWT's exp when that is
// earlier), so that src's next request must fetch a new one.
func waitTokenExpiry(t *testing.T, src *auth.Source) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		exp, ok := src.Expiry()
		if !ok || !time.Now().Before(exp) {
			return
		}
		if exp.After(deadline) {
			t.Fatalf("the token expires at %s; want it to expire within a minute (token_ttl %d s)", exp.Format(time.TimeOnly), tokenTTL)
		}
		<-time.After(time.Until(exp)) // the instant it expires; then look again
	}
}
