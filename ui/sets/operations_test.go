package sets

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/internal/uitest"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/dialog"
	"github.com/odx-dev/odx/ui/screen"
)

// opsService answers a singleton Me, a function WhoAmI (an object), a
// function Top (a collection of entities), a function Fail (an error) and
// records the paths asked.
func opsService(t *testing.T) (*odata.Client, *[]string) {
	t.Helper()
	var mu sync.Mutex
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.URL.RequestURI())
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch strings.TrimPrefix(r.URL.EscapedPath(), "/") {
		case "Me":
			w.Write([]byte(`{"@odata.context":"$metadata#Me","Id":7,"Name":"Ada"}`))
		case "WhoAmI()":
			w.Write([]byte(`{"UserId":"u1","BusinessUnitId":"b1"}`))
		case "Top(n=2,kind='big%20one')", "Top()":
			w.Write([]byte(`{"value":[{"@odata.id":"Items(1)","Id":1},{"@odata.id":"Items(2)","Id":2}]}`))
		default:
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"error":{"code":"0","message":"The parameter n is missing."}}`))
		}
	}))
	t.Cleanup(srv.Close)
	c, err := odata.NewClient(srv.URL+"/", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	return c, &asked
}

// opsStatus is the status line of opsList's env.
var opsStatus screen.Status

var opsResources = []odata.Resource{
	{Name: "Items", Kind: odata.KindEntitySet},
	{Name: "Me", Kind: odata.KindSingleton},
	{Name: "WhoAmI", Kind: odata.KindFunctionImport},
	{Name: "Top", Kind: odata.KindFunctionImport},
	{Name: "Fail", Kind: odata.KindFunctionImport},
}

// opsList is the set list of opsResources with the cursor on name.
func opsList(t *testing.T, c *odata.Client, name string) (*Model, *screen.Env) {
	t.Helper()
	base := testEnv(c)
	env := screen.NewEnv(&opsStatus)
	opsStatus = screen.Status{}
	env.Ctx, env.Client, env.Styles, env.Keys, env.Now = base.Ctx, base.Client, base.Styles, base.Keys, base.Now
	env.Profile, env.Instance, env.Language, env.PageSize = base.Profile, base.Instance, base.Language, base.PageSize
	env.Dialect = odata.GenericV4
	m := New(env)
	m.SetSize(80, 21)
	_ = m.Init() // not run: the test delivers the reply
	m.Update(setsLoadedMsg{seq: m.seq, sets: opsResources})
	m.stopCount()
	env.Drain()
	for range opsResources {
		if it, _ := m.sets.selectedItem(); it.id == name {
			return m, env
		}
		press(m, "down")
	}
	t.Fatalf("%s is not listed", name)
	return nil, nil
}

func TestOpenSingletonAndFunctions(t *testing.T) {
	c, asked := opsService(t)
	for _, tc := range []struct {
		name, path, posted string
		check              func(t *testing.T, msg any)
	}{
		{"Me", "/Me", "screen.OpenRecord", func(t *testing.T, msg any) {
			r := msg.(screen.OpenRecord)
			if r.Row.Values["Name"] != "Ada" || r.Set != "Me" || r.Crumb[0] != "Me" {
				t.Errorf("the singleton opened as %+v; want its record, Name Ada", r)
			}
		}},
		{"WhoAmI", "/WhoAmI()", "screen.OpenRecord", func(t *testing.T, msg any) {
			if r := msg.(screen.OpenRecord); r.Row.Values["UserId"] != "u1" {
				t.Errorf("the function's object opened as %+v; want a record with UserId", r)
			}
		}},
		{"Top", "/Top()", "screen.OpenRows", func(t *testing.T, msg any) {
			if r := msg.(screen.OpenRows); len(r.Rows) != 2 || r.Rows[1].ID != "Items(2)" {
				t.Errorf("the function's collection opened as %+v; want 2 rows", r)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			*asked = nil
			m, env := opsList(t, c, tc.name)
			if c, ok := m.sets.counts[tc.name]; ok {
				t.Errorf("count of %s: %q; want none of a singleton or function", tc.name, c)
			}
			deliver(t, m, press(m, "enter"))
			types, msgs := posted(env)
			if types != tc.posted {
				t.Fatalf("enter on %s posted %q; want %q", tc.name, types, tc.posted)
			}
			tc.check(t, msgs[0])
			if len(*asked) != 1 || (*asked)[0] != tc.path {
				t.Errorf("asked %q; want one GET of %s", *asked, tc.path)
			}
		})
	}
	m, env := opsList(t, c, "Fail")
	deliver(t, m, press(m, "enter"))
	if types, _ := posted(env); types != "" || !strings.Contains(opsStatus.Text, "parameter n is missing") {
		t.Errorf("a failed call posted %q, notice %q; want the server's message, nothing opened", types, opsStatus.Text)
	}
}

func TestFunctionWithParameters(t *testing.T) {
	c, asked := opsService(t)
	old := functionParams
	t.Cleanup(func() { functionParams = old })
	functionParams = func(_ *odata.Model, name string) []dialog.Param {
		if name != "Top" {
			return nil
		}
		return []dialog.Param{{Name: "n", Type: "Edm.Int32"}, {Name: "kind", Type: "Edm.String"}}
	}
	m, env := opsList(t, c, "Top")
	press(m, "enter")
	_, msgs := posted(env)
	if len(msgs) != 1 {
		t.Fatalf("enter posted %d messages; want the parameter form", len(msgs))
	}
	od, ok := msgs[0].(screen.OpenDialog)
	if !ok {
		t.Fatalf("enter posted %T; want screen.OpenDialog", msgs[0])
	}
	if _, ok := od.Dialog.(*dialog.Params); !ok || len(*asked) != 0 {
		t.Fatalf("opened %T and asked %q; want the parameter form, nothing asked yet", od.Dialog, *asked)
	}
	// The form's call comes back to the list as its action.
	path, err := dialog.FunctionPath("Top", functionParams(nil, "Top"), []string{"2", "big one"}, odata.GenericV4)
	if err != nil {
		t.Fatal(err)
	}
	_, cmd := m.Update(dialog.FunctionCall{Name: "Top", Path: path})
	deliver(t, m, cmd)
	if types, _ := posted(env); types != "screen.OpenRows" {
		t.Errorf("the call posted %q; want the rows", types)
	}
	if len(*asked) != 1 || (*asked)[0] != "/Top(n=2,kind='big%20one')" {
		t.Errorf("asked %q; want /Top(n=2,kind='big%%20one')", *asked)
	}
}

func TestViewsKey(t *testing.T) {
	env := testEnv(nil)
	m := loaded(t, env)
	if !m.KeyMap().Views.Enabled() {
		t.Fatalf("v is disabled on the set list; want it enabled")
	}
	press(m, "v")
	_, msgs := posted(env)
	if len(msgs) != 1 {
		t.Fatalf("v posted %d messages; want the views picker", len(msgs))
	}
	if od, ok := msgs[0].(screen.OpenDialog); !ok || od.Dialog.Kind() != dialog.KindViews {
		t.Errorf("v posted %+v; want the views picker", msgs[0])
	}
}

func TestOrderSetsSingletonsFunctions(t *testing.T) {
	m, _ := opsList(t, nil, "Items")
	var got []string
	for _, it := range m.sets.list.Items() {
		got = append(got, it.(setItem).id)
	}
	if want := "Items Me Fail Top WhoAmI"; strings.Join(got, " ") != want {
		t.Errorf("listed %q; want %q: the sets, the singletons, then the functions, each by name", strings.Join(got, " "), want)
	}
	if !strings.Contains(m.sets.list.Title, "1 in 1 groups · 1 singleton · 3 functions") {
		t.Errorf("title %q; want the set, singleton and function counts", m.sets.list.Title)
	}
}

// TestDemoExchangeRate: on the demo, the set list shows GetExchangeRate
// with its parameters, enter asks for the three, typed, and the call opens
// a record with the rate.
func TestDemoExchangeRate(t *testing.T) {
	_, _, c := uitest.DemoClient(t, demo.Options{}, nil)
	env := testEnv(c)
	env.Dialect = c.Dialect()
	meta, err := c.Metadata(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rs, err := c.Resources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	env.Meta = meta
	m := New(env)
	m.SetSize(80, 21)
	_ = m.Init() // not run: the test delivers the sets
	m.Update(setsLoadedMsg{seq: m.seq, sets: rs})
	m.stopCount()
	env.Drain()
	for range rs {
		if it, _ := m.sets.selectedItem(); it.id == "GetExchangeRate" {
			break
		}
		press(m, "down")
	}
	if got, want := m.Status(), "GetExchangeRate(FromCurrency, ToCurrency, OnDate) → Erp.ExchangeRate"; got != want {
		t.Fatalf("got status %q; want %q", got, want)
	}
	press(m, "enter")
	_, msgs := posted(env)
	if len(msgs) != 1 {
		t.Fatalf("enter posted %d messages; want the parameter form", len(msgs))
	}
	od, _ := msgs[0].(screen.OpenDialog)
	var d screen.Dialog = od.Dialog
	if _, ok := d.(*dialog.Params); !ok {
		t.Fatalf("enter posted %T; want the parameter form", msgs[0])
	}
	if v := d.View("", 80, 10); !strings.Contains(v, "OnDate") || !strings.Contains(v, "Date") {
		t.Errorf("the form reads\n%s\nwant a line for OnDate, typed Date", v)
	}
	for i, value := range []string{"EUR", "USD", "2026-12-01"} {
		if i > 0 {
			d, _ = d.Update(uitest.Key("tab"))
		}
		for _, r := range value {
			d, _ = d.Update(uitest.Key(string(r)))
		}
	}
	d.Update(uitest.Key("enter"))
	_, msgs = posted(env)
	call, ok := msgs[0].(dialog.FunctionCall)
	if !ok || call.Path != "GetExchangeRate(FromCurrency='EUR',ToCurrency='USD',OnDate=2026-12-01)" {
		t.Fatalf("enter posted %v; want the call of GetExchangeRate with the three values", msgs)
	}
	_, cmd := m.Update(call)
	deliver(t, m, cmd)
	_, msgs = posted(env)
	rec, ok := msgs[0].(screen.OpenRecord)
	if !ok {
		t.Fatalf("the call posted %v; want a record", msgs)
	}
	if got := fmt.Sprint(rec.Row.Values["Rate"]); got != "1.083500" {
		t.Errorf("got rate %s; want 1.083500", got)
	}
}

// TestFunctionByMetadata: $metadata's return type and entity set decide
// how a function's answer opens, and a v2 function called with POST is not
// called.
func TestFunctionByMetadata(t *testing.T) {
	parse := func(doc string) *odata.Model {
		m, err := odata.ParseMetadata(strings.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	v4 := parse(`<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0"><edmx:DataServices>
<Schema Namespace="N" xmlns="http://docs.oasis-open.org/odata/ns/edm">
<EntityType Name="Item"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Int32"/></EntityType>
<Function Name="Top"><ReturnType Type="Collection(N.Item)"/></Function>
<EntityContainer Name="C"><EntitySet Name="Items" EntityType="N.Item"/>
<FunctionImport Name="Top" Function="N.Top" EntitySet="Items"/></EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`)
	c, asked := opsService(t)
	m, env := opsList(t, c, "Top")
	env.Meta = v4
	m.Update(screen.MetadataLoaded{})
	deliver(t, m, press(m, "enter"))
	_, msgs := posted(env)
	if r, ok := msgs[0].(screen.OpenRows); !ok || r.Set != "Items" || len(r.Rows) != 2 {
		t.Errorf("Top posted %v; want the two rows of Items", msgs)
	}

	v2 := parse(`<edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">
<edmx:DataServices><Schema Namespace="S" xmlns="http://schemas.microsoft.com/ado/2008/09/edm"><EntityContainer Name="C">
<FunctionImport Name="WhoAmI" ReturnType="Edm.String" m:HttpMethod="POST"/></EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`)
	m, env = opsList(t, c, "WhoAmI")
	env.Meta = v2
	m.Update(screen.MetadataLoaded{})
	*asked = nil
	if cmd := press(m, "enter"); cmd != nil || len(*asked) != 0 {
		t.Errorf("enter on a POST function started a request; want none")
	}
	if !strings.Contains(opsStatus.Text, "called with POST; odx only reads") || !opsStatus.IsError {
		t.Errorf("got notice %q; want the POST function refused", opsStatus.Text)
	}
	if got := m.Status(); got != "WhoAmI() → Edm.String · POST, not called by odx" {
		t.Errorf("got status %q; want the signature, not called", got)
	}
}
