package main

import (
	"bytes"
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
	"time"
)

// TestMain lets the test binary act as a client_secret_cmd helper:
// `config.test odx-secret-helper MODE ARGS...`.
func TestMain(m *testing.M) {
	if len(os.Args) > 2 && os.Args[1] == "odx-secret-helper" {
		os.Exit(secretHelper(os.Args[2], os.Args[3:]))
	}
	os.Exit(m.Run())
}

func secretHelper(mode string, args []string) int {
	switch mode {
	case "print": // prints its arguments, one per line
		for _, a := range args {
			fmt.Println(a)
		}
	case "fail":
		fmt.Println("leaked-stdout-value")
		fmt.Fprintln(os.Stderr, "helper: vault is locked")
		return 3
	case "sleep":
		time.Sleep(10 * time.Second)
	}
	return 0
}

// helperCmd returns a client_secret_cmd array running the test binary.
func helperCmd(mode string, args ...string) string {
	q := []string{fmt.Sprintf("%q", os.Args[0]), `"odx-secret-helper"`, fmt.Sprintf("%q", mode)}
	for _, a := range args {
		q = append(q, fmt.Sprintf("%q", a))
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// fixture is one loadSettings run: a config file (written to HOME's default
// location unless args name another), environment and flags.
type fixture struct {
	file string // contents of config.toml; "" means no file
	mode os.FileMode
	env  map[string]string
	args []string
}

// load runs the fixture and returns what loadSettings returned and the
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
	cf := addConfigFlags(fs)
	args := make([]string, len(fx.args))
	for i, a := range fx.args {
		args[i] = strings.ReplaceAll(a, "$HOME", home)
	}
	if err := fs.Parse(args); err != nil {
		t.Fatalf("parsing %q: %v", args, err)
	}
	s, warnings, err := loadSettings(cf, func(k string) string { return env[k] })
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
				t.Fatalf("loadSettings: %v", err)
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
		t.Fatalf("loadSettings with only the environment: %v", err)
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
	s, _, err := loadSettings(nil, func(k string) string { return env[k] })
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
			var ce *configError
			if !errors.As(err, &ce) {
				t.Errorf("got error of type %T; want *configError (exit status 2)", err)
			}
		})
	}
}

func TestLoopbackHTTPAccepted(t *testing.T) {
	for _, inst := range []string{"http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080", "http://127.9.9.9"} {
		s, _, _, err := fixture{env: map[string]string{"ODX_INSTANCE": inst, "ODX_CLIENT_ID": "c", "ODX_CLIENT_SECRET": "s"}}.load(t)
		if err != nil {
			t.Errorf("instance %s: got error %v; want it accepted", inst, err)
			continue
		}
		if want := inst + "/id/connect/token"; s.TokenURL != want {
			t.Errorf("token URL: got %q; want %q", s.TokenURL, want)
		}
	}
}

func TestSecretSources(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "abs.secret"), "from-file\r\nsecond line\n", 0o600)
	tests := []struct {
		name, source, want, wantSource string
		env                            map[string]string
	}{
		{"env var", `client_secret_env = "ACME_SECRET"`, "from-env-var", "env ACME_SECRET", map[string]string{"ACME_SECRET": "from-env-var"}},
		{"ODX_CLIENT_SECRET", `client_secret_env = "ACME_SECRET"`, "odx-env", "env ODX_CLIENT_SECRET", map[string]string{"ODX_CLIENT_SECRET": "odx-env"}},
		{"file, first line", fmt.Sprintf("client_secret_file = %q", filepath.Join(dir, "abs.secret")), "from-file", "file " + filepath.Join(dir, "abs.secret"), nil},
		{"file relative to the config file", `client_secret_file = "rel.secret"`, "relative", "file $HOME/.config/odx/rel.secret", nil},
		{"file under ~", `client_secret_file = "~/.config/odx/rel.secret"`, "relative", "file $HOME/.config/odx/rel.secret", nil},
		{"command array", "client_secret_cmd = " + helperCmd("print", "$USER not expanded", "line 2"), "$USER not expanded", "command " + os.Args[0] + " odx-secret-helper print $USER not expanded line 2", nil},
		{"command string", fmt.Sprintf("client_secret_cmd = %q", os.Args[0]+" odx-secret-helper print tok"), "tok", "command " + os.Args[0] + " odx-secret-helper print tok", nil},
		{"inline", `client_secret = "inline-secret"`, "inline-secret", "client_secret in PATH", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx := fixture{file: strings.Replace(acmeProfile, `client_secret_env = "ACME_SECRET"`, tt.source, 1), env: tt.env}
			s, _, path, err := fx.load(t)
			if err != nil {
				t.Fatal(err)
			}
			home := filepath.Dir(filepath.Dir(filepath.Dir(path)))
			// rel.secret lives next to the config file, in the fixture's HOME.
			writeFile(t, filepath.Join(filepath.Dir(path), "rel.secret"), "relative\n", 0o600)
			wantSource := strings.ReplaceAll(strings.ReplaceAll(tt.wantSource, "PATH", path), "$HOME", home)
			if got := s.SecretSource(); got != wantSource {
				t.Errorf("SecretSource: got %q; want %q", got, wantSource)
			}
			got, err := s.ResolveSecret(context.Background())
			if got != tt.want || err != nil {
				t.Errorf("ResolveSecret: got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestSecretErrors(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "empty.secret"), "\n", 0o600)
	tests := []struct {
		name, source, want string
	}{
		{"failing command", "client_secret_cmd = " + helperCmd("fail"),
			"the secret command `" + os.Args[0] + " odx-secret-helper fail` (`client_secret_cmd` in profile `acme`, PATH:4) failed with exit status 3; run it yourself to see why"},
		{"silent command", "client_secret_cmd = " + helperCmd("print"),
			"the secret command `" + os.Args[0] + " odx-secret-helper print` (`client_secret_cmd` in profile `acme`, PATH:4) printed nothing; it must print the secret on the first line of its stdout"},
		{"missing command", `client_secret_cmd = "/nonexistent/odx-helper show"`,
			"cannot run the secret command `/nonexistent/odx-helper show` (`client_secret_cmd` in profile `acme`, PATH:4): no such file or directory; check client_secret_cmd"},
		{"unset env var", `client_secret_env = "UNSET_SECRET"`,
			"environment variable UNSET_SECRET (`client_secret_env` in profile `acme`, PATH:4) is empty or unset; export it or choose another secret source"},
		{"missing file", fmt.Sprintf("client_secret_file = %q", filepath.Join(dir, "nope")),
			"cannot read the client secret file " + filepath.Join(dir, "nope") + " (`client_secret_file` in profile `acme`, PATH:4): no such file or directory; fix the path or the file's permissions"},
		{"empty file", fmt.Sprintf("client_secret_file = %q", filepath.Join(dir, "empty.secret")),
			"the client secret file " + filepath.Join(dir, "empty.secret") + " (`client_secret_file` in profile `acme`, PATH:4) is empty; write the secret on its first line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, path, err := fixture{file: strings.Replace(acmeProfile, `client_secret_env = "ACME_SECRET"`, tt.source, 1)}.load(t)
			if err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			s.secret.stderr = &stderr
			got, err := s.ResolveSecret(context.Background())
			want := strings.ReplaceAll(tt.want, "PATH", path)
			if err == nil || err.Error() != want || got != "" {
				t.Fatalf("ResolveSecret: got %q, %v; want error\n  %s", got, err, want)
			}
			if strings.Contains(err.Error(), "leaked-stdout-value") {
				t.Errorf("the error %q contains the command's output", err)
			}
			var ce *configError
			if !errors.As(err, &ce) {
				t.Errorf("got error of type %T; want *configError", err)
			}
			if tt.name == "failing command" && !strings.Contains(stderr.String(), "helper: vault is locked") {
				t.Errorf("command stderr: got %q; want it passed through", stderr.String())
			}
		})
	}
}

func TestSecretCommandCancelled(t *testing.T) {
	s, _, _, err := fixture{file: strings.Replace(acmeProfile, `client_secret_env = "ACME_SECRET"`, "client_secret_cmd = "+helperCmd("sleep"), 1)}.load(t)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = s.ResolveSecret(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v; want an error wrapping context.Canceled", err)
	}
}

func TestPermissionWarning(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes are a unix matter")
	}
	inline := strings.Replace(acmeProfile, `client_secret_env = "ACME_SECRET"`, `client_secret = "x"`, 1)
	tests := []struct {
		name string
		file string
		mode os.FileMode
		want bool
	}{
		{"inline secret, 0600", inline, 0o600, false},
		{"inline secret, 0644", inline, 0o644, true},
		{"inline secret, 0640", inline, 0o640, true},
		{"env secret, 0644", acmeProfile, 0o644, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, warnings, path, err := fixture{file: tt.file, mode: tt.mode}.load(t)
			if err != nil {
				t.Fatal(err)
			}
			want := []string(nil)
			if tt.want {
				want = []string{fmt.Sprintf("%s holds a client_secret and is accessible by group or others (mode %04o); run `chmod 600 %s`, or move the secret to client_secret_env, client_secret_file or client_secret_cmd", path, tt.mode, path)}
			}
			if !reflect.DeepEqual(warnings, want) {
				t.Errorf("got warnings %q; want %q", warnings, want)
			}
		})
	}
}

func TestSettingsNeverPrintSecret(t *testing.T) {
	s, err := newSettings("http://127.0.0.1:9999", "demo/odx", "top-secret-value")
	if err != nil {
		t.Fatal(err)
	}
	for _, verb := range []string{"%v", "%+v", "%#v"} {
		if out := fmt.Sprintf(verb, *s); strings.Contains(out, "top-secret-value") {
			t.Errorf("fmt %s of Settings shows the secret: %s", verb, out)
		}
	}
	got, err := s.ResolveSecret(context.Background())
	if got != "top-secret-value" || err != nil || s.SecretSource() != "inline" {
		t.Errorf("got %q, %v, source %q; want the inline secret", got, err, s.SecretSource())
	}
	if s.TokenURL != "http://127.0.0.1:9999/id/connect/token" || s.ServiceRoot != "http://127.0.0.1:9999/api/domain/odata/" || s.PageSize != 50 {
		t.Errorf("got %s %s %d; want derived URLs and page size 50", s.TokenURL, s.ServiceRoot, s.PageSize)
	}
}

func TestNewSettingsErrors(t *testing.T) {
	tests := []struct{ instance, id, secret, want string }{
		{"http://example.com", "c", "s", "uses plain http"},
		{"", "c", "s", "no instance given"},
		{"http://127.0.0.1:1", "", "s", "the client id is empty"},
		{"http://127.0.0.1:1", "c", "", "the client secret is empty"},
	}
	for _, tt := range tests {
		_, err := newSettings(tt.instance, tt.id, tt.secret)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("newSettings(%q, %q, …): got %v; want an error containing %q", tt.instance, tt.id, err, tt.want)
		}
	}
}

func TestExampleFile(t *testing.T) {
	data, err := os.ReadFile("config.toml.example")
	if err != nil {
		t.Fatal(err)
	}
	pf, err := parseConfig("config.toml.example", data)
	if err != nil {
		t.Fatalf("the example does not load: %v", err)
	}
	env := map[string]string{}
	for _, p := range pf.cfg.Profiles {
		if p.ClientSecretEnv != nil {
			env[*p.ClientSecretEnv] = "example-secret"
		}
	}
	if len(pf.cfg.Profiles) < 2 || len(env) == 0 {
		t.Fatalf("got %d profiles, %d using client_secret_env; want an ERP.net and a demo profile, one using client_secret_env", len(pf.cfg.Profiles), len(env))
	}
	// Every key of the file is documented in the example, set or commented out.
	for key := range keyTypes {
		if key == "profiles" {
			key = "[profiles.acme]"
		}
		if !strings.Contains(string(data), "\n"+key+"\n") && !strings.Contains(string(data), "\n"+key+" = ") && !strings.Contains(string(data), "# "+key+" = ") {
			t.Errorf("the example does not show the key %s", key)
		}
	}
	for _, name := range sortedKeys(pf.cfg.Profiles) {
		s, err := buildSettings(pf, "config.toml.example", &configFlags{profile: name}, func(k string) string { return env[k] })
		if err != nil {
			t.Errorf("profile %s: %v", name, err)
			continue
		}
		if s.secret.kind == secretEnv {
			if got, err := s.ResolveSecret(context.Background()); got != "example-secret" || err != nil {
				t.Errorf("profile %s: ResolveSecret got %q, %v; want example-secret", name, got, err)
			}
		}
	}
}

func TestScopeAndPageSizeFlags(t *testing.T) {
	fs := flag.NewFlagSet("odx", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cf := addConfigFlags(fs)
	if err := fs.Parse([]string{"--scope", "read, update", "--scope", "sec", "--page-size", "7"}); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint([]string(cf.scopes), cf.pageSize.n, cf.pageSize.set); got != "[read update sec] 7 true" {
		t.Errorf("got %s; want [read update sec] 7 true", got)
	}
	if err := fs.Parse([]string{"--page-size", "many"}); err == nil || !strings.Contains(err.Error(), "not a whole number") {
		t.Errorf("--page-size many: got %v; want a parse error", err)
	}
}

func TestSuggest(t *testing.T) {
	for key, want := range map[string]string{
		"scope": "scopes", "clientId": "client_id", "page-size": "page_size", "secret_cmd": "client_secret_cmd",
		"tokenurl": "token_url", "colour": "", "url": "token_url", "secret": "client_secret", "name": "", "id": "client_id", "lang": "", "languages": "language",
	} {
		if got := suggest(key, profileKeys()); got != want {
			t.Errorf("suggest(%q): got %q; want %q", key, got, want)
		}
	}
}

// FuzzLoadConfig feeds arbitrary bytes as config.toml: loading must never
// panic, and every failure is a *configError.
func FuzzLoadConfig(f *testing.F) {
	example, _ := os.ReadFile("config.toml.example")
	for _, seed := range []string{string(example), acmeProfile, "[profiles]\nacme = { instance = \"https://a\", x = { y = 1 } }\n",
		"default = 1\n", "[[profiles]]\n", "profiles.a.b.c = 1\n", "[profiles.\"a.b\"]\nscope=1\n", "\"\x00\" = 1", "a = [[[[1]]]]\n"} {
		f.Add([]byte(seed))
	}
	env := map[string]string{"ACME_SECRET": "s", "ACME_ODX_SECRET": "s", "HOME": "/nonexistent"}
	f.Fuzz(func(t *testing.T, data []byte) {
		pf, err := parseConfig("config.toml", data)
		if err == nil {
			_, err = buildSettings(pf, "config.toml", &configFlags{}, func(k string) string { return env[k] })
		}
		var ce *configError
		if err != nil && !errors.As(err, &ce) {
			t.Errorf("got error of type %T (%v); want *configError", err, err)
		}
	})
}
