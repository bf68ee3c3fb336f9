package dialog

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/odata"
)

func TestFunctionPath(t *testing.T) {
	params := []Param{{Name: "n", Type: "Edm.Int32"}, {Name: "name", Type: "Edm.String"}, {Name: "id", Type: "Edm.Guid", Nullable: true}}
	for _, tc := range []struct {
		name    string
		params  []Param
		values  []string
		d       odata.Dialect
		want    string
		wantErr string
	}{
		{"no parameters", nil, nil, odata.GenericV4, "WhoAmI()", ""},
		{"v4 literals", params, []string{"5", "O'Neil & Co/1 #2", "9f8e7d6c-0000-4000-8000-000000000001"}, odata.GenericV4,
			"F(n=5,name='O''Neil%20%26%20Co%2F1%20%232',id=9f8e7d6c-0000-4000-8000-000000000001)", ""},
		{"nullable empty is null", params, []string{"5", "", ""}, odata.GenericV4, "F(n=5,name='',id=null)", ""},
		{"v2 query options", params, []string{"5", "a", "9f8e7d6c-0000-4000-8000-000000000001"}, odata.V2,
			"F?n=5&name='a'&id=guid'9f8e7d6c-0000-4000-8000-000000000001'", ""},
		{"v2 without parameters", nil, nil, odata.V2, "WhoAmI", ""},
		{"non-ASCII", []Param{{Name: "city", Type: "Edm.String"}}, []string{"Пловдив"}, odata.GenericV4, "F(city='%D0%9F%D0%BB%D0%BE%D0%B2%D0%B4%D0%B8%D0%B2')", ""},
		{"missing value", params, []string{"", "a", ""}, odata.GenericV4, "", "n needs a value (Int32)"},
		{"wrong type", params, []string{"five", "a", ""}, odata.GenericV4, "", "n:"},
		{"bad guid", params, []string{"1", "a", "nope"}, odata.GenericV4, "", "id:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fn := "F"
			if tc.params == nil {
				fn = "WhoAmI"
			}
			got, err := FunctionPath(fn, tc.params, tc.values, tc.d)
			if tc.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.wantErr) {
					t.Errorf("got %q, %v; want an error starting %q", got, err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestParamsForm(t *testing.T) {
	env := testEnv()
	env.Dialect = odata.GenericV4
	params := []Param{{Name: "n", Type: "Edm.Int32"}, {Name: "kind", Type: "Edm.String"}}
	d := send(NewParams(env, "Top", params), `"x`, "tab", `"big`, "enter")
	if kinds(env.Drain()) != "" {
		t.Fatalf("enter with n = x posted; want the form open")
	}
	p := d.(*Params)
	if !strings.HasPrefix(p.Err(), "n:") || p.focus != 0 {
		t.Errorf("error %q, focus %d; want the error about n, n focused", p.Err(), p.focus)
	}
	out := ansi.Strip(p.View("", 80, 10))
	for _, want := range []string{"Top(…)", "› n", "  kind", "big"} {
		if !strings.Contains(out, want) {
			t.Errorf("the form:\n%s\nwant %q in it", out, want)
		}
	}
	send(d, "backspace", `"7`, "enter")
	msgs := env.Drain()
	if kinds(msgs) != "dialog.FunctionCall screen.CloseDialog" {
		t.Fatalf("enter with n = 7 posted %q; want the call, then close", kinds(msgs))
	}
	if c := msgs[0].(FunctionCall); c.Name != "Top" || c.Path != "Top(n=7,kind='big')" {
		t.Errorf("call %+v; want Top(n=7,kind='big')", c)
	}
	send(NewParams(env, "Top", params), "esc")
	if kinds(env.Drain()) != "screen.CloseDialog" {
		t.Errorf("esc did not close the form")
	}
}
