package odata

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readServiceDoc(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "servicedoc", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestServiceDocumentXML(t *testing.T) {
	tests := []struct {
		file string
		want string // name kind title | …
	}{
		{"v2-gateway.xml", "A_AddressEmailAddress EntitySet | A_BusinessPartner EntitySet Business Partner | A_BusinessPartnerAddress EntitySet"},
		{"v4-atom.xml", "People EntitySet | Airlines EntitySet | Order Details EntitySet | Me Singleton | " +
			"GetNearestAirport FunctionImport Nearest airport | Other ServiceDocument Other service"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rs, err := decodeServiceDocument(readServiceDoc(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rs {
				got = append(got, strings.TrimSpace(fmt.Sprintf("%s %s %s", r.Name, r.Kind, r.Title)))
			}
			if g := strings.Join(got, " | "); g != tt.want {
				t.Errorf("resources:\n%s\nwant\n%s", g, tt.want)
			}
		})
	}
}

func TestServiceDocumentNotUsable(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"HTML sign-in page", "<html><body><form>Sign in<br></form></body></html>", "not well-formed XML"},
		{"XHTML", `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>`, "not a service document"},
		{"text", "Service Unavailable", "neither JSON nor XML"},
	}
	for _, tt := range tests {
		if _, err := decodeServiceDocument([]byte(tt.body)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v; want one that says %q", tt.name, err, tt.want)
		}
	}
}

func FuzzServiceDocument(f *testing.F) {
	for _, name := range []string{"v2-gateway.xml", "v4-atom.xml"} {
		b, err := os.ReadFile(filepath.Join("testdata", "servicedoc", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"value":[{"name":"A","kind":"Singleton","url":"A"}]}`))
	f.Add([]byte(`{"d":{"EntitySets":["X"]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		rs, err := decodeServiceDocument(b)
		if err != nil {
			return
		}
		for _, r := range rs {
			if r.Name == "" && r.URL == "" {
				t.Errorf("a resource with neither name nor URL: %+v", r)
			}
			switch r.Kind {
			case KindEntitySet, KindSingleton, KindFunctionImport, KindServiceDocument:
			default:
				t.Errorf("unknown kind %q", r.Kind)
			}
		}
	})
}

func TestResourcesFallBackToMetadata(t *testing.T) {
	csdl := openFixture(t, "trippin.xml")
	tests := []struct {
		name   string
		root   func(w http.ResponseWriter)
		want   string // the first resources, or the error
		failed bool
	}{
		{"JSON", func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"value":[{"name":"People","url":"People"}]}`))
		}, "People EntitySet", false},
		{"HTML at the root", func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html><body>Welcome<br></body></html>"))
		}, "Photos EntitySet | People EntitySet | Airlines EntitySet | Airports EntitySet | Me Singleton | GetNearestAirport FunctionImport", false},
		{"404 at the root", func(w http.ResponseWriter) { http.NotFound(w, nil) }, "Photos EntitySet", false},
		{"403 at the root", func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`{"error":{"code":"403","message":"no"}}`))
		}, "HTTP 403", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if strings.HasSuffix(r.URL.Path, "/$metadata") {
					w.Header().Set("Content-Type", "application/xml")
					w.Write(csdl)
					return
				}
				tt.root(w)
			}))
			defer srv.Close()
			c, err := NewClient(srv.URL+"/svc/", srv.Client())
			if err != nil {
				t.Fatal(err)
			}
			rs, err := c.Resources(context.Background())
			if tt.failed {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("error %v; want one with %q (no fallback for it)", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rs {
				got = append(got, r.Name+" "+r.Kind)
			}
			if g := strings.Join(got, " | "); !strings.HasPrefix(g, tt.want) {
				t.Errorf("resources %q; want them to start with %q", g, tt.want)
			}
		})
	}
}

func TestResourcesWrongRoot(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	c, err := NewClient(srv.URL+"/api/domian/odata/", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Resources(context.Background())
	var re *RootError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), srv.URL+"/api/domian/odata/") || !strings.Contains(err.Error(), "check the instance URL") {
		t.Errorf("a wrong root: %v; want a RootError naming the URL and what to check", err)
	}
}
