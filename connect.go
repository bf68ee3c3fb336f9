package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"time"

	"github.com/odx-dev/odx/auth"
	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/internal/config"
	"github.com/odx-dev/odx/internal/httplog"
	"github.com/odx-dev/odx/odata"
)

// connFlags are the flags of every command that talks to an instance: the
// config flags plus --demo.
type connFlags struct {
	config   *config.Flags
	demo     bool
	demoTTL  time.Duration
	demoSlow time.Duration
	revoke   int
}

func addConnFlags(fs *flag.FlagSet) *connFlags {
	cf := &connFlags{config: config.AddFlags(fs)}
	fs.BoolVar(&cf.demo, "demo", false, "use an embedded demo instance (ERP.net-like) instead of a profile")
	fs.DurationVar(&cf.demoTTL, "demo-token-ttl", 60*time.Second, "token `lifetime` of the --demo instance")
	fs.DurationVar(&cf.demoSlow, "demo-latency", 0, "added `delay` per API request of the --demo instance")
	fs.IntVar(&cf.revoke, "demo-revoke-after", 0, "--demo: reject a token after `N` API requests (0: never)")
	return cf
}

// session is a connection to one instance: settings, token source and
// OData client (whose transport is the token source's).
type session struct {
	settings *config.Settings
	auth     *auth.Source
	client   *odata.Client
	demo     *demo.Server // the in-process instance of --demo, else nil
	reqlog   *httplog.Log
}

// Close stops the demo instance, if any.
func (s *session) Close() {
	if s.demo != nil {
		s.demo.Close()
	}
}

// connect resolves the settings (or starts the demo instance) and builds
// the token source and the OData client. It sends no request: the first
// request authenticates.
func connect(ctx context.Context, env *cliEnv, cf *connFlags) (*session, error) {
	var (
		st  *config.Settings
		srv *demo.Server
		err error
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
	} else {
		var warnings []string
		st, warnings, err = config.Load(cf.config, env.getenv)
		if err != nil {
			return nil, err
		}
		for _, w := range warnings {
			fmt.Fprintf(env.stderr, "odx: warning: %s\n", w)
		}
	}
	s, err := newSession(ctx, st, srv)
	if err != nil && srv != nil {
		srv.Close()
	}
	return s, err
}

// newSession builds the token source and the OData client for settings; srv
// is the demo instance behind them, if any (closed by session.Close).
func newSession(ctx context.Context, st *config.Settings, srv *demo.Server) (*session, error) {
	secret, err := st.ResolveSecret(ctx)
	if err != nil {
		return nil, err
	}
	// Every exchange (token requests, API requests, replays) passes once
	// through the request log at the bottom of the transport stack.
	rl := httplog.New(500)
	src := auth.NewSource(auth.Config{
		ClientID:     st.ClientID,
		ClientSecret: secret,
		TokenURL:     st.TokenURL,
		Scopes:       st.Scopes,
		ServiceURL:   st.ServiceRoot,
		HTTPClient:   &http.Client{Timeout: st.Timeout, Transport: rl.Wrap(http.DefaultTransport)},
	})
	hc := src.Client()
	hc.Timeout = st.Timeout
	client, err := odata.NewClient(st.ServiceRoot, hc)
	if err != nil {
		return nil, config.Errorf("%s", err)
	}
	client.PageSize = st.PageSize
	return &session{settings: st, auth: src, client: client, demo: srv, reqlog: rl}, nil
}
