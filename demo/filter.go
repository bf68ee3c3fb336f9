package demo

import (
	"math/big"
	"regexp"
	"strings"
	"sync"
	"time"
)

// The $filter language of the demo instance, as ERP.net documents it:
// operators eq ge le and in; functions contains startswith endswith;
// parentheses for grouping. Everything else parses far enough to be named
// in a "not supported" error. parseFilter builds an untyped tree; bind (in
// eval.go) checks it against an entity set.

type (
	expr interface{}
	eAnd struct{ l, r expr }
	eCmp struct {
		op   string // eq ge le
		l, r expr
	}
	eIn struct {
		l    expr
		list []expr
	}
	eCall struct {
		name string
		args []expr
	}
	eIdent struct{ name string } // a property name or path
	eLit   struct {
		kind litKind
		s    string    // string, guid, date text; enum member; enum type for lEnum in typ
		typ  string    // lEnum: the qualified type name
		num  *big.Rat  // lNumber
		t    time.Time // lDateTime
		b    bool      // lBool
		raw  string    // the literal as written, for messages
	}
)

type litKind int

const (
	lString litKind = iota
	lNumber
	lBool
	lNull
	lGuid
	lDate
	lDateTime
	lEnum
)

type tokKind int

const (
	tEOF tokKind = iota
	tIdent
	tString
	tNumber
	tGuid
	tDate
	tDateTime
	tEnum // Qualified.Type'Member'
	tLParen
	tRParen
	tComma
)

type token struct {
	kind tokKind
	text string // raw text; for tString/tEnum the unescaped string
	typ  string // tEnum: the type name
	pos  int
}

var (
	reGuid = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)
	})
	reDateTime = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})`)
	})
	reDate   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}`) })
	reNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?[mMlLdDfF]?`)
)

func isIdentStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isIdentChar(c byte) bool  { return isIdentStart(c) || c >= '0' && c <= '9' }

// maxFilterDepth bounds parenthesis and call nesting.
const maxFilterDepth = 64

type parser struct {
	src   string
	pos   int
	tok   token
	depth int
}

// parseFilter parses a $filter expression.
func parseFilter(src string) (expr, error) {
	p := &parser{src: src}
	if err := p.next(); err != nil {
		return nil, err
	}
	if p.tok.kind == tEOF {
		return nil, errSyntax("The $filter expression is empty; write a condition such as Number eq 'C-000001'.")
	}
	e, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tEOF {
		return nil, errSyntax("Unexpected %q at position %d of $filter; check the syntax near it.", p.tok.text, p.tok.pos)
	}
	return e, nil
}

// next lexes one token into p.tok.
func (p *parser) next() error {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t') {
		p.pos++
	}
	start, rest := p.pos, p.src[p.pos:]
	tok := func(k tokKind, n int) error {
		p.tok = token{kind: k, text: rest[:n], pos: start}
		p.pos += n
		return nil
	}
	if rest == "" {
		p.tok = token{kind: tEOF, pos: start}
		return nil
	}
	c := rest[0]
	switch {
	case c == '(':
		return tok(tLParen, 1)
	case c == ')':
		return tok(tRParen, 1)
	case c == ',':
		return tok(tComma, 1)
	case c == '\'':
		s, n, ok := lexString(rest)
		if !ok {
			return errSyntax("A string literal in $filter is not closed; end it with ' (write '' for a quote inside).")
		}
		p.tok = token{kind: tString, text: s, pos: start}
		p.pos += n
		return nil
	}
	if m := reGuid().FindString(rest); m != "" && !followedByIdent(rest, len(m)) {
		return tok(tGuid, len(m))
	}
	if m := reDateTime().FindString(rest); m != "" && !followedByIdent(rest, len(m)) {
		return tok(tDateTime, len(m))
	}
	if m := reDate().FindString(rest); m != "" && !followedByIdent(rest, len(m)) {
		return tok(tDate, len(m))
	}
	if m := reNumber.FindString(rest); m != "" && !followedByIdent(rest, len(m)) {
		return tok(tNumber, len(m))
	}
	if isIdentStart(c) {
		n := 1
		for n < len(rest) && (isIdentChar(rest[n]) || rest[n] == '.' || rest[n] == '/' || rest[n] == '$') {
			n++
		}
		if n < len(rest) && rest[n] == '\'' {
			s, m, ok := lexString(rest[n:])
			if !ok {
				return errSyntax("An enum literal in $filter is not closed; write it as Erp.Type'Member'.")
			}
			p.tok = token{kind: tEnum, text: s, typ: rest[:n], pos: start}
			p.pos += n + m
			return nil
		}
		return tok(tIdent, n)
	}
	return errSyntax("Unexpected character %q at position %d of $filter.", string(rune(c)), start)
}

func followedByIdent(s string, n int) bool { return n < len(s) && isIdentChar(s[n]) }

// lexString reads a quoted literal starting at s[0]=='\” with ” escaping.
func lexString(s string) (val string, n int, ok bool) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		if s[i] != '\'' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == '\'' {
			b.WriteByte('\'')
			i++
			continue
		}
		return b.String(), i + 1, true
	}
	return "", 0, false
}

func (p *parser) isWord(w string) bool { return p.tok.kind == tIdent && p.tok.text == w }

func (p *parser) parseOr() (expr, error) {
	l, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	if p.isWord("or") {
		return nil, errNotSupported("The operator 'or' is not supported in $filter; combine conditions with 'and', use 'in' for alternatives, or run separate queries.")
	}
	return l, nil
}

func (p *parser) parseAnd() (expr, error) {
	l, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	for p.isWord("and") {
		if err := p.next(); err != nil {
			return nil, err
		}
		r, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		l = eAnd{l, r}
	}
	return l, nil
}

func (p *parser) parseUnary() (expr, error) {
	if p.isWord("not") {
		return nil, errNotSupported("The operator 'not' is not supported in $filter; state the condition positively.")
	}
	return p.parseCmp()
}

var unsupportedOps = map[string]string{
	"ne":  "The operator 'ne' is not supported in $filter; only eq, ge, le and in compare values.",
	"gt":  "The operator 'gt' is not supported in $filter; use 'ge' instead.",
	"lt":  "The operator 'lt' is not supported in $filter; use 'le' instead.",
	"has": "The operator 'has' is not supported in $filter; compare enums with eq or in.",
	"add": "Arithmetic ('add') is not supported in $filter.", "sub": "Arithmetic ('sub') is not supported in $filter.",
	"mul": "Arithmetic ('mul') is not supported in $filter.", "div": "Arithmetic ('div') is not supported in $filter.",
	"divby": "Arithmetic ('divby') is not supported in $filter.", "mod": "Arithmetic ('mod') is not supported in $filter.",
}

func (p *parser) parseCmp() (expr, error) {
	l, err := p.parsePrimary()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tIdent {
		return l, nil
	}
	switch op := p.tok.text; op {
	case "eq", "ge", "le":
		if err := p.next(); err != nil {
			return nil, err
		}
		r, err := p.parsePrimary()
		if err != nil {
			return nil, err
		}
		return eCmp{op: op, l: l, r: r}, nil
	case "in":
		return p.parseIn(l)
	default:
		if msg, ok := unsupportedOps[op]; ok {
			return nil, errNotSupported("%s", msg)
		}
	}
	return l, nil
}

func (p *parser) parseIn(l expr) (expr, error) {
	if err := p.next(); err != nil {
		return nil, err
	}
	if p.tok.kind != tLParen {
		return nil, errSyntax("The 'in' operator needs a list in parentheses, e.g. State in ('Released','Completed').")
	}
	list, err := p.parseList()
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, errSyntax("The 'in' list is empty; give at least one value.")
	}
	return eIn{l: l, list: list}, nil
}

// parseList parses "( e, e, … )" with p.tok at "(".
func (p *parser) parseList() ([]expr, error) {
	if p.depth++; p.depth > maxFilterDepth {
		return nil, errSyntax("The $filter expression is nested too deeply.")
	}
	defer func() { p.depth-- }()
	if err := p.next(); err != nil {
		return nil, err
	}
	var list []expr
	for p.tok.kind != tRParen {
		if len(list) > 0 {
			if p.tok.kind != tComma {
				return nil, errSyntax("Expected ',' or ')' at position %d of $filter.", p.tok.pos)
			}
			if err := p.next(); err != nil {
				return nil, err
			}
		}
		e, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		list = append(list, e)
	}
	return list, p.next()
}

func (p *parser) parsePrimary() (expr, error) {
	t := p.tok
	switch t.kind {
	case tEOF:
		return nil, errSyntax("The $filter expression ends too early; a value or property is missing at the end.")
	case tLParen:
		if p.depth++; p.depth > maxFilterDepth {
			return nil, errSyntax("The $filter expression is nested too deeply.")
		}
		if err := p.next(); err != nil {
			return nil, err
		}
		e, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		p.depth--
		if p.tok.kind != tRParen {
			return nil, errSyntax("A parenthesis in $filter is not closed; add ')'.")
		}
		return e, p.next()
	case tString:
		return eLit{kind: lString, s: t.text, raw: "'" + t.text + "'"}, p.next()
	case tGuid:
		return eLit{kind: lGuid, s: strings.ToLower(t.text), raw: t.text}, p.next()
	case tDate:
		if _, err := time.Parse(time.DateOnly, t.text); err != nil {
			return nil, errSyntax("%s is not a valid date; write dates as YYYY-MM-DD.", t.text)
		}
		return eLit{kind: lDate, s: t.text, raw: t.text}, p.next()
	case tDateTime:
		tm, err := time.Parse(time.RFC3339Nano, t.text)
		if err != nil {
			if tm, err = time.Parse("2006-01-02T15:04Z07:00", t.text); err != nil {
				return nil, errSyntax("%s is not a valid date and time; write e.g. 2024-01-31T10:00:00Z.", t.text)
			}
		}
		return eLit{kind: lDateTime, t: tm, s: tm.UTC().Format(time.DateOnly), raw: t.text}, p.next()
	case tNumber:
		text := strings.TrimRight(t.text, "mMlLdDfF")
		r, ok := new(big.Rat).SetString(text)
		if !ok || len(text) > 64 {
			return nil, errSyntax("%s is not a valid number.", t.text)
		}
		return eLit{kind: lNumber, num: r, raw: t.text}, p.next()
	case tEnum:
		return eLit{kind: lEnum, s: t.text, typ: t.typ, raw: t.typ + "'" + t.text + "'"}, p.next()
	case tIdent:
		switch t.text {
		case "true", "false":
			return eLit{kind: lBool, b: t.text == "true", raw: t.text}, p.next()
		case "null":
			return eLit{kind: lNull, raw: t.text}, p.next()
		case "eq", "ge", "le", "in", "and", "or", "not", "ne", "gt", "lt":
			return nil, errSyntax("Expected a property or a value before %q at position %d of $filter.", t.text, t.pos)
		}
		if err := p.next(); err != nil {
			return nil, err
		}
		if p.tok.kind != tLParen {
			return eIdent{name: t.text}, nil
		}
		args, err := p.parseList()
		if err != nil {
			return nil, err
		}
		return eCall{name: t.text, args: args}, nil
	}
	return nil, errSyntax("Unexpected %q at position %d of $filter.", t.text, t.pos)
}
