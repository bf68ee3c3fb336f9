package dialog

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/internal/testctx"
	"github.com/odx-dev/odx/internal/uitest"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/related"
	"github.com/odx-dev/odx/ui/screen"
)

// relatedCSDL: a customer leads to its party and lists its contacts;
// orders point at customers (labelled Buyer) and tags list customers
// (to-many).
const relatedCSDL = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
<Schema Namespace="Erp" xmlns="http://docs.oasis-open.org/odata/ns/edm">
<EntityType Name="Customer"><Key><PropertyRef Name="Id"/></Key>
 <Property Name="Id" Type="Edm.Guid" Nullable="false"/><Property Name="Number" Type="Edm.String"/>
 <NavigationProperty Name="Party" Type="Erp.Party"/>
 <NavigationProperty Name="Contacts" Type="Collection(Erp.Party)"/></EntityType>
<EntityType Name="Party"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Guid" Nullable="false"/></EntityType>
<EntityType Name="SalesOrder"><Key><PropertyRef Name="Id"/></Key>
 <Property Name="Id" Type="Edm.Guid" Nullable="false"/>
 <NavigationProperty Name="Customer" Type="Erp.Customer"><Annotation Term="Common.Label" String="Buyer"/></NavigationProperty></EntityType>
<EntityType Name="Tag"><Key><PropertyRef Name="Code"/></Key>
 <Property Name="Code" Type="Edm.String" Nullable="false"/>
 <NavigationProperty Name="Customers" Type="Collection(Erp.Customer)"/></EntityType>
<EntityContainer Name="Container">
 <EntitySet Name="Crm_Sales_Customers" EntityType="Erp.Customer">
  <NavigationPropertyBinding Path="Party" Target="General_Contacts_Parties"/><NavigationPropertyBinding Path="Contacts" Target="General_Contacts_Parties"/></EntitySet>
 <EntitySet Name="General_Contacts_Parties" EntityType="Erp.Party"/>
 <EntitySet Name="Crm_Sales_SalesOrders" EntityType="Erp.SalesOrder">
  <NavigationPropertyBinding Path="Customer" Target="Crm_Sales_Customers"/></EntitySet>
 <EntitySet Name="Tags" EntityType="Erp.Tag"><NavigationPropertyBinding Path="Customers" Target="Crm_Sales_Customers"/></EntitySet>
</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`

const customers = "Crm_Sales_Customers"

// relatedEnv is testEnv with relatedCSDL, OData v4 (so the to-many
// reverse entry is offered), a client that reaches nothing, a spinner
// frame and a context that counts what is live.
func relatedEnv(t *testing.T) (*screen.Env, *testctx.Live) {
	t.Helper()
	env := testEnv()
	meta, err := odata.ParseMetadata(strings.NewReader(relatedCSDL))
	if err != nil {
		t.Fatal(err)
	}
	env.Meta, env.Dialect, env.Spinner, env.Language = meta, odata.GenericV4, "⠋", "EN"
	live := testctx.New(t)
	env.Ctx = live
	if env.Client, err = odata.NewClient("http://127.0.0.1:1/odata/", nil); err != nil {
		t.Fatal(err)
	}
	return env, live
}

// customerRow is a customer as a minimal-metadata server sends it: its
// key, no @odata.id.
var customerRow = odata.Row{Values: map[string]any{"Id": "9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab", "Number": "C-0001"}}

func newRelated(t *testing.T) (*Related, *screen.Env, *testctx.Live) {
	t.Helper()
	env, live := relatedEnv(t)
	return NewRelated(env, customers, customerRow, []string{customers}), env, live
}

// entryNames lists the picker's entries as shown.
func entryNames(r *Related) string {
	var out []string
	for _, e := range r.entries {
		out = append(out, e.Shown(false))
	}
	return strings.Join(out, ", ")
}

func TestRelatedEntries(t *testing.T) {
	r, _, _ := newRelated(t)
	if got, want := entryNames(r), "Party, Contacts, Crm_Sales_SalesOrders by Buyer, Tags by Customers"; got != want {
		t.Errorf("got entries %q; want %q", got, want)
	}
	if got, want := strings.Join(r.crumb, " › "), customers+" › C-0001"; got != want {
		t.Errorf("got crumb %q; want %q", got, want)
	}
}

// TestRelatedGolden: the picker over the bottom of an 80×24 screen's
// body (22 lines), on the first reverse entry, counted.
func TestRelatedGolden(t *testing.T) {
	r, _, _ := newRelated(t)
	send(r, "down", "down")
	r.counts = map[string]int64{"Crm_Sales_SalesOrders by Customer": 1234}
	var body []string
	for i := range 22 {
		body = append(body, "grid line "+string(rune('a'+i)))
	}
	golden.RequireEqual(t, []byte(ansi.Strip(r.View(strings.Join(body, "\n"), 80, 22))))
}

// TestRelatedOpensReverse: enter on a reverse entry closes the picker and
// asks for the set filtered to the row, under grid › row › entry.
func TestRelatedOpensReverse(t *testing.T) {
	r, env, live := newRelated(t)
	send(r, "G")
	if live.Count() != 1 {
		t.Errorf("on the last entry (reverse): %d counts live; want 1", live.Count())
	}
	if _, cmd := r.Update(kp("enter")); cmd != nil {
		t.Errorf("enter on a reverse entry: got a command; want none")
	}
	msgs := env.Drain()
	if got := kinds(msgs); got != "screen.CloseDialog screen.OpenQuery" {
		t.Fatalf("posted %q; want screen.CloseDialog screen.OpenQuery", got)
	}
	q := msgs[1].(screen.OpenQuery)
	crumb := strings.Join(q.Crumb, " › ")
	want := "Customers/any(x:x/Id eq 9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab)"
	if q.Query.Set != "Tags" || q.Query.Filter != want || !q.Layout || q.Count != -1 || crumb != customers+" › C-0001 › Tags by Customers" {
		t.Errorf("got %+v; want Tags filtered by %s, with its layout, under grid › C-0001 › Tags by Customers", q, want)
	}
	if live.Count() != 0 {
		t.Errorf("after opening: %d requests live; want the count given up", live.Count())
	}
}

// TestRelatedOpensNavigation: enter on a navigation property reads it
// (the hint says so; esc cancels it); its rows open under grid › row ›
// property; a failure stays in the picker; a superseded reply is dropped.
func TestRelatedOpensNavigation(t *testing.T) {
	r, env, live := newRelated(t)
	_, cmd := r.Update(kp("enter"))
	if cmd == nil || live.Count() != 1 {
		t.Fatalf("enter on Party: command %v, %d live; want the load started", cmd != nil, live.Count())
	}
	if v := ansi.Strip(r.View("", 80, 22)); !strings.Contains(v, "⠋ opening Party · esc cancels") {
		t.Errorf("while loading:\n%s\nwant the hint to say what opens", v)
	}
	first := r.relSeq
	r.Update(kp("enter")) // again: the first load is superseded
	rows := []odata.Row{{Values: map[string]any{"Id": "1"}}}
	r.Update(related.Loaded{Seq: first, Nav: "Party", Rows: rows})
	if got := kinds(env.Drain()); got != "" || r.relStop == nil {
		t.Errorf("the superseded reply: posted %q, loading %v; want it dropped, the load running", got, r.relStop != nil)
	}
	r.Update(related.Loaded{Seq: r.relSeq, Nav: "Party", Err: errors.New("the server answered 404\n Not Found")})
	if v := ansi.Strip(r.View("", 80, 22)); !strings.Contains(v, "the server answered 404 Not Found") || kinds(env.Drain()) != "" {
		t.Errorf("a failed load:\n%s\nwant the error on the hint line, nothing posted", v)
	}
	r.Update(kp("enter"))
	r.Update(kp("esc"))
	if live.Count() != 0 || kinds(env.Drain()) != "" {
		t.Errorf("esc while loading: %d live; want the load cancelled, the picker open", live.Count())
	}
	r.Update(kp("enter"))
	r.Update(related.Loaded{Seq: r.relSeq, Nav: "Party", Rows: rows})
	msgs := env.Drain()
	if got := kinds(msgs); got != "screen.CloseDialog screen.OpenRows" {
		t.Fatalf("posted %q; want screen.CloseDialog screen.OpenRows", got)
	}
	o := msgs[1].(screen.OpenRows)
	if crumb := strings.Join(o.Crumb, " › "); o.Set != "General_Contacts_Parties" || len(o.Rows) != 1 || crumb != customers+" › C-0001 › Party" {
		t.Errorf("got OpenRows of %s, %d rows, crumb %q; want General_Contacts_Parties, 1 row, grid › C-0001 › Party", o.Set, len(o.Rows), crumb)
	}
}

// TestRelatedCounts: the reverse entry under the cursor is counted, one
// count at a time; moving on gives a count up and its late reply is
// dropped; a reply to another picker never lands here; esc closes.
func TestRelatedCounts(t *testing.T) {
	r, env, live := newRelated(t)
	if cmd := r.Start(); cmd != nil {
		t.Errorf("Start on a navigation property: got a command; want no count")
	}
	_, first := r.Update(kp("down"))
	if _, second := r.Update(kp("down")); second == nil || first != nil || live.Count() != 1 {
		t.Fatalf("on the first reverse entry: %d counts live; want 1", live.Count())
	}
	seq := r.cntSeq
	r.Update(kp("down"))
	if live.Count() != 1 || r.cntName != "Tags by Customers" {
		t.Errorf("on the next reverse entry: %d live, counting %q; want 1, Tags by Customers", live.Count(), r.cntName)
	}
	r.Update(related.Counted{Seq: seq, Name: "Crm_Sales_SalesOrders by Customer", N: 5})
	other := NewRelated(env, customers, customerRow, []string{customers})
	other.Update(related.Counted{Seq: r.cntSeq, Name: "Tags by Customers", N: 9})
	if len(r.counts)+len(other.counts) != 0 {
		t.Errorf("got counts %v, %v; want the superseded reply and the other picker's dropped", r.counts, other.counts)
	}
	r.Update(related.Counted{Seq: r.cntSeq, Name: "Tags by Customers", N: 1})
	if v := ansi.Strip(r.View("", 80, 22)); !strings.Contains(v, "← Tags by Customers · 1 row") {
		t.Errorf("counted:\n%s\nwant the count beside the entry", v)
	}
	if _, cmd := r.Update(kp("down")); cmd != nil {
		t.Errorf("on a counted entry: got a command; want no second count")
	}
	r.Update(kp("up"))
	r.Update(kp("esc"))
	if got := kinds(env.Drain()); got != "screen.CloseDialog" || live.Count() != 0 {
		t.Errorf("esc: posted %q, %d live; want the picker closed, its count given up", got, live.Count())
	}
}

// TestRelatedMouse: a click puts the cursor on the entry under it, a
// second click on it opens it; a click elsewhere does nothing.
func TestRelatedMouse(t *testing.T) {
	r, env, _ := newRelated(t)
	clock := time.Date(2026, 11, 26, 9, 15, 0, 0, time.UTC)
	clickClock = func() time.Time { return clock }
	t.Cleanup(func() { clickClock = time.Now })
	v := strings.Split(ansi.Strip(r.View("", 80, 22)), "\n")
	y := -1
	for i, l := range v {
		if strings.Contains(l, "Crm_Sales_SalesOrders by Buyer") {
			y = i
		}
	}
	if y < 0 {
		t.Fatalf("the picker:\n%s\nwant the reverse entry drawn", strings.Join(v, "\n"))
	}
	click := func(y int) tea.Cmd {
		_, cmd := r.Update(tea.MouseClickMsg{X: 5, Y: y, Button: tea.MouseLeft})
		return cmd
	}
	click(0)
	if r.cursor != 0 {
		t.Errorf("a click above the picker: cursor %d; want 0", r.cursor)
	}
	click(y)
	if r.cursor != 2 || kinds(env.Drain()) != "" {
		t.Errorf("a click on the reverse entry: cursor %d; want 2, nothing opened", r.cursor)
	}
	clock = clock.Add(200 * time.Millisecond)
	click(y)
	if got := kinds(env.Drain()); got != "screen.CloseDialog screen.OpenQuery" {
		t.Errorf("a double click: posted %q; want the entry opened", got)
	}
}

// TestRelatedLoadsFromTheDemo: a navigation property of a demo row is
// read and opened (a real request, through Load).
func TestRelatedLoadsFromTheDemo(t *testing.T) {
	_, _, c := uitest.DemoClient(t, demo.Options{}, nil)
	meta, err := c.Metadata(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Page(context.Background(), odata.Query{Set: "Crm_Sales_SalesOrders", Top: 1})
	if err != nil || len(p.Rows) != 1 {
		t.Fatalf("got %v, %d rows; want a sales order", err, len(p.Rows))
	}
	env := testEnv()
	env.Ctx, env.Client, env.Meta = context.Background(), c, meta
	r := NewRelated(env, "Crm_Sales_SalesOrders", p.Rows[0], []string{"Crm_Sales_SalesOrders"})
	i := -1
	for n, e := range r.entries {
		if e.Name == "Customer" {
			i = n
		}
	}
	if i < 0 {
		t.Fatalf("entries %q; want Customer", entryNames(r))
	}
	r.cursor = i
	_, cmd := r.Update(kp("enter"))
	r.Update(cmd())
	msgs := env.Drain()
	if got := kinds(msgs); got != "screen.CloseDialog screen.OpenRows" {
		t.Fatalf("posted %q (hint %q); want screen.CloseDialog screen.OpenRows", got, r.err)
	}
	if o := msgs[1].(screen.OpenRows); o.Set != "Crm_Sales_Customers" || len(o.Rows) != 1 {
		t.Errorf("got OpenRows of %s, %d rows; want the order's customer", o.Set, len(o.Rows))
	}
}
