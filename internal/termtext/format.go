package termtext

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Kind says how a formatted value reads: the grid dims nulls and
// right-aligns numbers.
type Kind int

// The kinds of values.
const (
	KindNull      Kind = iota // JSON null or a missing property
	KindBool                  // true or false
	KindNumber                // a number, or an amount or quantity (a number with a unit)
	KindText                  // a string (dates and GUIDs included) or a multi-language text
	KindReference             // an object with @odata.id: a link to another entity
	KindObject                // any other object
	KindArray                 // a JSON array
)

// ValueKind returns the kind of a value decoded with json.Decoder.UseNumber.
// edmType is the property's type from $metadata ("Edm.Decimal", …) or "".
func ValueKind(v any, edmType string) Kind {
	switch x := v.(type) {
	case nil:
		return KindNull
	case bool:
		return KindBool
	case json.Number, float64, float32, int, int64, int32:
		return KindNumber
	case string:
		if IsNumericType(edmType) {
			return KindNumber
		}
		return KindText
	case []any:
		return KindArray
	case map[string]any:
		switch Classify(x) {
		case ShapeAmount, ShapeQuantity:
			return KindNumber
		case ShapeLanguages:
			return KindText
		case ShapeCustom:
			if x["Value"] == nil {
				if x["Description"] == nil {
					return KindNull
				}
				return KindText
			}
			return ValueKind(x["Value"], "")
		case ShapeReference:
			return KindReference
		}
		return KindObject
	}
	return KindText
}

// FormatValue returns a value as one line for the grid. The value is one
// decoded with json.Decoder.UseNumber: nil, bool, string, json.Number,
// map[string]any or []any. edmType is the property's type from $metadata
// or ""; lang is the user's language for multi-language texts ("" means EN).
//
// The rules, most specific first:
//
//   - null is "" (ask ValueKind for KindNull to show it dim);
//   - booleans are true and false; numbers are as received, every digit kept;
//   - Edm.DateTimeOffset strings (or any RFC 3339 string when the type is not
//     known) read 2024-01-31 10:00 in the offset they came with; a UTC
//     midnight is just the date, seconds show only when not zero, fractions
//     and other offsets (" +02:00") only when present;
//   - a multi-language text {"EN":…,"BG":…} shows lang, else EN, else the
//     first language present in alphabetical order, matched case-insensitively;
//   - an amount {"Value":1234.5,"Currency":"EUR"} reads 1,234.50 EUR
//     (thousands grouped with commas, at least two decimals, never rounded);
//     a quantity {"Value":5,"Unit":"PCS"} reads 5 PCS;
//   - a custom property {"Value":…,"ValueId":…,"Description":…} shows Value;
//   - a reference {"@odata.id":"Set(key)"} shows its key, a GUID shortened
//     to its first 8 digits and "…"; an expanded reference shows its most
//     readable member (DocumentNo, Number, Code, Name, …), else the key;
//   - an array reads [3 items]; another object {a: 1, b: x} (members sorted,
//     at most 6 shown, nested objects as {…}).
//
// The result is sanitised (see Sanitize) and holds no line break.
func FormatValue(v any, edmType, lang string) string {
	return formatShort(v, edmType, lang, 0)
}

// FormatValueLong returns a value as one or more lines for the record view.
// Scalars read as in FormatValue, except that line breaks inside strings are
// kept and dates keep seconds, fractions and their zone ("UTC"). A
// multi-language text with several translations lists each as "EN: …", the
// chosen language first. Objects list their members as "name: value", one a
// line, sorted; a member whose value needs several lines is followed by
// those lines indented by two spaces. Arrays list items as "- item". A
// reference starts with its @odata.id. Every line is sanitised; lines are
// joined by "\n" with no trailing newline.
func FormatValueLong(v any, edmType, lang string) string {
	return strings.Join(longLines(v, edmType, lang), "\n")
}

// Shape is what an object stands for.
type Shape int

const (
	ShapePlain Shape = iota
	ShapeLanguages
	ShapeAmount
	ShapeQuantity
	ShapeCustom
	ShapeReference
)

// Classify tells the ERP.net complex types apart by their members.
// Annotations (members whose names contain '@') are not members, except
// @odata.id, which makes the object a reference.
func Classify(m map[string]any) Shape {
	if _, ok := m["@odata.id"]; ok {
		return ShapeReference
	}
	n, langs, strs := 0, 0, 0
	for k, v := range m {
		if strings.IndexByte(k, '@') >= 0 {
			continue
		}
		n++
		if isLangCode(k) {
			langs++
		}
		if _, ok := v.(string); ok || v == nil {
			strs++
		}
	}
	_, hasValue := m["Value"]
	switch {
	case n == 0:
		return ShapePlain
	case n == 2 && hasValue && has(m, "Currency"):
		return ShapeAmount
	case n == 2 && hasValue && has(m, "Unit"):
		return ShapeQuantity
	case hasValue && n <= 3 && (has(m, "ValueId") || has(m, "Description")) &&
		n == 1+count(m, "ValueId", "Description"):
		return ShapeCustom
	case langs == n && strs == n:
		return ShapeLanguages
	}
	return ShapePlain
}

func has(m map[string]any, k string) bool { _, ok := m[k]; return ok }

func count(m map[string]any, keys ...string) int {
	n := 0
	for _, k := range keys {
		if has(m, k) {
			n++
		}
	}
	return n
}

// isLangCode reports whether k looks like a language code: 2 or 3 letters.
func isLangCode(k string) bool {
	if len(k) < 2 || len(k) > 3 {
		return false
	}
	for i := 0; i < len(k); i++ {
		if c := k[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func IsNumericType(t string) bool {
	switch t {
	case "Edm.Decimal", "Edm.Double", "Edm.Single", "Edm.Int64", "Edm.Int32", "Edm.Int16", "Edm.Byte", "Edm.SByte":
		return true
	}
	return false
}

// maxSummary is how many members an object summary shows.
const maxSummary = 6

func formatShort(v any, edmType, lang string, depth int) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		if x {
			return "true"
		}
		return "false"
	case json.Number:
		return Sanitize(string(x))
	case string:
		if isDateTimeType(edmType) || (edmType == "" && looksLikeDateTime(x)) {
			if s, ok := formatDateTime(x, false); ok {
				return s
			}
		}
		if edmType == "Edm.Time" || edmType == "Edm.TimeOfDay" {
			if s, ok := formatTimeOfDay(x); ok {
				return s
			}
		}
		return Sanitize(x)
	case float64:
		return formatFloat(x)
	case []any:
		return itemCount(len(x))
	case map[string]any:
		return formatObject(x, lang, depth)
	}
	return Sanitize(fmt.Sprint(v))
}

func itemCount(n int) string {
	switch n {
	case 0:
		return "[]"
	case 1:
		return "[1 item]"
	}
	return "[" + strconv.Itoa(n) + " items]"
}

func formatFloat(f float64) string {
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func formatObject(m map[string]any, lang string, depth int) string {
	switch Classify(m) {
	case ShapeLanguages:
		_, text := PickLanguage(m, lang)
		return Sanitize(text)
	case ShapeAmount:
		return joinUnit(formatDecimal(m["Value"], 2), formatShort(m["Currency"], "", lang, depth+1))
	case ShapeQuantity:
		return joinUnit(formatDecimal(m["Value"], 0), formatShort(m["Unit"], "", lang, depth+1))
	case ShapeCustom:
		if m["Value"] == nil {
			return formatShort(m["Description"], "", lang, depth+1)
		}
		return formatShort(m["Value"], "", lang, depth+1)
	case ShapeReference:
		for _, k := range readableMembers {
			if s := formatShort(m[k], "", lang, depth+1); s != "" {
				return s
			}
		}
		id, _ := m["@odata.id"].(string)
		return Sanitize(shortKey(id))
	}
	if depth > 0 {
		return "{…}"
	}
	keys := memberNames(m)
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range keys {
		if i == maxSummary {
			b.WriteString(", …")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(Sanitize(k))
		b.WriteString(": ")
		b.WriteString(formatShort(m[k], "", lang, depth+1))
	}
	b.WriteByte('}')
	return b.String()
}

// readableMembers are the members that name an expanded entity, best first.
var readableMembers = []string{"DocumentNo", "Number", "Code", "PartyCode", "Name", "PartyName", "FullName", "Title", "Description"}

func joinUnit(value, unit string) string {
	if unit == "" {
		return value
	}
	return value + " " + unit
}

// memberNames returns the object's members without annotations, sorted.
func memberNames(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		if strings.IndexByte(k, '@') < 0 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// PickLanguage returns the language code and text to show from a
// multi-language object: lang, else EN, else the first language in
// alphabetical order that has a text. Codes match case-insensitively.
func PickLanguage(m map[string]any, lang string) (code, text string) {
	if lang == "" {
		lang = "EN"
	}
	for _, want := range []string{lang, "EN"} {
		for k, v := range m {
			if s, ok := v.(string); ok && s != "" && strings.EqualFold(k, want) {
				return k, s
			}
		}
	}
	for _, k := range memberNames(m) {
		if s, ok := m[k].(string); ok && s != "" {
			return k, s
		}
	}
	return "", ""
}
