package config

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// fixture is one Load run: a config file (written to HOME's default
// location unless args name another), environment and flags.
type fixture struct {
	file string // contents of config.toml; "" means no file
	mode os.FileMode
	env  map[string]string
	args []string
}

// load runs the fixture and returns what Load returned and the
// file's path.
func (fx fixture) load(t *testing.T) (*Settings, []string, string, error) {
	t.Helper()
	home := t.TempDir()
	path := filepath.Join(home, ".config", "odx", "config.toml")
	if fx.file != "" {
		mode := fx.mode
		if mode == 0 {
			mode = 0o600
		}
		writeFile(t, path, fx.file, mode)
	}
	env := map[string]string{"HOME": home}
	for k, v := range fx.env {
		env[k] = strings.ReplaceAll(v, "$HOME", home)
	}
	fs := flag.NewFlagSet("odx", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cf := AddFlags(fs)
	args := make([]string, len(fx.args))
	for i, a := range fx.args {
		args[i] = strings.ReplaceAll(a, "$HOME", home)
	}
	if err := fs.Parse(args); err != nil {
		t.Fatalf("parsing %q: %v", args, err)
	}
	s, warnings, err := Load(cf, func(k string) string { return env[k] })
	return s, warnings, path, err
}

func writeFile(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // WriteFile's mode is masked by umask
		t.Fatal(err)
	}
}

const acmeProfile = `[profiles.acme]
instance = "https://acme.my.erp.net"
client_id = "acme.my.erp.net/odx"
client_secret_env = "ACME_SECRET"
`

func TestPrecedence(t *testing.T) {
	file := `[profiles.acme]
instance = "https://file.example"
token_url = "https://file.example/token"
service_root = "https://file.example/odata/"
client_id = "file-id"
client_secret_env = "ACME_SECRET"
scopes = ["file"]
page_size = 10
`
	env := map[string]string{
		"ODX_INSTANCE": "https://env.example", "ODX_TOKEN_URL": "https://env.example/token",
		"ODX_SERVICE_ROOT": "https://env.example/odata/", "ODX_CLIENT_ID": "env-id",
		"ODX_SCOPES": "env1 env2", "ODX_CLIENT_SECRET": "from-env",
	}
	flags := []string{"--instance", "https://flag.example", "--token-url", "https://flag.example/token",
		"--service-root", "https://flag.example/odata/", "--client-id", "flag-id",
		"--scope", "flag1,flag2", "--scope", "flag3", "--page-size", "20"}
	get := map[string]func(*Settings) string{
		"instance":     func(s *Settings) string { return s.Instance },
		"token_url":    func(s *Settings) string { return s.TokenURL },
		"service_root": func(s *Settings) string { return s.ServiceRoot },
		"client_id":    func(s *Settings) string { return s.ClientID },
		"scopes":       func(s *Settings) string { return strings.Join(s.Scopes, " ") },
		"page_size":    func(s *Settings) string { return fmt.Sprint(s.PageSize) },
		"secret":       func(s *Settings) string { return s.SecretSource() },
	}
	tests := []struct {
		name  string
		fx    fixture
		wants map[string]string
	}{
		{"file", fixture{file: file}, map[string]string{
			"instance": "https://file.example", "token_url": "https://file.example/token",
			"service_root": "https://file.example/odata/", "client_id": "file-id", "scopes": "file",
			"page_size": "10", "secret": "env ACME_SECRET"}},
		{"env over file", fixture{file: file, env: env}, map[string]string{
			"instance": "https://env.example", "token_url": "https://env.example/token",
			"service_root": "https://env.example/odata/", "client_id": "env-id", "scopes": "env1 env2",
			"page_size": "10", "secret": "env ODX_CLIENT_SECRET"}},
		{"flags over env", fixture{file: file, env: env, args: flags}, map[string]string{
			"instance": "https://flag.example", "token_url": "https://flag.example/token",
			"service_root": "https://flag.example/odata/", "client_id": "flag-id",
			"scopes": "flag1 flag2 flag3", "page_size": "20", "secret": "env ODX_CLIENT_SECRET"}},
		{"flags over file", fixture{file: file, args: flags}, map[string]string{
			"instance": "https://flag.example", "client_id": "flag-id", "scopes": "flag1 flag2 flag3",
			"page_size": "20", "secret": "env ACME_SECRET"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, _, err := tt.fx.load(t)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			for key, want := range tt.wants {
				if got := get[key](s); got != want {
					t.Errorf("%s: got %q; want %q", key, got, want)
				}
			}
		})
	}
}

func TestDefaultsAndDerivedURLs(t *testing.T) {
	s, warnings, path, err := fixture{file: `[profiles.acme]
instance = "https://Acme.my.erp.net/"
client_id = "acme.my.erp.net/odx"
client_secret_env = "X"
`}.load(t)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("%s|%s|%s|%s|%s|%v|%d|%s|%s", s.Profile, s.File, s.Instance, s.TokenURL, s.ServiceRoot,
		s.Scopes, s.PageSize, s.Timeout, s.Language)
	want := fmt.Sprintf("acme|%s|https://Acme.my.erp.net|https://Acme.my.erp.net/id/connect/token|https://Acme.my.erp.net/api/domain/odata/|[read]|50|30s|EN", path)
	if got != want || len(warnings) != 0 {
		t.Errorf("got %s, warnings %q; want %s, no warnings", got, warnings, want)
	}

	// No instance: token URL and service root given, the instance is the service root's origin.
	s, _, _, err = fixture{env: map[string]string{"ODX_TOKEN_URL": "https://id.example/connect/token",
		"ODX_SERVICE_ROOT": "http://localhost:4004/odata/v4/catalog?sap-client=100", "ODX_CLIENT_ID": "c",
		"ODX_CLIENT_SECRET": "s"}}.load(t)
	if err != nil {
		t.Fatal(err)
	}
	got = s.Instance + " " + s.ServiceRoot
	want = "http://localhost:4004 http://localhost:4004/odata/v4/catalog/?sap-client=100"
	if got != want {
		t.Errorf("got %q; want %q", got, want)
	}
}

func TestEnvironmentOnly(t *testing.T) {
	s, _, _, err := fixture{env: map[string]string{"ODX_INSTANCE": "https://acme.my.erp.net",
		"ODX_CLIENT_ID": "acme/odx", "ODX_CLIENT_SECRET": "s3cret", "ODX_SCOPES": "read update"}}.load(t)
	if err != nil {
		t.Fatalf("Load with only the environment: %v", err)
	}
	if s.Profile != "" || s.File != "" || s.ClientID != "acme/odx" || !reflect.DeepEqual(s.Scopes, []string{"read", "update"}) {
		t.Errorf("got profile %q file %q id %q scopes %q; want \"\" \"\" acme/odx [read update]", s.Profile, s.File, s.ClientID, s.Scopes)
	}
	secret, err := s.ResolveSecret(context.Background())
	if secret != "s3cret" || err != nil {
		t.Errorf("ResolveSecret: got %q, %v; want s3cret", secret, err)
	}
}

func TestDefaultFileLocation(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("XDG_CONFIG_HOME is the unix rule of os.UserConfigDir")
	}
	xdg := t.TempDir()
	path := filepath.Join(xdg, "odx", "config.toml")
	writeFile(t, path, acmeProfile, 0o600)
	env := map[string]string{"XDG_CONFIG_HOME": xdg, "HOME": "/nonexistent"}
	s, _, err := Load(nil, func(k string) string { return env[k] })
	if err != nil || s.File != path || s.Profile != "acme" {
		t.Fatalf("got %+v, %v; want profile acme from %s", s, err, path)
	}
}

func TestProfileSelection(t *testing.T) {
	two := `default = "b"
[profiles.a]
instance = "https://a.example"
client_id = "a"
client_secret_env = "A"
[profiles.b]
instance = "https://b.example"
client_id = "b"
client_secret_env = "B"
`
	noDefault := strings.TrimPrefix(two, `default = "b"`+"\n")
	tests := []struct {
		name, want string
		fx         fixture
	}{
		{"default", "b", fixture{file: two}},
		{"env over default", "a", fixture{file: two, env: map[string]string{"ODX_PROFILE": "a"}}},
		{"flag over env", "b", fixture{file: two, env: map[string]string{"ODX_PROFILE": "a"}, args: []string{"--profile", "b"}}},
		{"single profile needs no default", "acme", fixture{file: acmeProfile}},
		{"flag without default", "a", fixture{file: noDefault, args: []string{"--profile", "a"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, _, err := tt.fx.load(t)
			if err != nil {
				t.Fatal(err)
			}
			if s.Profile != tt.want || !strings.Contains(s.Instance, tt.want) {
				t.Errorf("got profile %q (instance %s); want %q", s.Profile, s.Instance, tt.want)
			}
		})
	}
}

func TestConfigErrors(t *testing.T) {
	prof := func(extra string) string { return acmeProfile + extra }
	tests := []struct {
		name string
		fx   fixture
		want string // the whole message; PATH stands for the config file
	}{
		{"unknown key with suggestion", fixture{file: prof("\n\nscope = [\"read\"]\n")},
			"unknown key `scope` in profile `acme` (PATH:7); did you mean `scopes`?"},
		{"unknown key without suggestion", fixture{file: prof("colour = 1\n")},
			"unknown key `colour` in profile `acme` (PATH:5); config.toml.example lists the known keys"},
		{"unknown key in inline table", fixture{file: "[profiles]\nacme = { instance = \"https://a\", clientid = \"x\" }\n"},
			"unknown key `clientid` in profile `acme` (PATH:2); did you mean `client_id`?"},
		{"profile key at top level", fixture{file: "instance = \"https://a\"\n" + acmeProfile},
			"unknown key `instance` at the top level (PATH:1); put it inside a [profiles.NAME] table"},
		{"unknown table", fixture{file: "[profile.acme]\ninstance = \"https://a\"\n"},
			"unknown key `profile.acme` at the top level (PATH:1); did you mean `profiles`?"},
		{"syntax error", fixture{file: prof("page_size = \n")},
			"syntax error in PATH:5:13: unexpected character U+000A at start of value; fix the TOML there"},
		{"wrong type", fixture{file: prof("page_size = \"50\"\n")},
			"`page_size` in profile `acme` (PATH:5) must be a whole number from 1 to 1000, not a TOML string"},
		{"wrong type in inline table", fixture{file: "[profiles]\nacme = { instance = 1 }\n"},
			"`instance` in profile `acme` (PATH:2) must be a URL string, not a TOML integer"},
		{"profile key directly under [profiles]", fixture{file: "[profiles]\ninstance = \"https://a\"\n"},
			"profile `instance` (PATH:2) must be a table, not a TOML string; write profile keys under a [profiles.NAME] header"},
		{"bad URL", fixture{file: strings.Replace(acmeProfile, "https://acme.my.erp.net", "acme.my.erp.net", 1)},
			"the instance \"acme.my.erp.net\" (`instance` in profile `acme`, PATH:2) is not an absolute URL; write it like https://acme.my.erp.net"},
		{"not http", fixture{file: strings.Replace(acmeProfile, "https://", "ftp://", 1)},
			"the instance \"ftp://acme.my.erp.net\" (`instance` in profile `acme`, PATH:2) is not an http or https URL; write it like https://acme.my.erp.net"},
		{"http instance to remote host", fixture{file: strings.Replace(acmeProfile, "https://", "http://", 1)},
			"the instance \"http://acme.my.erp.net\" (`instance` in profile `acme`, PATH:2) uses plain http to a host that is not loopback; use https (http is only allowed for localhost, 127.0.0.0/8 and ::1)"},
		{"http token URL to remote host", fixture{file: acmeProfile, env: map[string]string{"ODX_TOKEN_URL": "http://id.example/token"}},
			"the token URL \"http://id.example/token\" (ODX_TOKEN_URL) uses plain http to a host that is not loopback; use https (http is only allowed for localhost, 127.0.0.0/8 and ::1)"},
		{"http service root to remote host", fixture{file: acmeProfile, args: []string{"--service-root", "http://10.0.0.1/odata"}},
			"the service root \"http://10.0.0.1/odata\" (--service-root) uses plain http to a host that is not loopback; use https (http is only allowed for localhost, 127.0.0.0/8 and ::1)"},
		{"two secret sources", fixture{file: prof("client_secret_cmd = \"pass show acme\"\n"), env: map[string]string{"ODX_CLIENT_SECRET": "x"}},
			"profile `acme` (PATH:1) has 2 secret sources (client_secret_env, client_secret_cmd); keep exactly one"},
		{"no secret source", fixture{file: strings.Replace(acmeProfile, "client_secret_env = \"ACME_SECRET\"\n", "", 1)},
			"profile `acme` (PATH:1) has no client secret source and ODX_CLIENT_SECRET is not set; add client_secret_env, client_secret_file or client_secret_cmd to the profile"},
		{"empty client id", fixture{file: strings.Replace(acmeProfile, "acme.my.erp.net/odx", "", 1)},
			"profile `acme` (PATH:1) has no client id, and neither ODX_CLIENT_ID nor --client-id is set; add client_id to the profile"},
		{"page_size 0", fixture{file: prof("page_size = 0\n")},
			"page_size 0 (`page_size` in profile `acme`, PATH:5) is out of range; use 1 to 1000"},
		{"page_size 1001", fixture{file: prof("page_size = 1001\n")},
			"page_size 1001 (`page_size` in profile `acme`, PATH:5) is out of range; use 1 to 1000"},
		{"--page-size 0", fixture{file: acmeProfile, args: []string{"--page-size", "0"}},
			"--page-size 0 is out of range; use 1 to 1000"},
		{"bad duration", fixture{file: prof("timeout = \"30 seconds\"\n")},
			"timeout \"30 seconds\" (`timeout` in profile `acme`, PATH:5) is not a positive duration; write it like \"30s\" or \"2m\""},
		{"unknown profile", fixture{file: acmeProfile + strings.ReplaceAll(acmeProfile, "acme]", "beta]"), args: []string{"--profile", "gamma"}},
			"unknown profile `gamma` (from --profile); PATH defines acme, beta"},
		{"unknown default profile", fixture{file: "default = \"gamma\"\n" + acmeProfile},
			"unknown profile `gamma` (from default, PATH:1); PATH defines acme"},
		{"several profiles and no default", fixture{file: acmeProfile + strings.ReplaceAll(acmeProfile, "acme]", "beta]")},
			"PATH has 2 profiles (acme, beta) and no default; choose one with --profile NAME, ODX_PROFILE or a top-level default = \"NAME\""},
		{"explicit missing file", fixture{args: []string{"--config", "$HOME/nope.toml"}},
			"the config file $HOME/nope.toml (from --config) does not exist; fix the path or create it from config.toml.example"},
		{"explicit missing file from env", fixture{env: map[string]string{"ODX_CONFIG": "$HOME/nope.toml", "ODX_INSTANCE": "https://a.example"}},
			"the config file $HOME/nope.toml (from ODX_CONFIG) does not exist; fix the path or create it from config.toml.example"},
		{"missing default file and no instance", fixture{env: map[string]string{"ODX_CLIENT_ID": "x"}},
			"no instance: there is no config file at PATH, and neither ODX_INSTANCE nor --instance is set; create the file from config.toml.example"},
		{"profile flag without file", fixture{args: []string{"--profile", "acme"}},
			"profile `acme` (from --profile) cannot be found because there is no config file at PATH; create it from config.toml.example"},
		{"empty scopes", fixture{file: prof("scopes = []\n")},
			"`scopes` in profile `acme`, PATH:5 is empty; list the scopes to request, or remove it to request read"},
		{"cmd of wrong type", fixture{file: strings.Replace(acmeProfile, "client_secret_env = \"ACME_SECRET\"", "client_secret_cmd = [\"pass\", 1]", 1)},
			"`client_secret_cmd` in profile `acme`, PATH:4 must be an array of strings, like [\"pass\", \"show\", \"acme\"], or a string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, path, err := tt.fx.load(t)
			if err == nil {
				t.Fatalf("got settings %+v; want error %q", s, tt.want)
			}
			home := filepath.Dir(filepath.Dir(filepath.Dir(path)))
			want := strings.ReplaceAll(strings.ReplaceAll(tt.want, "PATH", path), "$HOME", home)
			if err.Error() != want {
				t.Errorf("got error\n  %s\nwant\n  %s", err, want)
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Errorf("got error of type %T; want *Error (exit status 2)", err)
			}
		})
	}
}
