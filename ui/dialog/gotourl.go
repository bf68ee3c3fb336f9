package dialog

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/odx-dev/odx/odata"
)

// ParseGoTo reads a go-to line: a resource path relative to the service root
// ("Crm_Sales_Customers", "People('alice')/Trips") and optionally "?" and a
// query string. System options ($filter, $search, $select, $orderby,
// $expand, $top, $skip, $count; names ignore case) fill the Query's fields,
// lists split at commas outside parentheses and quotes; other parameters go
// to Params. The line is read as typed, not as a browser reads a URL:
//
//   - parameters are split at "&" outside single-quoted strings, so
//     $filter=Name eq 'A&B' keeps its "&" (when a quote is left open, at every "&");
//   - percent-escapes are decoded (%26 is a literal "&"); a "%" not followed
//     by two hex digits stays as it is;
//   - "+" is a plus sign, not a space, and "#" is text, not a fragment.
//
// An absolute URL is refused: ParseGoToUnder reads one under the service
// root. An error is one sentence that says what to change.
func ParseGoTo(input string) (odata.Query, error) {
	s := strings.TrimSpace(input)
	path, raw, _ := strings.Cut(s, "?")
	if strings.Contains(path, "://") {
		return odata.Query{}, errors.New("type the part after the service root (Set?$filter=…), not the whole URL")
	}
	set := unescapeLenient(strings.TrimPrefix(path, "/"))
	if strings.TrimSpace(set) == "" {
		return odata.Query{}, errors.New("type a set name first, such as Crm_Sales_Customers")
	}
	if strings.IndexFunc(set, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
		return odata.Query{}, errors.New("the set name holds control characters; type it again")
	}
	for seg := range strings.SplitSeq(set, "/") {
		if seg == "." || seg == ".." {
			return odata.Query{}, errors.New("the path must not contain . or .. segments; start from a set name")
		}
	}
	q := odata.Query{Set: set}
	seen := map[string]bool{}
	for _, part := range splitOutsideQuotes(raw, '&', false) {
		if part == "" {
			continue
		}
		rawName, rawValue, hasValue := strings.Cut(part, "=")
		name, value := unescapeLenient(rawName), unescapeLenient(rawValue)
		if name == "" {
			continue
		}
		lname := strings.ToLower(name)
		system := slices.Contains([]string{"$filter", "$search", "$select", "$orderby", "$expand", "$top", "$skip", "$count"}, lname)
		if !system {
			if q.Params == nil {
				q.Params = url.Values{}
			}
			q.Params.Add(name, value)
			continue
		}
		if seen[lname] {
			return odata.Query{}, fmt.Errorf("%s is given twice; keep one", lname)
		}
		seen[lname] = true
		if !hasValue {
			return odata.Query{}, fmt.Errorf("%s needs a value after =, such as %s", lname, optionExample(lname))
		}
		switch lname {
		case "$filter":
			q.Filter = strings.TrimSpace(value)
		case "$search":
			q.Search = strings.TrimSpace(value)
		case "$select":
			q.Select = splitList(value)
		case "$orderby":
			q.OrderBy = splitList(value)
		case "$expand":
			q.Expand = splitList(value)
		case "$top", "$skip":
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 0 {
				return odata.Query{}, fmt.Errorf("%s must be a whole number, such as %s", lname, optionExample(lname))
			}
			if lname == "$top" {
				q.Top = n
			} else {
				q.Skip = n
			}
		case "$count":
			switch strings.ToLower(strings.TrimSpace(value)) {
			case "true":
				q.Count = true
			case "false":
			default:
				return odata.Query{}, errors.New("$count must be true or false")
			}
		}
	}
	return q, nil
}

// ParseGoToUnder is ParseGoTo that also reads an absolute URL under the
// service root root ("https://host/api/domain/odata/Set?$filter=…"): the
// root is stripped and the rest read as typed. A URL on another origin or
// outside the root's path is refused with a sentence naming the root. With
// a nil root it is ParseGoTo.
func ParseGoToUnder(root *url.URL, input string) (odata.Query, error) {
	s := strings.TrimSpace(input)
	head, _, _ := strings.Cut(s, "?")
	if root == nil || !strings.Contains(head, "://") {
		return ParseGoTo(s)
	}
	rel, err := underRoot(root, s)
	if err != nil {
		return odata.Query{}, err
	}
	return ParseGoTo(rel)
}

// underRoot returns the part of the absolute URL s after the service root:
// the same scheme and host (names ignore case, a default port may be given
// or not) and a path that starts with the root's.
func underRoot(root *url.URL, s string) (string, error) {
	head, query, hasQuery := strings.Cut(s, "?")
	scheme, rest, _ := strings.Cut(head, "://")
	authority, path, _ := strings.Cut(rest, "/")
	path = "/" + path
	rootPath := root.EscapedPath()
	if !strings.HasSuffix(rootPath, "/") {
		rootPath += "/"
	}
	if !strings.EqualFold(scheme, root.Scheme) || strings.Contains(authority, "@") ||
		hostPort(scheme, authority) != hostPort(root.Scheme, root.Host) {
		return "", fmt.Errorf("that URL is not on this service's server; paste one under %s, or type Set?$filter=…", rootText(root))
	}
	var rel string
	switch {
	case strings.HasPrefix(path, rootPath):
		rel = path[len(rootPath):]
	case path == strings.TrimSuffix(rootPath, "/"):
	default:
		return "", fmt.Errorf("that URL is not under the service root %s; paste one that starts with it, or type Set?$filter=…", rootText(root))
	}
	if hasQuery {
		rel += "?" + query
	}
	return rel, nil
}

// hostPort is host[:port] in lower case without the scheme's default port.
func hostPort(scheme, host string) string {
	h := strings.ToLower(host)
	switch strings.ToLower(scheme) {
	case "https":
		h = strings.TrimSuffix(h, ":443")
	case "http":
		h = strings.TrimSuffix(h, ":80")
	}
	return h
}

// rootText is the service root as a person reads it: scheme, host, path.
func rootText(root *url.URL) string {
	return root.Scheme + "://" + root.Host + root.EscapedPath()
}

func optionExample(name string) string {
	switch name {
	case "$top":
		return "$top=10"
	case "$skip":
		return "$skip=100"
	case "$count":
		return "$count=true"
	case "$select":
		return "$select=Number,Name"
	case "$orderby":
		return "$orderby=Number desc"
	case "$expand":
		return "$expand=Lines"
	}
	return name + "=…"
}

// splitList splits a $select, $orderby or $expand value at commas outside
// parentheses and quotes; items are trimmed, empty ones dropped.
func splitList(v string) []string {
	var out []string
	for _, it := range splitOutsideQuotes(v, ',', true) {
		if it = strings.TrimSpace(it); it != "" {
			out = append(out, it)
		}
	}
	return out
}

// splitOutsideQuotes splits s at sep where it is outside single-quoted
// strings (and, with parens, outside parentheses). When a quote or a
// parenthesis is left open it splits at every sep instead.
func splitOutsideQuotes(s string, sep byte, parens bool) []string {
	var parts []string
	depth, quoted, start := 0, false, 0
	inValue := sep != '&' // query parameters: quotes count only in values
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'' && inValue:
			quoted = !quoted
		case quoted:
		case c == '=' && sep == '&':
			inValue = true
		case parens && c == '(':
			depth++
		case parens && c == ')':
			depth--
		case c == sep && depth == 0:
			parts = append(parts, s[start:i])
			start = i + 1
			inValue = sep != '&'
		}
	}
	if quoted || depth != 0 {
		return strings.Split(s, string(sep))
	}
	return append(parts, s[start:])
}

// unescapeLenient decodes %XX escapes and leaves any other "%" as it is.
func unescapeLenient(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'f'
}

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}
