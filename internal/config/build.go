package config

import (
	"fmt"
	"strings"
	"time"
	"unicode"
)

// buildSettings layers the environment and the flags over the selected
// profile of pf (nil when no file was read; path is the file looked for).
func buildSettings(pf *parsedFile, path string, cf *Flags, getenv func(string) string) (*Settings, error) {
	name, p, err := selectProfile(pf, path, cf, getenv)
	if err != nil {
		return nil, err
	}
	s := &Settings{Profile: name, PageSize: DefaultPageSize, Timeout: defaultTimeout, Language: defaultLanguage}
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
		return nil, Errorf("%s", missing("client id", "client_id", "ODX_CLIENT_ID", "--client-id"))
	}
	s.ClientID = id.v

	s.Scopes = defaultScopes
	if p.Scopes != nil {
		if len(*p.Scopes) == 0 {
			return nil, Errorf("%s is empty; list the scopes to request, or remove it to request read", at("scopes"))
		}
		for _, sc := range *p.Scopes {
			if sc == "" || strings.IndexFunc(sc, isScopeSep) >= 0 {
				return nil, Errorf("the scope %q (%s) is not one word; write each scope as its own string, like [\"read\", \"update\"]", sc, at("scopes"))
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
		if s.PageSize < 1 || s.PageSize > MaxPageSize {
			return nil, Errorf("page_size %d (%s) is out of range; use 1 to %d", s.PageSize, at("page_size"), MaxPageSize)
		}
	}
	if cf.pageSize.set {
		s.PageSize = cf.pageSize.n
		if s.PageSize < 1 || s.PageSize > MaxPageSize {
			return nil, Errorf("--page-size %d is out of range; use 1 to %d", s.PageSize, MaxPageSize)
		}
	}
	if p.Timeout != nil {
		d, err := time.ParseDuration(*p.Timeout)
		if err != nil || d <= 0 {
			return nil, Errorf("timeout %q (%s) is not a positive duration; write it like \"30s\" or \"2m\"", *p.Timeout, at("timeout"))
		}
		s.Timeout = d
	}
	if p.Language != nil {
		l := *p.Language
		if l == "" || len(l) > 35 || strings.IndexFunc(l, notLangRune) >= 0 {
			return nil, Errorf("language %q (%s) is not a language code; write it like \"EN\" or \"de-AT\"", l, at("language"))
		}
		s.Language = l
	}

	if s.Headers, err = buildHeaders(p.Headers, at, cf.headers); err != nil {
		return nil, err
	}

	if s.secret, err = profileSecret(pf, name, p, at, getenv); err != nil {
		return nil, err
	}
	if getenv("ODX_CLIENT_SECRET") != "" {
		s.secret = &secretSource{kind: secretEnv, name: "ODX_CLIENT_SECRET", origin: "ODX_CLIENT_SECRET", getenv: getenv}
	}
	if s.secret == nil && name != "" {
		return nil, Errorf("profile `%s` (%s) has no client secret source and ODX_CLIENT_SECRET is not set; add client_secret_env, client_secret_file or client_secret_cmd to the profile",
			name, pf.where("profiles", name))
	}
	if s.secret == nil {
		return nil, Errorf("no client secret: ODX_CLIENT_SECRET is not set and no profile is selected; set it, or see config.toml.example for the secret sources of a profile")
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
