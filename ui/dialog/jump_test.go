package dialog

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestJump: the jump line matches names and labels as they are typed; tab
// picks the next match; enter posts ColumnJump and closes; esc only closes.
func TestJump(t *testing.T) {
	cols := salesOrderProps()
	cols[5].Label = "Gross total"
	tests := []struct {
		name   string
		keys   []string
		posted string
		jump   string
	}{
		{"best match", []string{`"cust`, "enter"}, "dialog.ColumnJump screen.CloseDialog", "Customer"},
		{"camel word", []string{`"am`, "enter"}, "dialog.ColumnJump screen.CloseDialog", "TotalAmount"},
		{"label", []string{`"gross`, "enter"}, "dialog.ColumnJump screen.CloseDialog", "TotalAmount"},
		{"tab picks the next", []string{`"cust`, "tab", "enter"}, "dialog.ColumnJump screen.CloseDialog", "CustomerDiscount"},
		{"no match stays", []string{`"zzz`, "enter"}, "", ""},
		{"empty closes", []string{"enter"}, closed, ""},
		{"esc", []string{`"cust`, "esc"}, closed, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := testEnv()
			send(NewJump(env, cols), tt.keys...)
			msgs := env.Drain()
			jump := ""
			if len(msgs) > 0 {
				if j, ok := msgs[0].(ColumnJump); ok {
					jump = j.Name
				}
			}
			if got := kinds(msgs); got != tt.posted || jump != tt.jump {
				t.Errorf("after %v: posted %q (jump %q); want %q (%q)", tt.keys, got, jump, tt.posted, tt.jump)
			}
		})
	}
}

func TestJumpView(t *testing.T) {
	env := testEnv()
	j := send(NewJump(env, salesOrderProps()), `"date`).(*Jump)
	v := ansi.Strip(j.View("a\nb\nc\nd", 80, 4))
	lines := strings.Split(v, "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[2], "column: date") ||
		!strings.HasPrefix(lines[3], "enter: DueDate · DocumentDate · ReferenceDate") {
		t.Errorf("view = %q; want the body, then the line and its matches, best first", v)
	}
	send(j, "backspace", "backspace", "backspace", "backspace", `"qqq`)
	if v := ansi.Strip(j.View("", 80, 2)); !strings.Contains(v, `no column matches "qqq"`) {
		t.Errorf("view = %q; want that no column matches", v)
	}
	if h := helpText(j.Help().ShortHelp()...); h != "tab complete · enter apply · esc back/cancel" {
		t.Errorf("help = %q", h)
	}
}
