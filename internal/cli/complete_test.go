package cli

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/odx-dev/odx/internal/state"
	"github.com/odx-dev/odx/odata"
)

const completeCSDL = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="Shop" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="Customer"><Key><PropertyRef Name="Id"/></Key>
        <Property Name="Id" Type="Edm.Int32" Nullable="false"/><Property Name="Name" Type="Edm.String"/>
      </EntityType>
      <EntityType Name="Order"><Key><PropertyRef Name="No"/></Key><Property Name="No" Type="Edm.String" Nullable="false"/></EntityType>
      <EntityContainer Name="C">
        <EntitySet Name="Customers" EntityType="Shop.Customer"/>
        <EntitySet Name="Orders" EntityType="Shop.Order"/>
        <Singleton Name="Me" Type="Shop.Customer"/>
      </EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>`

// completeFixture is a config file with two profiles, a $metadata cache
// holding the document of the first one's service, and a state file with a
// view of it.
func completeFixture(t *testing.T) (*completer, string) {
	t.Helper()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	err := os.WriteFile(cfg, []byte(`default = "prod"
[profiles.prod]
instance = "https://erp.example.com"
client_id = "odx"
[profiles.test]
instance = "https://test.example.com"
client_id = "odx"
`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cacheDir, prefsDir := filepath.Join(dir, "cache"), filepath.Join(dir, "state")
	c, err := odata.NewClient("https://erp.example.com/api/domain/odata/", nil)
	if err != nil {
		t.Fatal(err)
	}
	w, err := state.NewMetadataCache(cacheDir).Store(c.Root().Redacted(), odata.CacheValidators{ETag: `"1"`, Fetched: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte(completeCSDL)); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	p, _ := state.Load(prefsDir)
	if _, err := p.SaveView("prod", state.View{Name: "big customers", Set: "Customers"}); err != nil {
		t.Fatal(err)
	}
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	getenv := func(k string) string {
		switch k {
		case "ODX_CONFIG":
			return cfg
		case "HOME", "XDG_CONFIG_HOME":
			return dir
		}
		return ""
	}
	e := &env{stdin: strings.NewReader(""), stdout: &strings.Builder{}, stderr: &strings.Builder{}, getenv: getenv}
	return &completer{env: e, cacheDir: cacheDir, prefsDir: prefsDir}, cfg
}

func TestCompleteCandidates(t *testing.T) {
	c, cfg := completeFixture(t)
	for _, tc := range []struct {
		line string // the words, the last being completed; "|" marks an empty last word
		want []string
		not  []string
	}{
		{"|", []string{"get", "sets", "token", "completion", "version", "help"}, []string{"__complete"}},
		{"g", []string{"get"}, []string{"sets"}},
		{"--demo s", []string{"sets"}, nil},
		{"--", []string{"--profile", "--demo", "--config", "--present"}, nil},
		{"get --t", []string{"--top", "--token-url"}, []string{"--filter"}},
		{"get --f", []string{"--filter"}, nil},
		{"get -", []string{"-o", "--filter"}, []string{"--o"}},
		{"get -o |", []string{"table", "json", "ndjson", "csv"}, []string{"text"}},
		{"sets -o |", []string{"text", "json"}, []string{"csv"}},
		{"get -o=j", []string{"-o=json"}, []string{"-o=table"}},
		{"--profile |", []string{"prod", "test"}, nil},
		{"get --profile t", []string{"test"}, []string{"prod"}},
		{"--profile=p", []string{"--profile=prod"}, nil},
		{"get |", []string{"Customers", "Orders"}, []string{"Me"}},
		{"get C", []string{"Customers"}, []string{"Orders"}},
		{"get Customers |", nil, []string{"Customers", "Orders"}},
		{"metadata |", []string{"Customers"}, nil},
		{"profile |", []string{"Customers"}, nil},
		{"profile Customers |", []string{"Id", "Name"}, []string{"Customers"}},
		{"get --profile test |", nil, []string{"Customers"}},                     // no cached document for that service
		{"get --demo C", []string{"Crm_Sales_Customers"}, []string{"Customers"}}, // from the embedded instance
		{"--demo profile Crm_Sales_Customers N", []string{"Number", "Name"}, nil},
		{"completion |", []string{"bash", "zsh", "fish"}, nil},
		{"help |", []string{"get"}, nil},
		{"--config |", []string{filesDirective}, nil},
		{"metadata --file |", []string{filesDirective}, nil},
		{"get --top |", nil, []string{filesDirective, "get"}},
		{"version |", nil, []string{"get"}},
	} {
		words := strings.Fields(strings.ReplaceAll(tc.line, "|", ""))
		if strings.HasSuffix(tc.line, "|") {
			words = append(words, "")
		}
		got := c.complete(context.Background(), words)
		for _, w := range tc.want {
			if !slices.Contains(got, w) {
				t.Errorf("odx %s<TAB>: got %q; want %q among them", tc.line, got, w)
			}
		}
		for _, w := range tc.not {
			if slices.Contains(got, w) {
				t.Errorf("odx %s<TAB>: got %q; want no %q", tc.line, got, w)
			}
		}
		if tc.want == nil && len(got) > 0 && tc.not == nil {
			t.Errorf("odx %s<TAB>: got %q; want nothing", tc.line, got)
		}
	}
	// The views of the profile the line names (the file's default here).
	if got := c.complete(context.Background(), []string{"get", "--view", "b"}); !slices.Equal(got, []string{"big customers"}) {
		t.Errorf("odx get --view b<TAB>: got %q; want [big customers]", got)
	}
	if got := c.complete(context.Background(), []string{"--config", cfg, "--profile", "test", "get", "--view", ""}); len(got) != 0 {
		t.Errorf("views of profile test: got %q; want none (the view is prod's)", got)
	}
}

func TestParseDefaults(t *testing.T) {
	text := "Usage: x\n\nFlags:\n  -all\n    \tstream every page\n  -o format\n    \toutput format: table, json or csv (default \"table\")\n  -n N\tcount\n"
	got := parseDefaults(text)
	if len(got) != 3 || got[0].name != "all" || got[0].value != "" || got[1].name != "o" || got[1].value != "format" || got[2].name != "n" || got[2].value != "N" {
		t.Fatalf("parseDefaults: %+v; want all (bool), o and n (with values)", got)
	}
	if c := choices(got[1].usage, got[1].value); !slices.Equal(c, []string{"table", "json", "csv"}) {
		t.Errorf("choices(%q) = %q; want table json csv", got[1].usage, c)
	}
	for _, u := range []string{"rows per page (default: 50)", "address to listen on (loopback unless you mean otherwise)", "a value: not a list of words here"} {
		if c := choices(u, "value"); c != nil {
			t.Errorf("choices(%q) = %q; want none", u, c)
		}
	}
}

// TestCompletionCommand: the scripts print, the call back prints one
// candidate a line, and a wrong shell is a usage error.
func TestCompletionCommand(t *testing.T) {
	for _, sh := range shells() {
		code, out, errb := odx(t, "completion", sh)
		if code != exitOK || !strings.Contains(out, "completion __complete") {
			t.Errorf("odx completion %s: exit %d, stderr %q; want the script calling odx completion __complete", sh, code, errb)
		}
	}
	code, _, errb := odx(t, "completion", "tcsh")
	if code != exitUsage || strings.Count(errb, "\n") != 1 || !strings.Contains(errb, "bash, zsh and fish") {
		t.Errorf("odx completion tcsh: exit %d, stderr %q; want one usage line naming the shells", code, errb)
	}
	code, out, _ := odx(t, "completion", completeArg, "ge")
	if code != exitOK || out != "get\n" {
		t.Errorf("odx completion __complete ge: exit %d, out %q; want get", code, out)
	}
}
