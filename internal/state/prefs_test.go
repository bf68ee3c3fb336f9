package state

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/odx-dev/odx/odata"
)

// fakeClock returns times a minute apart from a fixed start.
func fakeClock() func() time.Time {
	t := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	return func() time.Time { t = t.Add(time.Minute); return t }
}

func TestPrefsRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "odx")
	p, notice := Load(dir)
	if notice != "" {
		t.Fatalf("loading from a missing file: notice %q; want none", notice)
	}
	p.Clock = fakeClock()
	l := Layout{Columns: []string{"Number", "Name"}, OrderBy: []string{"Number desc"}, Expand: []string{"Party"}}
	p.SetLayout("prod", "Crm_Sales_Customers", l)
	p.SetLayout("test", "Crm_Sales_Customers", Layout{Columns: []string{"Id"}})
	q := odata.Query{Set: "Crm_Sales_Customers", Filter: "Name eq 'A&B #1+2 Пловдив'", Select: []string{"default", "Id"},
		OrderBy: []string{"Number desc"}, Top: 50, Skip: 100, Count: true, Params: url.Values{"options": {"skipnulls"}}}
	p.AddHistory("prod", q)
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, "state.json"))
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("state file mode %v; want 0600", info.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the directory holds %d files; want only state.json (no temporary file left)", len(entries))
	}

	again, notice := Load(dir)
	if notice != "" {
		t.Fatalf("reloading: notice %q", notice)
	}
	if got, ok := again.Layout("prod", "Crm_Sales_Customers"); !ok || !reflect.DeepEqual(got, l) {
		t.Errorf("layout after reload: %+v, %v; want %+v", got, ok, l)
	}
	if got, _ := again.Layout("test", "Crm_Sales_Customers"); len(got.Columns) != 1 {
		t.Errorf("the other profile's layout: %+v; want its own", got)
	}
	if _, ok := again.Layout("prod", "Other"); ok {
		t.Errorf("layout of a set never saved: found")
	}
	h := again.History("prod")
	if len(h) != 1 {
		t.Fatalf("history after reload: %d entries; want 1", len(h))
	}
	q.Skip = 0 // history starts from the first page
	if h[0].Set != q.Set || h[0].Query != q.RawQuery() {
		t.Errorf("history entry %q ? %q; want %q ? %q", h[0].Set, h[0].Query, q.Set, q.RawQuery())
	}
	if len(again.History("test")) != 0 || again.History("nobody") != nil {
		t.Errorf("history is not per profile")
	}
	// An empty layout forgets the set.
	again.SetLayout("prod", "Crm_Sales_Customers", Layout{})
	if _, ok := again.Layout("prod", "Crm_Sales_Customers"); ok {
		t.Errorf("an empty layout is still remembered")
	}
}

func TestPrefsHistoryCapAndDedupe(t *testing.T) {
	p, _ := Load(t.TempDir())
	p.Clock = fakeClock()
	for i := range 130 {
		p.AddHistory("prod", odata.Query{Set: "S", Top: i + 1})
	}
	h := p.History("prod")
	if len(h) != maxHistory {
		t.Fatalf("history holds %d entries; want %d", len(h), maxHistory)
	}
	if h[0].Query != "$top=130" || h[99].Query != "$top=31" {
		t.Errorf("history runs from %q to %q; want the newest ($top=130) first, down to $top=31", h[0].Query, h[99].Query)
	}
	p.AddHistory("prod", odata.Query{Set: "S", Top: 50, Skip: 200})
	h = p.History("prod")
	if len(h) != maxHistory || h[0].Query != "$top=50" {
		t.Fatalf("after running $top=50 again: %d entries, newest %q; want 100, $top=50", len(h), h[0].Query)
	}
	n := 0
	for _, e := range h {
		if e.Query == "$top=50" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("$top=50 appears %d times; want once", n)
	}
	if !h[0].Time.After(h[1].Time) {
		t.Errorf("the repeated query kept its old time %v", h[0].Time)
	}
	p.AddHistory("prod", odata.Query{})
	if len(p.History("prod")) != maxHistory || p.History("prod")[0].Query != "$top=50" {
		t.Errorf("a query without a set was recorded")
	}
}

func TestPrefsCorruptFile(t *testing.T) {
	for _, body := range []string{"{not json", `{"version":99,"profiles":{}}`, `[]`, ""} {
		dir := t.TempDir()
		path := filepath.Join(dir, "state.json")
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		p, notice := Load(dir)
		if !strings.Contains(notice, path) || !strings.Contains(notice, "ignored") || strings.Contains(notice, "\n") {
			t.Errorf("loading %q: notice %q; want one line naming the file and saying it was ignored", body, notice)
		}
		if p == nil || len(p.History("prod")) != 0 {
			t.Fatalf("loading %q: prefs %v; want empty prefs", body, p)
		}
		p.AddHistory("prod", odata.Query{Set: "S"})
		if err := p.Save(); err != nil {
			t.Fatal(err)
		}
		if _, notice := Load(dir); notice != "" {
			t.Errorf("after saving over %q: notice %q; want the file rewritten clean", body, notice)
		}
	}
}

func TestPrefsLoadCleansEntries(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(`{"version":1,"profiles":{"p":{"history":[{"set":"","query":"x"}`)
	for i := range 150 {
		fmt.Fprintf(&b, `,{"set":"S","query":"$top=%d"}`, i)
	}
	b.WriteString(`]},"q":null}}`)
	if err := os.WriteFile(filepath.Join(dir, "state.json"), []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	p, notice := Load(dir)
	if notice != "" {
		t.Fatalf("notice %q", notice)
	}
	h := p.History("p")
	if len(h) != maxHistory || h[0].Query != "$top=0" {
		t.Errorf("loaded history: %d entries, first %q; want %d without the set-less one", len(h), h[0].Query, maxHistory)
	}
	p.AddHistory("q", odata.Query{Set: "S"}) // a null profile is recreated
	if len(p.History("q")) != 1 {
		t.Errorf("a null profile in the file breaks adding to it")
	}
}

func TestPrefsUnwritable(t *testing.T) {
	// A regular file where the directory should be: no one can write there,
	// not even root.
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	p, notice := Load(filepath.Join(blocker, "odx"))
	if notice == "" {
		t.Errorf("loading below a file: no notice; want one saying it could not be read")
	}
	p.AddHistory("p", odata.Query{Set: "S"})
	err := p.Save()
	if err == nil || !strings.Contains(err.Error(), "not saved") || strings.Contains(err.Error(), "\n") {
		t.Errorf("saving below a file: %v; want one sentence saying nothing was saved", err)
	}
}

func TestPrefsInMemory(t *testing.T) {
	mem, notice := Load("")
	mem.AddHistory("p", odata.Query{Set: "S"})
	if err := mem.Save(); err != nil || notice != "" || len(mem.History("p")) != 1 {
		t.Errorf("in-memory prefs: notice %q, save %v, history %d; want nothing, no error, the entry kept", notice, err, len(mem.History("p")))
	}
}

func TestDefaultPrefsDir(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/tmp/xdg-test")
	t.Setenv("HOME", "/tmp/home-test")
	dir, err := DefaultDir()
	if err != nil || filepath.Base(dir) != "odx" {
		t.Errorf("DefaultDir() = %q, %v; want a directory named odx", dir, err)
	}
}

// FuzzLoadPrefs checks that any state file loads without panicking, and
// that one that loads cleanly survives a save and a load unchanged.
func FuzzLoadPrefs(f *testing.F) {
	f.Add([]byte(`{"version":1,"profiles":{"p":{"sets":{"S":{"columns":["A"]}},"history":[{"set":"S","query":"$top=1","time":"2025-01-01T00:00:00Z"}]}}}`))
	f.Add([]byte(`{"version":1,"profiles":{"p":null}}`))
	f.Add([]byte(`{"version":1,"profiles":{"p":{"history":[{"set":""}]}}}`))
	f.Add([]byte("{\x00"))
	f.Add([]byte(`{"version":1,"profiles":{"p":{"views":[{"name":"b","set":"S"},{"name":"a","set":"S","top":5},{"name":"a","set":"T"},{"name":" ","set":"S"}]}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "state.json"), body, 0o600); err != nil {
			t.Fatal(err)
		}
		p, notice := Load(dir)
		if p == nil {
			t.Fatal("Load returned nil")
		}
		if notice != "" {
			return
		}
		for name := range p.data.Profiles {
			if len(p.History(name)) > maxHistory {
				t.Fatalf("profile %q has %d entries", name, len(p.History(name)))
			}
		}
		if err := p.Save(); err != nil {
			t.Fatal(err)
		}
		again, notice := Load(dir)
		if notice != "" {
			t.Fatalf("a saved file does not load: %s", notice)
		}
		for name := range p.data.Profiles {
			if len(again.History(name)) != len(p.History(name)) {
				t.Fatalf("profile %q: %d entries after a save, %d before", name, len(again.History(name)), len(p.History(name)))
			}
			if len(again.Views(name)) != len(p.Views(name)) {
				t.Fatalf("profile %q: %d views after a save, %d before", name, len(again.Views(name)), len(p.Views(name)))
			}
		}
	})
}
