package profile

import (
	"strings"
	"testing"

	"github.com/odx-dev/odx/odata"
)

// TestClauseHostileValues: a value a hostile server sent as a profile's
// or a group's key becomes one comparison of the column, or an error; it
// never adds a clause of its own to the filter (or breaks out of it).
func TestClauseHostileValues(t *testing.T) {
	const inject = "x' or true or Id eq 'y"
	for _, tt := range []struct {
		col Column
		raw any
	}{
		{Column{Name: "S", Type: "Edm.String"}, inject},
		{Column{Name: "N", Type: "Edm.Int32"}, "1 or true"},
		{Column{Name: "D", Type: "Edm.Decimal"}, "1) or (true"},
		{Column{Name: "G", Type: "Edm.Guid"}, "00000000-0000-0000-0000-000000000000 or true"},
		{Column{Name: "T", Type: "Edm.DateTimeOffset"}, "2024-01-01T00:00:00Z or true"},
		{Column{Name: "B", Type: "Edm.Boolean"}, "true or true"},
		{Column{Name: "E", Type: "S.State"}, "Open' or true or E eq S.State'Open"},
		{Column{Name: "R", Type: "S.T", Ref: true}, map[string]any{"@odata.id": "T(" + inject + ")"}},
	} {
		for _, d := range []odata.Dialect{odata.GenericV4, odata.V2, odata.ERPNet} {
			got, err := Clause(d, nil, "Set", tt.col, tt.raw)
			if err != nil {
				continue
			}
			if rest, ok := strings.CutPrefix(got, tt.col.Name+" eq "); !ok || outsideQuotes(rest, " or ") {
				t.Errorf("%s %s = %q: got %q; want one comparison", d.Name, tt.col.Type, tt.raw, got)
			}
		}
	}
}

// outsideQuotes reports whether s holds sub outside its '…' literals.
func outsideQuotes(s, sub string) bool {
	var out strings.Builder
	in := false
	for _, r := range s {
		if r == '\'' {
			in = !in // '' inside a literal toggles twice
			continue
		}
		if !in {
			out.WriteRune(r)
		}
	}
	return strings.Contains(out.String(), sub)
}
