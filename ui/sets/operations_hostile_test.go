package sets

import (
	"testing"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// TestHostileOperationNames: singleton and function names from a hostile
// service document or $metadata (an escape, a bidi override) never reach
// the terminal raw: not in the list, not in the notice of the call.
func TestHostileOperationNames(t *testing.T) {
	c, _ := opsService(t)
	const bad = "\x1b]0;pwned\x07\u202eX"
	base := testEnv(c)
	var status screen.Status
	env := screen.NewEnv(&status)
	env.Ctx, env.Client, env.Styles, env.Keys, env.Now = base.Ctx, base.Client, base.Styles, base.Keys, base.Now
	env.Profile, env.Instance, env.Language, env.PageSize = base.Profile, base.Instance, base.Language, base.PageSize
	env.Dialect = odata.GenericV4
	m := New(env)
	m.SetSize(80, 21)
	_ = m.Init()
	m.Update(setsLoadedMsg{seq: m.seq, sets: []odata.Resource{
		{Name: "Me" + bad, Kind: odata.KindSingleton},
		{Name: "Fn" + bad, Kind: odata.KindFunctionImport},
	}})
	m.stopCount()
	env.Drain()
	if b := termtext.UnsafeStyled(m.View()); b != "" {
		t.Errorf("the list: got %s; want only styles", b)
	}
	for range 2 {
		press(m, "enter")
		if b := termtext.UnsafeStyled(status.View(env.Styles)); b != "" {
			t.Errorf("the notice: got %s; want only styles", b)
		}
		if b := termtext.UnsafeStyled(m.Status()); b != "" {
			t.Errorf("the status: got %s; want only styles", b)
		}
		m.stopOpen()
		press(m, "down")
	}
}
