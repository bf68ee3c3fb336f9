package cli

import (
	"context"
	"fmt"
	"net/http"

	"github.com/odx-dev/odx/auth"
	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/internal/config"
	"github.com/odx-dev/odx/internal/httplog"
	"github.com/odx-dev/odx/internal/state"
	"github.com/odx-dev/odx/odata"
)

// Session is a connection to one instance: its settings, the token source
// and the OData client (whose transport is the token source's), with the
// request log at the bottom of the HTTP stack.
type Session struct {
	Settings   *config.Settings
	Auth       *auth.Source
	Client     *odata.Client
	RequestLog *httplog.Log // nil for a command that shows none
	// Warnings are the config's warnings (a secret others can read…),
	// printed on stderr and shown by the explorer too, whose screen would
	// hide them.
	Warnings []string

	demo *demo.Server // the in-process instance of --demo, else nil

	caps *state.Caps // what services refuse, kept between runs; nil for none
}

// NewSession builds the token source and the OData client for st, as the
// explorer and the subcommands use them, with the $metadata cache in the
// user's cache directory. It resolves the secret but sends no request: the
// first request authenticates.
func NewSession(ctx context.Context, st *config.Settings) (*Session, error) {
	return newSession(ctx, st, nil, nil)
}

// Close stops the demo instance, if any, and remembers for the next run
// what the service was found to refuse ($skip: Client.SkipRefused).
func (s *Session) Close() {
	if s.demo != nil {
		s.demo.Close()
	}
	if s.caps != nil {
		// A cache that cannot be written costs the next run one request.
		_ = s.caps.Set(s.Settings.ServiceRoot, state.ServiceCaps{SkipRefused: s.Client.SkipRefused()})
	}
}

// connect resolves the settings (or starts the demo instance) and builds
// the session.
func connect(ctx context.Context, env *env, cf *connFlags) (*Session, error) {
	var (
		st       *config.Settings
		srv      *demo.Server
		warnings []string
		err      error
	)
	if cf.demo {
		srv = demo.NewServer(demo.Options{TokenTTL: cf.demoTTL, Latency: cf.demoSlow, RevokeAfter: cf.revoke})
		st, err = config.New(srv.URL, srv.ClientID(), srv.ClientSecret())
		if err != nil {
			srv.Close()
			return nil, err
		}
		st.Profile = "demo"
		if n, set := cf.config.PageSize(); set {
			if n < 1 || n > config.MaxPageSize {
				srv.Close()
				return nil, config.Errorf("--page-size %d is out of range; use 1 to %d", n, config.MaxPageSize)
			}
			st.PageSize = n
		}
		if st.Headers, err = cf.config.Headers(); err != nil {
			srv.Close()
			return nil, err
		}
	} else {
		st, warnings, err = config.Load(cf.config, env.getenv)
		if err != nil {
			return nil, err
		}
		for _, w := range warnings {
			fmt.Fprintf(env.stderr, "odx: warning: %s\n", w)
		}
	}
	s, err := buildSession(ctx, st, srv, env.transport, cf.requestLog)
	if err != nil && srv != nil {
		srv.Close()
	}
	if s != nil {
		s.Warnings = warnings
	}
	return s, err
}

// newSession builds the session for st; srv is the demo instance behind it,
// if any (closed by Close; its session keeps no $metadata cache), and base
// the bottom transport (nil: http.DefaultTransport).
func newSession(ctx context.Context, st *config.Settings, srv *demo.Server, base http.RoundTripper) (*Session, error) {
	return buildSession(ctx, st, srv, base, true)
}

// buildSession is newSession; without logged, the session keeps no request
// log (RequestLog nil): a command that prints rows never shows one, and
// the log's work on every body read (masking, counting rows) is a tenth
// of a wide page's CPU.
func buildSession(ctx context.Context, st *config.Settings, srv *demo.Server, base http.RoundTripper, logged bool) (*Session, error) {
	secret, err := st.ResolveSecret(ctx)
	if err != nil {
		return nil, err
	}
	if base == nil {
		base = http.DefaultTransport
	}
	// Every exchange (token requests, API requests, replays) passes once
	// through the request log at the bottom of the transport stack.
	var rl *httplog.Log
	if logged {
		rl = httplog.New(500)
		base = rl.Wrap(base)
	}
	src := auth.NewSource(auth.Config{
		ClientID:     st.ClientID,
		ClientSecret: secret,
		TokenURL:     st.TokenURL,
		Scopes:       st.Scopes,
		ServiceURL:   st.ServiceRoot,
		HTTPClient:   &http.Client{Timeout: st.Timeout, Transport: base},
	})
	hc := src.Client()
	hc.Timeout = st.Timeout
	client, err := odata.NewClient(st.ServiceRoot, hc)
	if err != nil {
		return nil, config.Errorf("%s", err)
	}
	client.PageSize = st.PageSize
	client.Header = st.Headers // the API's requests only: the token endpoint never sees them
	var caps *state.Caps
	if srv == nil { // the demo instance is new every time: nothing to keep
		if dir, err := state.DefaultMetadataCacheDir(); err == nil {
			client.MetadataCache = state.NewMetadataCache(dir)
		}
		if dir, err := state.DefaultCapsDir(); err == nil {
			caps = state.LoadCaps(dir)
			client.SetSkipRefused(caps.Get(st.ServiceRoot).SkipRefused)
		}
	}
	return &Session{Settings: st, Auth: src, Client: client, RequestLog: rl, demo: srv, caps: caps}, nil
}
