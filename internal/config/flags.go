package config

import (
	"errors"
	"flag"
	"strconv"
	"strings"
	"unicode"
)

// Flags holds the values of the config flags of one command line.
type Flags struct {
	config, profile, instance, clientID, tokenURL, serviceRoot string
	scopes                                                     scopeFlag
	pageSize                                                   intFlag
	headers                                                    headerFlag
}

// AddFlags registers --config --profile --instance --client-id --scope
// --token-url --service-root --header --page-size on fs.
func AddFlags(fs *flag.FlagSet) *Flags {
	cf := &Flags{}
	fs.StringVar(&cf.config, "config", "", "config `file` (default $ODX_CONFIG, else odx/config.toml in the user config dir)")
	fs.StringVar(&cf.profile, "profile", "", "profile `name` in the config file (default $ODX_PROFILE, else the file's default)")
	fs.StringVar(&cf.instance, "instance", "", "instance base `URL`, like https://acme.my.erp.net ($ODX_INSTANCE)")
	fs.StringVar(&cf.clientID, "client-id", "", "OAuth2 client `id`, the Trusted Application's ApplicationUri ($ODX_CLIENT_ID)")
	fs.Var(&cf.scopes, "scope", "`scopes` to request, space or comma separated; repeatable ($ODX_SCOPES, default read)")
	fs.StringVar(&cf.tokenURL, "token-url", "", "token endpoint `URL` (default {instance}/id/connect/token; $ODX_TOKEN_URL)")
	fs.StringVar(&cf.serviceRoot, "service-root", "", "OData service root `URL` (default {instance}/api/domain/odata/; $ODX_SERVICE_ROOT)")
	fs.Var(&cf.headers, "header", "extra request `header` for the service, like 'ConsistencyLevel: eventual'; repeatable")
	fs.Var(&cf.pageSize, "page-size", "`rows` per request, 1–1000 (default: the profile's page_size, else 50)")
	return cf
}

// PageSize returns the value of --page-size and whether it was given.
func (f *Flags) PageSize() (n int, set bool) { return f.pageSize.n, f.pageSize.set }

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
