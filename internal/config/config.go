// Package config resolves the settings of one odx profile: the TOML config
// file (strict: an unknown key is an error naming its file:line, with a
// "did you mean" for typos), then the environment (ODX_*), then the command
// line flags; and the client secret's source (an environment variable, a
// file, a command, or inline), which is read only when asked for.
//
// Every mistake is an *Error (the command line exits with status 2 on it);
// a config file that holds a secret others can read gives a warning.
package config

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Defaults of a profile; config.toml.example documents them.
const (
	DefaultPageSize = 50   // rows per page when the profile sets none
	MaxPageSize     = 1000 // the largest page_size (ERP.net advises ≤ 1000)
	defaultTimeout  = 30 * time.Second
	defaultLanguage = "EN"
	maxConfigSize   = 1 << 20
)

var defaultScopes = []string{"read"}

// Settings is the resolved configuration of one profile.
type Settings struct {
	Profile     string        // profile name, "" when none (env/flags only)
	File        string        // config file read, "" when none
	Instance    string        // base URL without trailing slash
	TokenURL    string        // OAuth2 token endpoint
	ServiceRoot string        // OData service root; always ends with "/"
	ClientID    string        // OAuth2 client id (ERP.net: the ApplicationUri)
	Scopes      []string      // scopes to request
	PageSize    int           // rows per page, 1–1000
	Timeout     time.Duration // per HTTP request
	Language    string        // language shown for multi-language values

	// Headers are sent on every request to the service (never to the
	// token endpoint): the profile's headers, then --header; nil for none.
	// Names are as the user spelt them (not canonical).
	Headers http.Header

	// secret is a pointer so that printing Settings with %v or %#v shows an
	// address, never an inline secret.
	secret *secretSource
}

// Error is a mistake in config.toml, the environment or the config flags;
// the command line exits with status 2 on it.
type Error struct {
	msg string
	err error
}

// Error returns the message: one sentence saying what is wrong and where.
func (e *Error) Error() string { return e.msg }

// Unwrap returns the error a %w verb of Errorf wrapped, if any.
func (e *Error) Unwrap() error { return e.err }

// Errorf formats an *Error; a %w verb keeps the wrapped error.
func Errorf(format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &Error{msg: err.Error(), err: errors.Unwrap(err)}
}

// New builds validated Settings for instance with an inline secret and the
// default of every other key (scopes, page size, timeout, language). The
// command line uses it for --demo, whose instance is an in-process loopback
// server.
func New(instance, clientID, secret string) (*Settings, error) {
	s := &Settings{Scopes: append([]string(nil), defaultScopes...), PageSize: DefaultPageSize, Timeout: defaultTimeout, Language: defaultLanguage}
	if err := s.setURLs(layered{instance, "the instance"}, layered{}, layered{}, "no instance given"); err != nil {
		return nil, err
	}
	if strings.TrimSpace(clientID) == "" {
		return nil, Errorf("the client id is empty; give the Trusted Application's ApplicationUri")
	}
	if secret == "" {
		return nil, Errorf("the client secret is empty; give the secret the instance expects")
	}
	s.ClientID = clientID
	s.secret = &secretSource{kind: secretInline, value: secret, origin: "inline"}
	return s, nil
}
