package dialog

import (
	"testing"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
)

// TestFilterHostileNames: property names and types from a hostile
// $metadata (an escape, a line break, a bidi override) never reach the
// terminal raw: not in the placeholder, the hint of a property, the
// completion cycle or the check of a filter.
func TestFilterHostileNames(t *testing.T) {
	const bad = "N\x1b]0;pwned\x07\n\u202eX"
	props := []Prop{{Name: bad, Type: "Edm.String"}, {Name: "Other" + bad, Type: "S.T\x1b[2J"}, {Name: "Num", Type: "Edm.Int32"}}
	for _, d := range []odata.Dialect{odata.GenericV4, odata.V2, odata.ERPNet} {
		f := NewFilter(testEnv(), "", props, d)
		views := map[string]string{"empty": f.View("", 80, 5)}
		editKeys(f, `"N`, "tab")
		views["completion"] = f.View("", 80, 5)
		f = NewFilter(testEnv(), bad, props, d)
		views["property hint"] = f.View("", 80, 5)
		f = NewFilter(testEnv(), "", props, d)
		f.SetError(f.check(bad + " gt 1"))
		views["check"] = f.View("", 80, 5)
		for what, v := range views {
			if b := termtext.UnsafeStyled(v); b != "" {
				t.Errorf("%s, %s: got %s; want only styles", d.Name, what, b)
			}
		}
	}
}
