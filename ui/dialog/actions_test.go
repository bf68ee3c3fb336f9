package dialog

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/state"
	"github.com/odx-dev/odx/internal/uitest"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
	"github.com/odx-dev/odx/ui/styles"
)

// testNow is the clock of the test Env.
var testNow = time.Date(2026, 11, 26, 9, 15, 0, 0, time.UTC)

// testEnv is an Env with the dark styles, the default keys, a fixed clock
// and the ERP.net dialect.
func testEnv() *screen.Env {
	st := styles.New(true)
	env := screen.NewEnv(nil)
	env.Styles = &st
	env.Keys = screen.DefaultKeyMap()
	env.Now = testNow
	env.Dialect = odata.ERPNet
	return env
}

// typed is the key presses that type s.
func typed(s string) []tea.KeyPressMsg {
	var out []tea.KeyPressMsg
	for _, r := range s {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

// send gives d each key in turn: a key name for kp, or text to type when
// prefixed with ".
func send(d screen.Dialog, keys ...string) screen.Dialog {
	for _, k := range keys {
		if s, ok := strings.CutPrefix(k, `"`); ok {
			for _, m := range typed(s) {
				d, _ = d.Update(m)
			}
			continue
		}
		d, _ = d.Update(kp(k))
	}
	return d
}

// kinds names the types of msgs: "dialog.ColumnsChosen screen.CloseDialog".
func kinds(msgs []tea.Msg) string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = fmt.Sprintf("%T", m)
	}
	return strings.Join(out, " ")
}

// TestActions: each dialog posts its action, then closes itself; esc
// closes every dialog without an action.
func TestActions(t *testing.T) {
	entries := []state.HistoryEntry{{Set: "Crm_Sales_Customers", Query: "$filter=Number eq '1'&$top=5", Time: testNow}}
	dir := t.TempDir()
	tests := []struct {
		name string
		open func(env *screen.Env) screen.Dialog
		keys []string
		want []tea.Msg
	}{
		{"columns apply",
			func(env *screen.Env) screen.Dialog {
				return NewColumns(env, ColumnProps(shapeModel(t), "Crm_Sales_Customers", []string{"Id", "Number", "Name"}))
			},
			[]string{"down", "space", "enter"},
			[]tea.Msg{ColumnsChosen{Columns: []string{"Id", "Name"}, Select: []string{"Id", "Name"}}, screen.CloseDialog{Kind: KindColumns}}},
		{"expand apply",
			func(env *screen.Env) screen.Dialog {
				return NewExpand(env, NavProps(shapeModel(t), "Crm_Sales_Customers", []string{"Lines($select=Id)"}), []string{"Lines($select=Id)"})
			},
			[]string{"enter"},
			[]tea.Msg{ExpandChosen{Nav: "Party", Expand: []string{"Lines($select=Id)", "Party"}}, screen.CloseDialog{Kind: KindExpand}}},
		{"expand collapse keeps the others",
			func(env *screen.Env) screen.Dialog {
				return NewExpand(env, NavProps(shapeModel(t), "Crm_Sales_Customers", []string{"Party", "Lines($select=Id)"}), []string{"Party", "Lines($select=Id)"})
			},
			[]string{"down", "enter"},
			[]tea.Msg{ExpandChosen{Nav: "Lines", Expand: []string{"Party"}}, screen.CloseDialog{Kind: KindExpand}}},
		{"filter apply stays open",
			func(env *screen.Env) screen.Dialog { return NewFilter(env, "Number eq '1'", nil, odata.ERPNet) },
			[]string{`" `, "enter"},
			[]tea.Msg{FilterApplied{Filter: "Number eq '1'"}}},
		{"filter apply empty clears",
			func(env *screen.Env) screen.Dialog { return NewFilter(env, "", nil, odata.ERPNet) },
			[]string{"enter"},
			[]tea.Msg{FilterApplied{Filter: ""}}},
		{"go to opens the query with its $top and $skip and the saved layout",
			func(env *screen.Env) screen.Dialog { return NewGoTo(env, []string{"Crm_Sales_Customers"}) },
			[]string{`"Crm_Sales_Customers?$filter=Number eq '1'&$top=10&$skip=20`, "enter"},
			[]tea.Msg{screen.OpenQuery{Query: odata.Query{Set: "Crm_Sales_Customers", Filter: "Number eq '1'", Top: 10, Skip: 20}, Count: -1, Layout: true}, screen.CloseDialog{Kind: KindGoTo}}},
		{"go to on an empty line closes",
			func(env *screen.Env) screen.Dialog { return NewGoTo(env, nil) },
			[]string{"enter"},
			[]tea.Msg{screen.CloseDialog{Kind: KindGoTo}}},
		{"go to refused stays",
			func(env *screen.Env) screen.Dialog { return NewGoTo(env, []string{"A"}) },
			[]string{`"B`, "enter"},
			nil},
		{"history opens the query from its first page",
			func(env *screen.Env) screen.Dialog { return NewHistory(env, entries) },
			[]string{"enter"},
			[]tea.Msg{screen.OpenQuery{Query: odata.Query{Set: "Crm_Sales_Customers", Filter: "Number eq '1'"}, Count: -1}, screen.CloseDialog{Kind: KindHistory}}},
		{"export starts",
			func(env *screen.Env) screen.Dialog {
				return NewExport(env, odata.Query{Set: "Items", Filter: "A eq 1"}, 3)
			},
			[]string{"tab", "down", "ctrl+u", `"` + filepath.Join(dir, "items.json"), "enter"},
			[]tea.Msg{screen.StartExport{Query: odata.Query{Set: "Items", Filter: "A eq 1"}, Format: "json", Path: filepath.Join(dir, "items.json"), Total: 3}, screen.CloseDialog{Kind: KindExport}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := testEnv()
			d := send(tt.open(env), tt.keys...)
			if got := env.Drain(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("after %q: posted %#v; want %#v", tt.keys, got, tt.want)
			}
			// esc closes every dialog, with no action.
			send(d, "esc")
			if got, want := env.Drain(), []tea.Msg{screen.CloseDialog{Kind: d.Kind()}}; !reflect.DeepEqual(got, want) {
				t.Errorf("esc: posted %#v; want %#v", got, want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "items.json")); err == nil {
		t.Errorf("the export dialog wrote a file; want it only to ask for the export")
	}
}

// kp is a key press by name (uitest.Key).
var kp = uitest.Key
