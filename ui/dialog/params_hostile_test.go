package dialog

import (
	"strings"
	"testing"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
)

// TestParamsHostileMetadata: a function's parameter names and types come
// from the server's $metadata. A type holding an escape never reaches the
// terminal raw (the placeholder), and a name holding URL or OData syntax
// never adds a parameter or a query option to the call.
func TestParamsHostileMetadata(t *testing.T) {
	env := testEnv()
	env.Dialect = odata.GenericV4
	params := []Param{{Name: "n", Type: "S.E\x1b]0;pwned\x07", Nullable: true}}
	out := NewParams(env, "F", params).View("", 80, 10)
	if bad := termtext.UnsafeStyled(out); bad != "" {
		t.Errorf("the form with a hostile type: got %s; want only styles", bad)
	}
	for _, tt := range []struct {
		d        odata.Dialect
		name     string
		injected string
	}{
		{odata.GenericV4, "a=1,b", "a=1,b="},
		{odata.GenericV4, "a)/Other(", ")/Other("},
		{odata.V2, "a=1&$filter", "&$filter="},
		{odata.V2, "a=1&$format", "&$format"},
	} {
		path, err := FunctionPath("F", []Param{{Name: tt.name, Type: "Edm.Int32"}}, []string{"2"}, tt.d)
		if err == nil && strings.Contains(path, tt.injected) {
			t.Errorf("%s parameter %q: got path %q; want the name escaped or refused", tt.d.Name, tt.name, path)
		}
	}
}
