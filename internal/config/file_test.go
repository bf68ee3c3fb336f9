package config

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

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

func TestExampleFile(t *testing.T) {
	data, err := os.ReadFile("../../config.toml.example") // the example at the top of the repository
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
		s, err := buildSettings(pf, "config.toml.example", &Flags{profile: name}, func(k string) string { return env[k] })
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

// FuzzLoadConfig feeds arbitrary bytes as config.toml: loading must never
// panic, and every failure is a *Error.
func FuzzLoadConfig(f *testing.F) {
	example, _ := os.ReadFile("../../config.toml.example") // the example at the top of the repository
	for _, seed := range []string{string(example), acmeProfile, "[profiles]\nacme = { instance = \"https://a\", x = { y = 1 } }\n",
		"default = 1\n", "[[profiles]]\n", "profiles.a.b.c = 1\n", "[profiles.\"a.b\"]\nscope=1\n", "\"\x00\" = 1", "a = [[[[1]]]]\n"} {
		f.Add([]byte(seed))
	}
	env := map[string]string{"ACME_SECRET": "s", "ACME_ODX_SECRET": "s", "HOME": "/nonexistent"}
	f.Fuzz(func(t *testing.T, data []byte) {
		pf, err := parseConfig("config.toml", data)
		if err == nil {
			_, err = buildSettings(pf, "config.toml", &Flags{}, func(k string) string { return env[k] })
		}
		var ce *Error
		if err != nil && !errors.As(err, &ce) {
			t.Errorf("got error of type %T (%v); want *Error", err, err)
		}
	})
}
