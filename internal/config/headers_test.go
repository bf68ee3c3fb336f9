package config

import (
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestHeaders(t *testing.T) {
	env := map[string]string{"ACME_SECRET": "s"}
	withHeaders := acmeProfile + "headers = { ConsistencyLevel = \"eventual\", prefer = 'odata.include-annotations=\"*\"' }\n"
	tests := []struct {
		name string
		fx   fixture
		want http.Header
		err  string // a part of the error, "" for none
	}{
		{"none", fixture{file: acmeProfile, env: env}, nil, ""},
		{"profile", fixture{file: withHeaders, env: env},
			http.Header{"ConsistencyLevel": {"eventual"}, "prefer": {`odata.include-annotations="*"`}}, ""},
		{"flags replace the profile's", fixture{file: withHeaders, env: env, args: []string{"--header", "consistencylevel: session", "--header", "X-Trace:  a b ", "--header", "X-Trace: c"}},
			http.Header{"consistencylevel": {"session"}, "prefer": {`odata.include-annotations="*"`}, "X-Trace": {"a b", "c"}}, ""},
		{"flag without a colon", fixture{file: acmeProfile, env: env, args: []string{"--header", "ConsistencyLevel=eventual"}},
			nil, `--header "ConsistencyLevel=eventual" has no colon; write it like --header 'ConsistencyLevel: eventual'`},
		{"Authorization refused", fixture{file: acmeProfile, env: env, args: []string{"--header", "authorization: Bearer x"}},
			nil, "the header Authorization (--header) cannot be set: odx sends the bearer token itself"},
		{"Host refused in the profile", fixture{file: acmeProfile + "headers = { Host = \"evil\" }\n", env: env},
			nil, "the header Host (`headers` in profile `acme`, "},
		{"Content-Length refused", fixture{file: acmeProfile, env: env, args: []string{"--header", "Content-Length: 3"}},
			nil, "the header Content-Length (--header) cannot be set: Go computes it"},
		{"bad name", fixture{file: acmeProfile, env: env, args: []string{"--header", "Bad Name: x"}},
			nil, `the header name "Bad Name" (--header) is not a valid HTTP header name`},
		{"line break", fixture{file: acmeProfile + "headers = { X-A = \"a\\r\\nInjected: 1\" }\n", env: env},
			nil, "the value of header X-A (`headers` in profile `acme`"},
		{"wrong type", fixture{file: acmeProfile + "headers = [\"a\"]\n", env: env},
			nil, "`headers` in profile `acme` (" + "PATH:5) must be a table of header names and values"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, _, path, err := tc.fx.load(t)
			if tc.err != "" {
				if err == nil || !strings.Contains(strings.ReplaceAll(err.Error(), path, "PATH"), tc.err) {
					t.Fatalf("got error %v; want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(s.Headers, tc.want) {
				t.Errorf("got headers %v; want %v", s.Headers, tc.want)
			}
		})
	}
}

// FuzzHeaderFlag: any --header value (and profile header) either is
// refused with an *Error or gives a header that is safe to send: a token
// name that odx does not set itself, a value on one line.
func FuzzHeaderFlag(f *testing.F) {
	for _, seed := range []string{"ConsistencyLevel: eventual", "Prefer: odata.maxpagesize=5", "authorization: x", "HOST:a",
		"X-A: a\r\nB: c", "no colon", ": empty name", "X-\u00e9: v", "X: \x00"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, flagValue string) {
		name, value, _ := strings.Cut(flagValue, ":")
		for _, h := range []func() (http.Header, error){
			func() (http.Header, error) { return buildHeaders(nil, nil, []string{flagValue}) },
			func() (http.Header, error) {
				return buildHeaders(map[string]string{name: value}, func(string) string { return "here" }, nil)
			},
		} {
			got, err := h()
			if err != nil {
				var ce *Error
				if !errors.As(err, &ce) {
					t.Fatalf("error of type %T; want *Error", err)
				}
				continue
			}
			for k, vs := range got {
				if _, refused := refusedHeaders[http.CanonicalHeaderKey(k)]; refused || k == "" || strings.IndexFunc(k, notTokenRune) >= 0 {
					t.Fatalf("header name %q accepted", k)
				}
				for _, v := range vs {
					if strings.ContainsAny(v, "\r\n\x00") {
						t.Fatalf("header value %q accepted", v)
					}
				}
			}
		}
	})
}
