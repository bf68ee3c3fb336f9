package ui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/styles"
)

// shapeCSDL is an ERP.net-like model for the query-shaping tests: a
// customer set where only Number is sortable (as on ERP.net), with a
// multi-language name, an enum, a custom attribute, a reference and a
// collection; a second set that cannot be sorted at all.
const shapeCSDL = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
<edmx:Reference Uri="https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Capabilities.V1.xml"><edmx:Include Namespace="Org.OData.Capabilities.V1" Alias="Capabilities"/></edmx:Reference>
<edmx:DataServices><Schema Namespace="Erp" xmlns="http://docs.oasis-open.org/odata/ns/edm">
<EntityType Name="Customer"><Key><PropertyRef Name="Id"/></Key>
<Property Name="Id" Type="Edm.Guid" Nullable="false"/>
<Property Name="Number" Type="Edm.String"/>
<Property Name="Name" Type="Erp.MultilanguageString"/>
<Property Name="CreditLimit" Type="Edm.Decimal"/>
<Property Name="State" Type="Erp.DocumentState"/>
<Property Name="CustomProperty_Color" Type="Edm.String"/>
<NavigationProperty Name="Party" Type="Erp.Party"/>
<NavigationProperty Name="Lines" Type="Collection(Erp.Line)"/>
</EntityType>
<EntityType Name="Party"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Guid" Nullable="false"/><Property Name="PartyName" Type="Edm.String"/></EntityType>
<EntityType Name="Line"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Guid" Nullable="false"/></EntityType>
<ComplexType Name="MultilanguageString" OpenType="true"><Property Name="EN" Type="Edm.String"/></ComplexType>
<EnumType Name="DocumentState"><Member Name="New" Value="0"/><Member Name="Released" Value="30"/></EnumType>
<EntityContainer Name="Container">
<EntitySet Name="Crm_Sales_Customers" EntityType="Erp.Customer"><Annotation Term="Org.OData.Capabilities.V1.SortRestrictions"><Record><PropertyValue Property="NonSortableProperties"><Collection><PropertyPath>Id</PropertyPath><PropertyPath>Name</PropertyPath><PropertyPath>CreditLimit</PropertyPath><PropertyPath>State</PropertyPath><PropertyPath>CustomProperty_Color</PropertyPath></Collection></PropertyValue></Record></Annotation></EntitySet>
<EntitySet Name="General_Contacts_Parties" EntityType="Erp.Party"><Annotation Term="Capabilities.SortRestrictions"><Record><PropertyValue Property="NonSortableProperties"><Collection><PropertyPath>Id</PropertyPath><PropertyPath>PartyName</PropertyPath></Collection></PropertyValue></Record></Annotation></EntitySet>
<EntitySet Name="Lines" EntityType="Erp.Line"/>
</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`

func shapeModel(t testing.TB) *odata.Model {
	t.Helper()
	m, err := odata.ParseMetadata(strings.NewReader(shapeCSDL))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// qk is a key press, kp's keys plus the editing and picking keys.
func qk(s string) tea.KeyPressMsg {
	switch s {
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "shift+up":
		return tea.KeyPressMsg{Code: tea.KeyUp, Mod: tea.ModShift}
	}
	return kp(s)
}

// typed is the key presses that type s.
func typed(s string) []tea.KeyPressMsg {
	var out []tea.KeyPressMsg
	for _, r := range s {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

func shapeStyles() *styles.Styles { st := styles.New(true); return &st }

func pickerOn(t *testing.T, keys ...string) (columnPicker, pickResult) {
	t.Helper()
	props := columnProps(shapeModel(t), "Crm_Sales_Customers", []string{"Id", "Number", "Name", "Party"})
	c := newColumnPicker(props, shapeStyles(), DefaultKeyMap())
	res := pickNone
	for _, k := range keys {
		c, res = c.update(qk(k))
	}
	return c, res
}

func TestColumnProps(t *testing.T) {
	props := columnProps(shapeModel(t), "Crm_Sales_Customers", []string{"Number", "Id", "Extra"})
	var got []string
	for _, p := range props {
		s := p.Name
		if p.Shown {
			s += "+"
		}
		if p.Key {
			s += "#"
		}
		got = append(got, s)
	}
	want := "Number+ Id+# Extra+ Name CreditLimit State CustomProperty_Color Party"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("column picker entries: got %q; want %q (shown first in their order, collections left out)", g, want)
	}
	if got := columnProps(nil, "X", []string{"A", "B"}); len(got) != 2 || !got[0].Shown || got[1].Name != "B" {
		t.Errorf("without metadata: got %+v; want the shown columns A, B", got)
	}
}

func TestColumnPickerKeys(t *testing.T) {
	tests := []struct {
		name   string
		keys   []string
		shown  string
		result pickResult
	}{
		{"nothing", nil, "Id Number Name Party", pickNone},
		{"hide Number", []string{"down", "space"}, "Id Name Party", pickNone},
		{"show CreditLimit", []string{"down", "down", "down", "down", "space", "enter"}, "Id Number Name Party CreditLimit", pickApply},
		{"key stays", []string{"space"}, "Id Number Name Party", pickNone},
		{"move Name up", []string{"down", "down", "K"}, "Id Name Number Party", pickNone},
		{"move Number down twice", []string{"down", "J", "J"}, "Id Name Party Number", pickNone},
		{"move first up does nothing", []string{"K"}, "Id Number Name Party", pickNone},
		{"shift+up moves", []string{"down", "down", "shift+up"}, "Id Name Number Party", pickNone},
		{"cancel", []string{"down", "space", "esc"}, "Id Name Party", pickCancel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, res := pickerOn(t, tt.keys...)
			if got := strings.Join(c.shown(), " "); got != tt.shown || res != tt.result {
				t.Errorf("after %v: shown %q, result %d; want %q, %d", tt.keys, got, res, tt.shown, tt.result)
			}
		})
	}
}

func TestColumnPickerNotices(t *testing.T) {
	c, _ := pickerOn(t, "space")
	if v := ansi.Strip(c.view(80, 12)); !strings.Contains(v, "Id is the key: it is always shown.") {
		t.Errorf("space on the key: view %q; want the notice that the key is always shown", v)
	}
	c, _ = pickerOn(t, "down", "space", "down", "space", "down", "space")
	c, _ = c.update(qk("down"))
	if got := strings.Join(c.shown(), " "); got != "Id" {
		t.Fatalf("shown after hiding three: %q; want Id", got)
	}
	// The list never loses its last column: here the key keeps one shown.
	c2 := newColumnPicker([]pickProp{{Name: "A", Shown: true}}, shapeStyles(), DefaultKeyMap())
	c2, _ = c2.update(qk("space"))
	if got := c2.shown(); len(got) != 1 || !strings.Contains(ansi.Strip(c2.view(80, 5)), "At least one column stays shown.") {
		t.Errorf("hiding the only column: shown %v; want it kept, with a notice", got)
	}
}

func TestColumnPickerScrolls(t *testing.T) {
	var props []pickProp
	for i := range 30 {
		props = append(props, pickProp{Name: "P" + strings.Repeat("x", i%3) + string(rune('A'+i%26)), Shown: true})
	}
	c := newColumnPicker(props, shapeStyles(), DefaultKeyMap())
	for range 20 {
		c, _ = c.update(qk("down"))
	}
	v := ansi.Strip(c.view(40, 8))
	if lines := strings.Split(v, "\n"); len(lines) != 8 {
		t.Errorf("view at height 8 has %d lines; want 8:\n%s", len(lines), v)
	}
	if !strings.Contains(v, "› [x] "+props[20].Name) {
		t.Errorf("after 20 downs the cursor's line %q is not in view:\n%s", props[20].Name, v)
	}
}

func TestColumnPickerGolden(t *testing.T) {
	c, _ := pickerOn(t, "down", "space", "down", "down", "down", "down")
	golden.RequireEqual(t, []byte(ansi.Strip(c.view(80, 12))))
}

func TestNavPicker(t *testing.T) {
	m := shapeModel(t)
	props := navProps(m, "Crm_Sales_Customers", []string{"Lines($select=Id)"})
	if len(props) != 2 || props[0].Name != "Party" || props[0].Shown || !props[1].Collection || !props[1].Shown {
		t.Fatalf("nav props: %+v; want Party (single, not expanded), Lines (collection, expanded)", props)
	}
	n := newNavPicker(props, shapeStyles(), DefaultKeyMap())
	n, res := n.update(qk("down"))
	if res != pickNone || n.choice() != "Lines" {
		t.Errorf("after down: result %d, choice %q; want none, Lines", res, n.choice())
	}
	if _, res = n.update(qk("enter")); res != pickApply {
		t.Errorf("enter: result %d; want apply", res)
	}
	if _, res = n.update(qk("esc")); res != pickCancel {
		t.Errorf("esc: result %d; want cancel", res)
	}
	v := ansi.Strip(n.view(80, 6))
	for _, want := range []string{"[ ] Party", "→ Party", "[x] Lines", "→ [Line] collection", "enter expand/collapse"} {
		if !strings.Contains(v, want) {
			t.Errorf("expand picker view lacks %q:\n%s", want, v)
		}
	}
	if got := navProps(nil, "X", nil); got != nil {
		t.Errorf("navProps without metadata: %v; want nil", got)
	}
}

func TestToggleExpand(t *testing.T) {
	tests := []struct {
		in   []string
		nav  string
		want []string
	}{
		{nil, "Lines", []string{"Lines"}},
		{[]string{"Party"}, "Lines", []string{"Party", "Lines"}},
		{[]string{"Lines($select=Id,Product)", "Party"}, "Lines", []string{"Party"}},
		{[]string{"Lines/$ref"}, "Lines", nil},
		{[]string{"LinesX"}, "Lines", []string{"LinesX", "Lines"}},
	}
	for _, tt := range tests {
		if got := toggleExpand(tt.in, tt.nav); !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
			t.Errorf("toggleExpand(%q, %q) = %q; want %q", tt.in, tt.nav, got, tt.want)
		}
	}
}

func TestSelectFor(t *testing.T) {
	all := columnProps(shapeModel(t), "Crm_Sales_Customers", nil)
	defaults := []string{"Id", "Number", "Name", "CreditLimit", "State", "Party"}
	tests := []struct {
		name  string
		shown []string
		erp   bool
		want  string
	}{
		{"erp every default", defaults, true, ""},
		{"erp every default reordered", []string{"Party", "State", "Id", "CreditLimit", "Name", "Number"}, true, ""},
		{"erp default without the key", defaults[1:], true, ""},
		{"erp defaults plus custom", append(slices.Clone(defaults), "CustomProperty_Color"), true, "default,CustomProperty_Color"},
		{"erp hide one", []string{"Id", "Number", "Name", "Party"}, true, "Id,Number,Name,Party"},
		{"erp hide one, custom shown", []string{"Number", "CustomProperty_Color"}, true, "Id,Number,CustomProperty_Color"},
		{"generic every property", []string{"Id", "Number", "Name", "CreditLimit", "State", "CustomProperty_Color"}, false, ""},
		{"generic references are not selected", []string{"Id", "Number", "Name", "CreditLimit", "State", "CustomProperty_Color", "Party"}, false, ""},
		{"generic hide one", []string{"Number", "Party", "Name"}, false, "Id,Number,Name"},
		{"unknown column kept", []string{"Number", "Extra"}, true, "Id,Number,Extra"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := selectFor(all, tt.shown, tt.erp)
			if strings.Join(got, ",") != tt.want || (tt.want == "" && got != nil) {
				t.Errorf("selectFor(%q, erp=%v) = %q; want %q", tt.shown, tt.erp, got, tt.want)
			}
		})
	}
}

// TestColumnPickerToSelect is the flow the root follows on enter: the
// picker's columns become the $select to send.
func TestColumnPickerToSelect(t *testing.T) {
	props := columnProps(shapeModel(t), "Crm_Sales_Customers", []string{"Id", "Number", "Name", "CreditLimit", "State", "Party"})
	c := newColumnPicker(props, shapeStyles(), DefaultKeyMap())
	if got := selectFor(c.all(), c.shown(), true); got != nil {
		t.Errorf("every default shown: $select %q; want none", got)
	}
	for _, k := range []string{"down", "down", "space", "enter"} { // hide Name
		c, _ = c.update(qk(k))
	}
	if got := strings.Join(selectFor(c.all(), c.shown(), true), ","); got != "Id,Number,CreditLimit,State,Party" {
		t.Errorf("Name hidden: $select %q; want Id,Number,CreditLimit,State,Party", got)
	}
}
