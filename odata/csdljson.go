package odata

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// member is one member of a JSON object, in document order (CSDL JSON
// declares properties by member order, which a Go map would lose).
type member struct {
	key string
	val json.RawMessage
}

// jsonElem holds the keyword members of a CSDL JSON element; which ones
// apply depends on $Kind.
type jsonElem struct {
	Kind           string            `json:"$Kind"`
	Type           *string           `json:"$Type"`
	Collection     bool              `json:"$Collection"`
	Nullable       *bool             `json:"$Nullable"`
	MaxLength      json.RawMessage   `json:"$MaxLength"`
	Precision      *int32            `json:"$Precision"`
	Scale          json.RawMessage   `json:"$Scale"`
	BaseType       string            `json:"$BaseType"`
	Abstract       bool              `json:"$Abstract"`
	OpenType       bool              `json:"$OpenType"`
	HasStream      bool              `json:"$HasStream"`
	Key            []json.RawMessage `json:"$Key"`
	Partner        string            `json:"$Partner"`
	ContainsTarget bool              `json:"$ContainsTarget"`
	UnderlyingType string            `json:"$UnderlyingType"`
	IsFlags        bool              `json:"$IsFlags"`
	Action         *string           `json:"$Action"`
	Function       *string           `json:"$Function"`
	EntitySet      string            `json:"$EntitySet"`
	Bindings       map[string]string `json:"$NavigationPropertyBinding"`
}

// parseJSON reads a CSDL JSON document. offset is the number of bytes
// (BOM, whitespace) already consumed, for error positions.
func parseJSON(r io.Reader, offset int) (*Model, error) {
	dec := json.NewDecoder(markingReader{r})
	top, err := readMembers(dec)
	if err != nil {
		if isReadError(err) {
			return nil, fmt.Errorf("odata: reading metadata: %w", err)
		}
		return nil, fmt.Errorf("odata: metadata JSON at byte %d is malformed (%v)", int64(offset)+dec.InputOffset(), jsonCause(err))
	}
	b := newBuilder()
	b.all = true
	m := b.m
	// Aliases first: they are document-global and may be used before the
	// schema that declares them.
	for _, t := range top {
		switch {
		case t.key == "$Version":
			json.Unmarshal(t.val, &m.Version)
		case t.key == "$Reference":
			var refs map[string]struct {
				Include []struct {
					Namespace string `json:"$Namespace"`
					Alias     string `json:"$Alias"`
				} `json:"$Include"`
			}
			if err := json.Unmarshal(t.val, &refs); err != nil {
				return nil, fmt.Errorf("odata: metadata JSON: $Reference is malformed (%v)", jsonCause(err))
			}
			for _, ref := range refs {
				for _, inc := range ref.Include {
					if inc.Alias != "" {
						m.aliases[inc.Alias] = inc.Namespace
					}
				}
			}
		case !strings.HasPrefix(t.key, "$") && !strings.HasPrefix(t.key, "@") && isObject(t.val):
			var s struct {
				Alias string `json:"$Alias"`
			}
			if err := json.Unmarshal(t.val, &s); err != nil {
				return nil, fmt.Errorf("odata: metadata JSON: schema %q is malformed (%v)", t.key, jsonCause(err))
			}
			m.Schemas = append(m.Schemas, &Schema{Namespace: t.key, Alias: s.Alias})
			if s.Alias != "" {
				m.aliases[s.Alias] = t.key
			}
		}
	}
	if m.Version == "" {
		return nil, errors.New("odata: the metadata JSON has no $Version member; it is not a CSDL JSON document")
	}
	i := 0
	for _, t := range top {
		if strings.HasPrefix(t.key, "$") || strings.HasPrefix(t.key, "@") || !isObject(t.val) {
			continue
		}
		if err := b.jsonSchema(m.Schemas[i], t.val); err != nil {
			return nil, fmt.Errorf("odata: metadata JSON: schema %q: %v", t.key, err)
		}
		i++
	}
	return b.finish()
}

// jsonCause shortens a json error for inclusion in a sentence.
func jsonCause(err error) string {
	s := err.Error()
	return strings.TrimPrefix(s, "json: ")
}

func isObject(raw json.RawMessage) bool {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	return len(raw) > 0 && raw[0] == '{'
}

// readMembers reads one JSON object from dec, keeping member order.
func readMembers(dec *json.Decoder) ([]member, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, fmt.Errorf("expected an object, found %v", tok)
	}
	var out []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, member{key, v})
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	return out, nil
}

func objectMembers(raw json.RawMessage) ([]member, error) {
	return readMembers(json.NewDecoder(bytes.NewReader(raw)))
}

func (b *builder) jsonSchema(s *Schema, raw json.RawMessage) error {
	members, err := objectMembers(raw)
	if err != nil {
		return err
	}
	for _, mb := range members {
		if mb.key == "$Annotations" {
			if err := b.jsonAnnotations(mb.val); err != nil {
				return err
			}
			continue
		}
		if strings.HasPrefix(mb.key, "$") || strings.HasPrefix(mb.key, "@") {
			continue // keywords, annotations
		}
		if !isObject(mb.val) {
			if err := b.jsonOperations(s.Namespace+"."+mb.key, mb.val); err != nil {
				return fmt.Errorf("element %q: %v", mb.key, err)
			}
			continue
		}
		var e jsonElem
		if err := json.Unmarshal(mb.val, &e); err != nil {
			return fmt.Errorf("element %q is malformed (%v)", mb.key, jsonCause(err))
		}
		switch e.Kind {
		case "EntityType", "ComplexType":
			props, navs, err := b.jsonMembers(mb.val)
			if err != nil {
				return fmt.Errorf("element %q: %v", mb.key, err)
			}
			if e.Kind == "ComplexType" {
				s.ComplexTypes = append(s.ComplexTypes, &ComplexType{
					Name: mb.key, Namespace: s.Namespace, BaseType: e.BaseType, Abstract: e.Abstract,
					OpenType: e.OpenType, Properties: props, Navigation: navs,
				})
				continue
			}
			t := &EntityType{
				Name: mb.key, Namespace: s.Namespace, BaseType: e.BaseType, Abstract: e.Abstract,
				OpenType: e.OpenType, HasStream: e.HasStream, Properties: props, Navigation: navs,
			}
			for _, k := range e.Key {
				t.DeclaredKey = append(t.DeclaredKey, jsonKeyName(k))
			}
			s.EntityTypes = append(s.EntityTypes, t)
		case "EnumType":
			t, err := jsonEnum(mb.key, s.Namespace, e, mb.val)
			if err != nil {
				return fmt.Errorf("element %q: %v", mb.key, err)
			}
			s.EnumTypes = append(s.EnumTypes, t)
		case "EntityContainer":
			if err := b.jsonContainer(mb.key, s.Namespace, mb.val); err != nil {
				return fmt.Errorf("container %q: %v", mb.key, err)
			}
		}
	}
	return nil
}

// jsonKeyName reads one $Key entry: "Name" or {"Alias": "Path/Name"}; an
// aliased key is reported by its alias, the name used in key predicates.
func jsonKeyName(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var m map[string]string
	json.Unmarshal(raw, &m)
	for alias := range m {
		return alias
	}
	return ""
}

func (b *builder) jsonMembers(raw json.RawMessage) ([]Property, []NavigationProperty, error) {
	members, err := objectMembers(raw)
	if err != nil {
		return nil, nil, err
	}
	var props []Property
	var navs []NavigationProperty
	for _, mb := range members {
		if strings.HasPrefix(mb.key, "$") || strings.ContainsRune(mb.key, '@') || !isObject(mb.val) {
			continue
		}
		var e jsonElem
		if err := json.Unmarshal(mb.val, &e); err != nil {
			return nil, nil, fmt.Errorf("member %q is malformed (%v)", mb.key, jsonCause(err))
		}
		typ := "Edm.String" // CSDL JSON default
		if e.Type != nil {
			typ = *e.Type
		}
		coll := e.Collection
		if inner, ok := strings.CutPrefix(typ, "Collection("); ok && strings.HasSuffix(inner, ")") {
			typ, coll = inner[:len(inner)-1], true
		}
		nullable := e.Nullable != nil && *e.Nullable // CSDL JSON default false
		label, err := b.jsonLabel(mb.val)
		if err != nil {
			return nil, nil, fmt.Errorf("member %q: %v", mb.key, err)
		}
		if e.Kind == "NavigationProperty" {
			navs = append(navs, NavigationProperty{
				Name: mb.key, Label: label, Type: typ, Collection: coll, Nullable: nullable,
				Partner: e.Partner, ContainsTarget: e.ContainsTarget,
			})
			continue
		}
		p := Property{Name: mb.key, Label: label, Type: typ, Collection: coll, Nullable: nullable, Precision: FacetUnset, Scale: FacetUnset}
		var ml any
		if json.Unmarshal(e.MaxLength, &ml) == nil {
			switch v := ml.(type) {
			case float64:
				p.MaxLength = int32(v)
			case string:
				if v == "max" {
					p.MaxLength = MaxLengthMax
				}
			}
		}
		if e.Precision != nil {
			p.Precision = *e.Precision
		}
		var sc any
		if json.Unmarshal(e.Scale, &sc) == nil {
			switch v := sc.(type) {
			case float64:
				p.Scale = int32(v)
			case string:
				switch v {
				case "variable":
					p.Scale = ScaleVariable
				case "floating":
					p.Scale = ScaleFloating
				}
			}
		}
		props = append(props, p)
	}
	return props, navs, nil
}

func jsonEnum(name, ns string, e jsonElem, raw json.RawMessage) (*EnumType, error) {
	members, err := objectMembers(raw)
	if err != nil {
		return nil, err
	}
	t := &EnumType{Name: name, Namespace: ns, UnderlyingType: e.UnderlyingType, IsFlags: e.IsFlags}
	for _, mb := range members {
		if strings.HasPrefix(mb.key, "$") || strings.ContainsRune(mb.key, '@') {
			continue
		}
		var n json.Number
		if err := json.Unmarshal(mb.val, &n); err != nil {
			return nil, fmt.Errorf("member %q has no numeric value", mb.key)
		}
		v, err := n.Int64()
		if err != nil {
			return nil, fmt.Errorf("member %q has value %s, not an integer", mb.key, n)
		}
		t.Members = append(t.Members, EnumMember{Name: mb.key, Value: v})
	}
	return t, nil
}

func (b *builder) jsonContainer(name, ns string, raw json.RawMessage) error {
	members, err := objectMembers(raw)
	if err != nil {
		return err
	}
	c := &EntityContainer{Name: name, Namespace: ns}
	b.m.Containers = append(b.m.Containers, c)
	if err := b.jsonCaps(raw, "", nil, c); err != nil {
		return err
	}
	for _, mb := range members {
		if strings.HasPrefix(mb.key, "$") || strings.ContainsRune(mb.key, '@') || !isObject(mb.val) {
			continue
		}
		var e jsonElem
		if err := json.Unmarshal(mb.val, &e); err != nil {
			return fmt.Errorf("member %q is malformed (%v)", mb.key, jsonCause(err))
		}
		switch {
		case e.Action != nil:
			c.ActionImports = append(c.ActionImports, mb.key)
			c.imports = append(c.imports, &opImport{name: mb.key, target: *e.Action, entitySet: e.EntitySet, action: true})
		case e.Function != nil:
			c.FunctionImports = append(c.FunctionImports, mb.key)
			c.imports = append(c.imports, &opImport{name: mb.key, target: *e.Function, entitySet: e.EntitySet})
		case e.Collection:
			s := &EntitySet{Name: mb.key, container: c}
			if e.Type != nil {
				s.EntityType = *e.Type
			}
			paths := make([]string, 0, len(e.Bindings))
			for path := range e.Bindings {
				paths = append(paths, path)
			}
			sort.Strings(paths)
			for _, path := range paths {
				s.Bindings = append(s.Bindings, NavigationBinding{Path: path, Target: e.Bindings[path]})
			}
			if err := b.jsonCaps(mb.val, "", s, nil); err != nil {
				return fmt.Errorf("entity set %q: %v", mb.key, err)
			}
			c.EntitySets = append(c.EntitySets, s)
		default:
			c.Singletons = append(c.Singletons, mb.key)
		}
	}
	return nil
}

// jsonAnnotations reads a schema's $Annotations: target → annotations, for
// the Capabilities and Aggregation annotations and the labels.
func (b *builder) jsonAnnotations(raw json.RawMessage) error {
	targets, err := objectMembers(raw)
	if err != nil {
		return fmt.Errorf("$Annotations is malformed (%v)", jsonCause(err))
	}
	for _, t := range targets {
		if !isObject(t.val) {
			continue
		}
		if err := b.jsonCaps(t.val, t.key, nil, nil); err != nil {
			return fmt.Errorf("$Annotations target %q: %v", t.key, err)
		}
		if !strings.ContainsRune(t.key, '/') {
			continue
		}
		label, rank, err := b.jsonLabelRank(t.val)
		if err != nil {
			return fmt.Errorf("$Annotations target %q: %v", t.key, err)
		}
		if rank > 0 {
			b.addTargetLabel([]byte(t.key), []byte(label), rank)
		}
	}
	return nil
}

// jsonCaps finds the kept Capabilities and Aggregation annotations
// ("@Term", unqualified) among an object's members and applies them to set
// or container, or records them for target.
func (b *builder) jsonCaps(raw json.RawMessage, target string, set *EntitySet, c *EntityContainer) error {
	members, err := objectMembers(raw)
	if err != nil {
		return err
	}
	for _, mb := range members {
		term, ok := strings.CutPrefix(mb.key, "@")
		if !ok || strings.ContainsRune(term, '#') {
			continue
		}
		ct := b.capTermOf(term)
		if ct == capNone {
			continue
		}
		n := capNote{target: target, term: ct}
		if err := json.Unmarshal(mb.val, &n.val); err != nil {
			return fmt.Errorf("annotation %q is malformed (%v)", mb.key, jsonCause(err))
		}
		switch {
		case set != nil:
			n.applySet(set)
		case c != nil:
			n.applyContainer(c)
		default:
			b.targeted = append(b.targeted, n)
		}
	}
	return nil
}
