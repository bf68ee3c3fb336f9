package browse

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/internal/uitest"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

func TestCopyCmdSetsClipboard(t *testing.T) {
	msg := copyCmd("hello")()
	if got := fmt.Sprint(msg); got != "hello" || fmt.Sprintf("%T", msg) != "tea.setClipboardMsg" {
		t.Errorf("got %T %q; want the clipboard message for hello", msg, got)
	}
}

// TestCurlNeverHoldsToken builds the command of a query on a live demo
// session: neither the token nor the secret appears in it.
func TestCurlNeverHoldsToken(t *testing.T) {
	srv, src, c := demoClient(t, demo.Options{}, nil)
	q := odata.Query{Set: "Crm_Sales_Customers", Filter: "contains(Name,'x')"}
	if _, err := c.Count(context.Background(), q); err != nil {
		t.Fatal(err)
	}
	tok, err := src.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	u, _ := c.URL(q)
	cmd := screen.CurlCommand(u, c.Header)
	if strings.Contains(cmd, tok.AccessToken) || strings.Contains(cmd, srv.ClientSecret()) || strings.Contains(cmd, tok.AccessToken[len(tok.AccessToken)-12:]) {
		t.Errorf("curl command holds the token or secret: %s", cmd)
	}
	if !strings.Contains(cmd, "$ODX_TOKEN") || curlNotice != "copied request as curl (token as $ODX_TOKEN)" {
		t.Errorf("command %s: want $ODX_TOKEN in place of the token", cmd)
	}
}

// demoClient is a demo instance with a token source and a client on it.
var demoClient = uitest.DemoClient
