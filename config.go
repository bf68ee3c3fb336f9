package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Defaults of a profile; config.toml.example documents them.
const (
	defaultPageSize = 50
	maxPageSize     = 1000
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

	// secret is a pointer so that printing Settings with %v or %#v shows an
	// address, never an inline secret.
	secret *secretSource
}

// configError is a mistake in config.toml, the environment or the config
// flags; main exits with status 2 on it.
type configError struct {
	msg string
	err error
}

func (e *configError) Error() string { return e.msg }
func (e *configError) Unwrap() error { return e.err }

// configErrorf formats a configError; a %w verb keeps the wrapped error.
func configErrorf(format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &configError{msg: err.Error(), err: errors.Unwrap(err)}
}

// configFlags holds the values of the config flags.
type configFlags struct {
	config, profile, instance, clientID, tokenURL, serviceRoot string
	scopes                                                     scopeFlag
	pageSize                                                   intFlag
}

// addConfigFlags registers --config --profile --instance --client-id --scope
// --token-url --service-root --page-size on fs.
func addConfigFlags(fs *flag.FlagSet) *configFlags {
	cf := &configFlags{}
	fs.StringVar(&cf.config, "config", "", "config `file` (default $ODX_CONFIG, else odx/config.toml in the user config dir)")
	fs.StringVar(&cf.profile, "profile", "", "profile `name` in the config file (default $ODX_PROFILE, else the file's default)")
	fs.StringVar(&cf.instance, "instance", "", "instance base `URL`, like https://acme.my.erp.net ($ODX_INSTANCE)")
	fs.StringVar(&cf.clientID, "client-id", "", "OAuth2 client `id`, the Trusted Application's ApplicationUri ($ODX_CLIENT_ID)")
	fs.Var(&cf.scopes, "scope", "`scopes` to request, space or comma separated; repeatable ($ODX_SCOPES, default read)")
	fs.StringVar(&cf.tokenURL, "token-url", "", "token endpoint `URL` (default {instance}/id/connect/token; $ODX_TOKEN_URL)")
	fs.StringVar(&cf.serviceRoot, "service-root", "", "OData service root `URL` (default {instance}/api/domain/odata/; $ODX_SERVICE_ROOT)")
	fs.Var(&cf.pageSize, "page-size", "`rows` per page, 1–1000 (default 50)")
	return cf
}

// scopeFlag collects --scope values, each split on spaces and commas.
type scopeFlag []string

func (s *scopeFlag) String() string { return strings.Join(*s, " ") }

func (s *scopeFlag) Set(v string) error {
	*s = append(*s, splitScopes(v)...)
	return nil
}

func splitScopes(v string) []string { return strings.FieldsFunc(v, isScopeSep) }

func isScopeSep(r rune) bool { return r == ',' || unicode.IsSpace(r) }

// intFlag is an int flag that knows whether it was given.
type intFlag struct {
	n   int
	set bool
}

func (f *intFlag) String() string {
	if !f.set {
		return ""
	}
	return strconv.Itoa(f.n)
}

func (f *intFlag) Set(v string) error {
	n, err := strconv.Atoi(v)
	if err != nil {
		return errors.New("not a whole number")
	}
	f.n, f.set = n, true
	return nil
}

// loadSettings resolves the active profile: the config file, then the
// environment (read through getenv), then the flags. It returns warnings for
// the user (to print on stderr) and a *configError on any mistake. cf may be
// nil (no flags).
func loadSettings(cf *configFlags, getenv func(string) string) (*Settings, []string, error) {
	if cf == nil {
		cf = &configFlags{}
	}
	path, from := cf.config, "--config"
	if path == "" {
		path, from = getenv("ODX_CONFIG"), "ODX_CONFIG"
	}
	explicit := path != ""
	if !explicit {
		if dir := userConfigDir(getenv); dir != "" {
			path = filepath.Join(dir, "odx", "config.toml")
		}
	}
	var pf *parsedFile
	var warnings []string
	if path != "" {
		data, mode, err := readConfigFile(path, explicit, from)
		if err != nil {
			return nil, nil, err
		}
		if data != nil {
			if pf, err = parseConfig(path, data); err != nil {
				return nil, nil, err
			}
			if w := pf.permissionWarning(mode); w != "" {
				warnings = append(warnings, w)
			}
		}
	}
	s, err := buildSettings(pf, path, cf, getenv)
	if err != nil {
		return nil, nil, err
	}
	return s, warnings, nil
}

// userConfigDir is os.UserConfigDir reading the environment through getenv;
// it returns "" when the directory cannot be known.
func userConfigDir(getenv func(string) string) string {
	switch runtime.GOOS {
	case "windows":
		return getenv("AppData")
	case "darwin", "ios":
		if home := getenv("HOME"); home != "" {
			return filepath.Join(home, "Library", "Application Support")
		}
	case "plan9":
		if home := getenv("home"); home != "" {
			return filepath.Join(home, "lib")
		}
	default:
		if dir := getenv("XDG_CONFIG_HOME"); filepath.IsAbs(dir) {
			return dir
		}
		if home := getenv("HOME"); home != "" {
			return filepath.Join(home, ".config")
		}
	}
	return ""
}

// newSettings builds validated Settings for instance with an inline secret
// and the default of every other key (scopes, page size, timeout, language).
// main uses it for --demo, whose instance is an in-process loopback server.
func newSettings(instance, clientID, secret string) (*Settings, error) {
	s := &Settings{Scopes: append([]string(nil), defaultScopes...), PageSize: defaultPageSize, Timeout: defaultTimeout, Language: defaultLanguage}
	if err := s.setURLs(layered{instance, "the instance"}, layered{}, layered{}, "no instance given"); err != nil {
		return nil, err
	}
	if strings.TrimSpace(clientID) == "" {
		return nil, configErrorf("the client id is empty; give the Trusted Application's ApplicationUri")
	}
	if secret == "" {
		return nil, configErrorf("the client secret is empty; give the secret the instance expects")
	}
	s.ClientID = clientID
	s.secret = &secretSource{kind: secretInline, value: secret, origin: "inline"}
	return s, nil
}

// selectProfile picks the profile named by --profile, ODX_PROFILE or the
// file's default, or the only one; "" when the file has none.
func selectProfile(pf *parsedFile, path string, cf *configFlags, getenv func(string) string) (string, fileProfile, error) {
	var profiles map[string]fileProfile
	if pf != nil {
		profiles = pf.cfg.Profiles
	}
	name, from := cf.profile, "--profile"
	if name == "" {
		name, from = getenv("ODX_PROFILE"), "ODX_PROFILE"
	}
	if name == "" && pf != nil && pf.cfg.Default != nil {
		name, from = *pf.cfg.Default, "default, "+pf.where("default")
	}
	if name == "" {
		names := sortedKeys(profiles)
		switch len(names) {
		case 0:
			return "", fileProfile{}, nil
		case 1:
			return names[0], profiles[names[0]], nil
		}
		return "", fileProfile{}, configErrorf("%s has %d profiles (%s) and no default; choose one with --profile NAME, ODX_PROFILE or a top-level default = \"NAME\"",
			pf.path, len(names), strings.Join(names, ", "))
	}
	if p, ok := profiles[name]; ok {
		return name, p, nil
	}
	switch {
	case pf == nil && path == "":
		return "", fileProfile{}, configErrorf("profile `%s` (from %s) cannot be found because there is no config file; name one with --config", name, from)
	case pf == nil:
		return "", fileProfile{}, configErrorf("profile `%s` (from %s) cannot be found because there is no config file at %s; create it from config.toml.example", name, from, path)
	case len(profiles) == 0:
		return "", fileProfile{}, configErrorf("profile `%s` (from %s) cannot be found because %s defines no profiles; add a [profiles.%s] table", name, from, pf.path, name)
	}
	return "", fileProfile{}, configErrorf("unknown profile `%s` (from %s); %s defines %s", name, from, pf.path, strings.Join(sortedKeys(profiles), ", "))
}

// buildSettings layers the environment and the flags over the selected
// profile of pf (nil when no file was read; path is the file looked for).
func buildSettings(pf *parsedFile, path string, cf *configFlags, getenv func(string) string) (*Settings, error) {
	name, p, err := selectProfile(pf, path, cf, getenv)
	if err != nil {
		return nil, err
	}
	s := &Settings{Profile: name, PageSize: defaultPageSize, Timeout: defaultTimeout, Language: defaultLanguage}
	if pf != nil {
		s.File = pf.path
	}
	at := func(key string) string { // where a key of the profile is written
		return fmt.Sprintf("`%s` in profile `%s`, %s", key, name, pf.where("profiles", name, key))
	}
	fromFile := func(key, v string) layered {
		if v == "" {
			return layered{}
		}
		return layered{v, at(key)}
	}
	fromEnv := func(k string) layered { return layered{getenv(k), k} }
	missing := func(what, key, env, flag string) string {
		switch {
		case name != "":
			return fmt.Sprintf("profile `%s` (%s) has no %s, and neither %s nor %s is set; add %s to the profile", name, pf.where("profiles", name), what, env, flag, key)
		case pf != nil:
			return fmt.Sprintf("no %s: %s defines no profile, and neither %s nor %s is set; see config.toml.example", what, pf.path, env, flag)
		case path != "":
			return fmt.Sprintf("no %s: there is no config file at %s, and neither %s nor %s is set; create the file from config.toml.example", what, path, env, flag)
		}
		return fmt.Sprintf("no %s: there is no config file, and neither %s nor %s is set; name a file with --config", what, env, flag)
	}

	err = s.setURLs(
		pick(fromFile("instance", p.Instance), fromEnv("ODX_INSTANCE"), layered{cf.instance, "--instance"}),
		pick(fromFile("token_url", p.TokenURL), fromEnv("ODX_TOKEN_URL"), layered{cf.tokenURL, "--token-url"}),
		pick(fromFile("service_root", p.ServiceRoot), fromEnv("ODX_SERVICE_ROOT"), layered{cf.serviceRoot, "--service-root"}),
		missing("instance", "instance", "ODX_INSTANCE", "--instance"))
	if err != nil {
		return nil, err
	}
	id := pick(fromFile("client_id", p.ClientID), fromEnv("ODX_CLIENT_ID"), layered{cf.clientID, "--client-id"})
	if strings.TrimSpace(id.v) == "" {
		return nil, configErrorf("%s", missing("client id", "client_id", "ODX_CLIENT_ID", "--client-id"))
	}
	s.ClientID = id.v

	s.Scopes = defaultScopes
	if p.Scopes != nil {
		if len(*p.Scopes) == 0 {
			return nil, configErrorf("%s is empty; list the scopes to request, or remove it to request read", at("scopes"))
		}
		for _, sc := range *p.Scopes {
			if sc == "" || strings.IndexFunc(sc, isScopeSep) >= 0 {
				return nil, configErrorf("the scope %q (%s) is not one word; write each scope as its own string, like [\"read\", \"update\"]", sc, at("scopes"))
			}
		}
		s.Scopes = *p.Scopes
	}
	if env := splitScopes(getenv("ODX_SCOPES")); len(env) > 0 {
		s.Scopes = env
	}
	if len(cf.scopes) > 0 {
		s.Scopes = cf.scopes
	}
	s.Scopes = dedupe(s.Scopes)

	if p.PageSize != nil {
		s.PageSize = *p.PageSize
		if s.PageSize < 1 || s.PageSize > maxPageSize {
			return nil, configErrorf("page_size %d (%s) is out of range; use 1 to %d", s.PageSize, at("page_size"), maxPageSize)
		}
	}
	if cf.pageSize.set {
		s.PageSize = cf.pageSize.n
		if s.PageSize < 1 || s.PageSize > maxPageSize {
			return nil, configErrorf("--page-size %d is out of range; use 1 to %d", s.PageSize, maxPageSize)
		}
	}
	if p.Timeout != nil {
		d, err := time.ParseDuration(*p.Timeout)
		if err != nil || d <= 0 {
			return nil, configErrorf("timeout %q (%s) is not a positive duration; write it like \"30s\" or \"2m\"", *p.Timeout, at("timeout"))
		}
		s.Timeout = d
	}
	if p.Language != nil {
		l := *p.Language
		if l == "" || len(l) > 35 || strings.IndexFunc(l, notLangRune) >= 0 {
			return nil, configErrorf("language %q (%s) is not a language code; write it like \"EN\" or \"de-AT\"", l, at("language"))
		}
		s.Language = l
	}

	if s.secret, err = profileSecret(pf, name, p, at, getenv); err != nil {
		return nil, err
	}
	if getenv("ODX_CLIENT_SECRET") != "" {
		s.secret = &secretSource{kind: secretEnv, name: "ODX_CLIENT_SECRET", origin: "ODX_CLIENT_SECRET", getenv: getenv}
	}
	if s.secret == nil && name != "" {
		return nil, configErrorf("profile `%s` (%s) has no client secret source and ODX_CLIENT_SECRET is not set; add client_secret_env, client_secret_file or client_secret_cmd to the profile",
			name, pf.where("profiles", name))
	}
	if s.secret == nil {
		return nil, configErrorf("no client secret: ODX_CLIENT_SECRET is not set and no profile is selected; set it, or see config.toml.example for the secret sources of a profile")
	}
	return s, nil
}

func notLangRune(r rune) bool {
	return !(r == '-' || r == '_' || r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)))
}

func dedupe(ss []string) []string {
	var out []string
	for _, s := range ss {
		dup := false
		for _, o := range out {
			dup = dup || o == s
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}

// layered is a setting's value and where it came from.
type layered struct{ v, from string }

// pick returns the last layer that is set: file < env < flags.
func pick(layers ...layered) layered {
	var out layered
	for _, l := range layers {
		if l.v != "" {
			out = l
		}
	}
	return out
}

// setURLs validates and derives Instance, TokenURL and ServiceRoot.
func (s *Settings) setURLs(inst, tok, root layered, missing string) error {
	if inst.v == "" && (tok.v == "" || root.v == "") {
		return configErrorf("%s", missing)
	}
	var base *url.URL
	if inst.v != "" {
		u, err := checkURL("instance", inst, false)
		if err != nil {
			return err
		}
		u.Path = strings.TrimRight(u.Path, "/")
		base = u
		s.Instance = u.String()
	}
	if tok.v == "" {
		tok = layered{s.Instance + "/id/connect/token", inst.from}
	}
	if root.v == "" {
		root = layered{s.Instance + "/api/domain/odata/", inst.from}
	}
	u, err := checkURL("token URL", tok, true)
	if err != nil {
		return err
	}
	s.TokenURL = u.String()
	if u, err = checkURL("service root", root, true); err != nil {
		return err
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
		if u.RawPath != "" {
			u.RawPath += "/"
		}
	}
	s.ServiceRoot = u.String()
	if base == nil {
		s.Instance = (&url.URL{Scheme: u.Scheme, Host: u.Host}).String()
	}
	return nil
}

// checkURL accepts an absolute https URL, or http to a loopback host.
func checkURL(what string, l layered, query bool) (*url.URL, error) {
	u, err := url.Parse(l.v)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return nil, configErrorf("the %s %q (%s) is not an absolute URL; write it like https://acme.my.erp.net", what, l.v, l.from)
	}
	switch scheme := strings.ToLower(u.Scheme); {
	case scheme == "http" && !isLoopback(u.Hostname()):
		return nil, configErrorf("the %s %q (%s) uses plain http to a host that is not loopback; use https (http is only allowed for localhost, 127.0.0.0/8 and ::1)", what, l.v, l.from)
	case scheme != "http" && scheme != "https":
		return nil, configErrorf("the %s %q (%s) is not an http or https URL; write it like https://acme.my.erp.net", what, l.v, l.from)
	case u.User != nil:
		return nil, configErrorf("the %s (%s) contains a user name or password; remove it and use client_id and a secret source", what, l.from)
	case u.Fragment != "" || (!query && (u.RawQuery != "" || u.ForceQuery)):
		return nil, configErrorf("the %s %q (%s) must not have a query or fragment; remove what follows ? or #", what, l.v, l.from)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	return u, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
