package uitest

import (
	"context"
	"testing"

	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/odata"
)

func TestKey(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{{"enter", "enter"}, {"shift+tab", "shift+tab"}, {"ctrl+n", "ctrl+n"}, {"q", "q"}, {"Я", "Я"}, {"space", "space"}}
	for _, tt := range tests {
		if got := Key(tt.in).String(); got != tt.want {
			t.Errorf("Key(%q).String() = %q; want %q", tt.in, got, tt.want)
		}
	}
	if k := Key("/"); k.Code != '/' || k.Text != "/" || k.Mod != 0 {
		t.Errorf("Key(\"/\") = %+v; want the rune and its text", k)
	}
}

func TestDemoClient(t *testing.T) {
	_, src, c := DemoClient(t, demo.Options{}, nil)
	if _, err := c.Count(context.Background(), odata.Query{Set: "Crm_Sales_Customers"}); err != nil {
		t.Fatal(err)
	}
	if src.Stats().TokensFetched != 1 {
		t.Errorf("tokens fetched %d; want 1", src.Stats().TokensFetched)
	}
}
