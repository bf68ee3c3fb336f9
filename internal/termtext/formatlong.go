package termtext

import (
	"strings"
)

// The long form of a value, for the record view: nested objects indented,
// arrays as items, text lines kept.

// longLines is FormatValueLong as lines.
func longLines(v any, edmType, lang string) []string {
	switch x := v.(type) {
	case string:
		if isDateTimeType(edmType) || (edmType == "" && looksLikeDateTime(x)) {
			if s, ok := formatDateTime(x, true); ok {
				return []string{s}
			}
		}
		return textLines(x)
	case []any:
		if len(x) == 0 {
			return []string{"[]"}
		}
		var out []string
		for _, item := range x {
			out = appendBlock(out, "- ", "  ", longLines(item, "", lang))
		}
		return out
	case map[string]any:
		return objectLines(x, lang)
	}
	return []string{formatShort(v, edmType, lang, 0)}
}

func objectLines(m map[string]any, lang string) []string {
	var out []string
	switch Classify(m) {
	case ShapeLanguages:
		code, text := PickLanguage(m, lang)
		others := 0
		for _, k := range memberNames(m) {
			if s, _ := m[k].(string); s != "" && k != code {
				others++
			}
		}
		if others == 0 {
			return textLines(text)
		}
		out = appendBlock(out, Sanitize(code)+": ", "  ", textLines(text))
		for _, k := range memberNames(m) {
			if s, _ := m[k].(string); s != "" && k != code {
				out = appendBlock(out, Sanitize(k)+": ", "  ", textLines(s))
			}
		}
		return out
	case ShapeAmount, ShapeQuantity, ShapeCustom:
		return []string{formatObject(m, lang, 0)}
	case ShapeReference:
		id, _ := m["@odata.id"].(string)
		out = append(out, Sanitize(id))
	}
	keys := memberNames(m)
	if len(keys) == 0 && len(out) == 0 {
		return []string{"{}"}
	}
	for _, k := range keys {
		name := Sanitize(k) + ":"
		lines := longLines(m[k], "", lang)
		if len(lines) == 1 && !isContainer(m[k]) {
			if lines[0] != "" {
				name += " " + lines[0]
			}
			out = append(out, name)
			continue
		}
		out = append(out, name)
		out = appendBlock(out, "  ", "  ", lines)
	}
	return out
}

// isContainer reports whether a value is shown as a block of its own lines
// in the long form.
func isContainer(v any) bool {
	switch x := v.(type) {
	case []any:
		return len(x) > 0
	case map[string]any:
		s := Classify(x)
		return s == ShapePlain && len(memberNames(x)) > 0 || s == ShapeReference
	}
	return false
}

// appendBlock appends lines, the first prefixed by first, the rest by rest.
func appendBlock(out []string, first, rest string, lines []string) []string {
	for i, l := range lines {
		if i == 0 {
			out = append(out, first+l)
		} else {
			out = append(out, rest+l)
		}
	}
	return out
}

// textLines splits a string at its line breaks (LF, CR LF, U+2028,
// U+2029) and sanitises each line.
func textLines(s string) []string {
	s = strings.NewReplacer("\r\n", "\n", "\u2028", "\n", "\u2029", "\n").Replace(s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Sanitize(l)
	}
	return lines
}
