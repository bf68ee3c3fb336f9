package odata

import (
	"encoding/json"
	"fmt"
	"hash/maphash"
	"testing"
)

func row(id string, kv ...any) Row {
	r := Row{ID: id, Values: map[string]any{}}
	for i := 0; i+1 < len(kv); i += 2 {
		k := kv[i].(string)
		r.Keys = append(r.Keys, k)
		r.Values[k] = kv[i+1]
	}
	return r
}

// TestPageHash: pages hash alike exactly when the server sent the same
// rows, and pages of fewer than two different rows are not judged.
func TestPageHash(t *testing.T) {
	a, b := row("", "Id", json.Number("1")), row("", "Id", json.Number("2"))
	base := []Row{a, b}
	withLinks := func(r Row, links map[string]string) Row { r.Links = links; return r }
	tests := []struct {
		name  string
		other []Row
		same  bool
	}{
		{"the same rows", []Row{row("", "Id", json.Number("1")), row("", "Id", json.Number("2"))}, true},
		{"another order", []Row{b, a}, false},
		{"another id", []Row{row("S(1)", "Id", json.Number("1")), b}, false},
		{"a string, not a number", []Row{row("", "Id", "1"), b}, false},
		{"a float, not a number", []Row{row("", "Id", 1.0), b}, false},
		{"another name", []Row{row("", "ID", json.Number("1")), b}, false},
		{"a row more", []Row{a, b, b}, false},
		{"a link", []Row{withLinks(a, map[string]string{"Lines": "S(1)/Lines"}), b}, false},
		{"null, not false", []Row{row("", "Id", json.Number("1"), "X", nil), row("", "Id", json.Number("2"), "X", nil)}, false},
	}
	seed := maphash.MakeSeed()
	want, judged := pageHash(seed, base)
	if !judged {
		t.Fatal("two different rows: not judged; want judged")
	}
	for _, tt := range tests {
		got, ok := pageHash(seed, tt.other)
		if !ok {
			t.Errorf("%s: not judged; want judged", tt.name)
		}
		if (got == want) != tt.same {
			t.Errorf("%s: got same hash %v; want %v", tt.name, got == want, tt.same)
		}
	}

	nested := func(order bool) Row {
		m := map[string]any{}
		if order {
			m["a"], m["b"] = json.Number("1"), []any{"x", true}
		} else {
			m["b"], m["a"] = []any{"x", true}, json.Number("1")
		}
		return row("", "Obj", m)
	}
	h1, _ := pageHash(seed, []Row{nested(true), a})
	h2, _ := pageHash(seed, []Row{nested(false), a})
	if h1 != h2 {
		t.Error("an object's members: hashes differ with the map's insertion order; want the same")
	}
	h3, _ := pageHash(seed, []Row{row("", "Obj", map[string]any{"a": json.Number("1"), "b": []any{true, "x"}}), a})
	if h1 == h3 {
		t.Error("arrays in another order: same hash; want different")
	}

	for _, rows := range [][]Row{nil, {a}, {a, a, row("", "Id", json.Number("1"))}} {
		if _, ok := pageHash(seed, rows); ok {
			t.Errorf("%d rows, one value: judged; want not judged", len(rows))
		}
	}
}

// BenchmarkPageHash: the loop check's hash of a 1,000-row page of 15
// properties (strings, numbers, a null, a nested object).
func BenchmarkPageHash(b *testing.B) {
	rows := benchRows()
	seed := maphash.MakeSeed()
	for b.Loop() {
		if _, ok := pageHash(seed, rows); !ok {
			b.Fatal("not judged")
		}
	}
}

// benchRows is a page of 1,000 rows of 15 properties (strings, numbers, a
// null, a nested object).
func benchRows() []Row {
	rows := make([]Row, 1000)
	for i := range rows {
		kv := []any{"Id", json.Number(fmt.Sprint(i)), "Number", fmt.Sprintf("SO-%06d", i), "Customer", "Customer " + fmt.Sprint(i%97),
			"Amount", json.Number("1234.50"), "Currency", "EUR", "State", "Released", "Note", nil,
			"Address", map[string]any{"City": "Sofia", "Zip": "1000"}}
		for k := range 7 {
			kv = append(kv, fmt.Sprintf("P%d", k), fmt.Sprintf("value %d of row %d", k, i))
		}
		rows[i] = row(fmt.Sprintf("S(%d)", i), kv...)
	}
	return rows
}
