package odata

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// Labels: a property's human name, from three sources in order of
// precedence — the Common.Label term of SAP's Common vocabulary (CAP and
// SAP v4 services, inline or out of line), the v2 sap:label attribute (SAP
// Gateway, SuccessFactors), and Core.Description when it is short enough
// to be a label rather than a sentence (see labelLike).

// Label ranks: a higher rank wins.
const (
	rankDesc   uint8 = 1 + iota // Org.OData.Core.V1.Description
	rankSAP                     // sap:label
	rankCommon                  // com.sap.vocabularies.Common.v1.Label
)

const (
	commonNS = "com.sap.vocabularies.Common.v1"
	coreNS   = "Org.OData.Core.V1"
)

// Limits of a Core.Description used as a label: Microsoft Graph describes
// 2,532 properties, mostly in sentences ("The limit on the maximum number
// of devices that the user is permitted to enroll."); a column header
// needs a few words.
const (
	maxDescLabelRunes = 32
	maxDescLabelWords = 5
)

// labelRank reports which label term a term names (by namespace or by
// alias; an alias "Common" or "Core" that the document does not declare is
// taken for the usual vocabulary), 0 for any other term.
func labelRank[T string | []byte](b *builder, term T) uint8 {
	i := -1
	for j := len(term) - 1; j > 0; j-- {
		if term[j] == '.' {
			i = j
			break
		}
	}
	if i <= 0 {
		return 0
	}
	var rank uint8
	var ns, alias string
	switch string(term[i+1:]) {
	case "Label":
		rank, ns, alias = rankCommon, commonNS, "Common"
	case "Description":
		rank, ns, alias = rankDesc, coreNS, "Core"
	default:
		return 0
	}
	prefix := term[:i]
	if string(prefix) == ns {
		return rank
	}
	if full, ok := b.m.aliases[string(prefix)]; ok {
		if full == ns {
			return rank
		}
		return 0
	}
	if string(prefix) == alias {
		return rank
	}
	return 0
}

// labelLike reports whether a description reads as a label: one line of
// at most maxDescLabelWords words and maxDescLabelRunes characters, not
// ending like a sentence.
func labelLike[T string | []byte](s T) bool {
	if len(s) == 0 || len(s) > 4*maxDescLabelRunes {
		return false
	}
	switch s[len(s)-1] {
	case '.', '!', '?', ':', ';', ',':
		return false
	}
	if len(s) > maxDescLabelRunes && utf8.RuneCount([]byte(s)) > maxDescLabelRunes {
		return false
	}
	words, space := 1, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\n', '\r', '\t':
			return false
		case ' ':
			if !space {
				if words++; words > maxDescLabelWords {
					return false
				}
			}
			space = true
		default:
			space = false
		}
	}
	return true
}

// targetLabel is an out-of-line label: spans of the builder's labelBuf.
type targetLabel struct {
	target, label [2]int32
	rank          uint8
}

// addTargetLabel records an out-of-line label for target, which must name
// a member of a type: "NS.Type/Member" (namespace or alias).
func (b *builder) addTargetLabel(target, label []byte, rank uint8) {
	i := bytes.IndexByte(target, '/')
	if i <= 0 || i == len(target)-1 || bytes.IndexByte(target[i+1:], '/') >= 0 || bytes.IndexByte(target, '(') >= 0 {
		return
	}
	if n := len(target) + len(label); cap(b.labelBuf)-len(b.labelBuf) < n { // doubling, see push
		buf := make([]byte, len(b.labelBuf), max(2*cap(b.labelBuf), len(b.labelBuf)+n, 1<<10))
		copy(buf, b.labelBuf)
		b.labelBuf = buf
	}
	t0 := int32(len(b.labelBuf))
	b.labelBuf = append(b.labelBuf, target...)
	l0 := int32(len(b.labelBuf))
	b.labelBuf = append(b.labelBuf, label...)
	b.labels = push(b.labels, targetLabel{target: [2]int32{t0, l0}, label: [2]int32{l0, int32(len(b.labelBuf))}, rank: rank})
}

// applyLabels gives the out-of-line labels to the members they target. A
// Common.Label replaces a label already there (sap:label, a description);
// a description fills only a member without one. A valid document never
// has two annotations of one term on one member, so these two rules agree
// with the ranks.
func (b *builder) applyLabels() {
	if len(b.labels) == 0 {
		return
	}
	// A view, not a copy: labelBuf is complete and never written again.
	s := unsafe.String(unsafe.SliceData(b.labelBuf), len(b.labelBuf))
	for _, l := range b.labels {
		target, label := s[l.target[0]:l.target[1]], s[l.label[0]:l.label[1]]
		i := strings.IndexByte(target, '/')
		typ, member := b.m.qualify(target[:i]), target[i+1:]
		var props []Property
		var navs []NavigationProperty
		if t := b.m.entities[typ]; t != nil {
			props, navs = t.Properties, t.Navigation
		} else if t := b.m.complex[typ]; t != nil {
			props, navs = t.Properties, t.Navigation
		} else {
			continue
		}
		for j := range props {
			if props[j].Name == member {
				setLabel(&props[j].Label, label, l.rank)
			}
		}
		for j := range navs {
			if navs[j].Name == member {
				setLabel(&navs[j].Label, label, l.rank)
			}
		}
	}
}

func setLabel(dst *string, label string, rank uint8) {
	if rank == rankCommon || *dst == "" {
		*dst = label
	}
}

// jsonLabel returns the label of a property or navigation property from
// its annotation members (see labelRank), or "".
func (b *builder) jsonLabel(raw json.RawMessage) (string, error) {
	label, _, err := b.jsonLabelRank(raw)
	return label, err
}

// jsonLabelRank finds the label among an object's unqualified annotation
// members ("@Common.Label": "…", "@Core.Description": "…") and its rank.
func (b *builder) jsonLabelRank(raw json.RawMessage) (string, uint8, error) {
	if !bytes.Contains(raw, []byte(`"@`)) {
		return "", 0, nil
	}
	members, err := objectMembers(raw)
	if err != nil {
		return "", 0, err
	}
	var label string
	var best uint8
	for _, mb := range members {
		term, ok := strings.CutPrefix(mb.key, "@")
		if !ok || strings.ContainsAny(term, "#@") {
			continue
		}
		rank := labelRank(b, term)
		if rank <= best {
			continue
		}
		var s string
		if json.Unmarshal(mb.val, &s) != nil {
			continue // a dynamic expression ({"$Path": …}): not a label odx can show
		}
		if s = strings.TrimSpace(s); s == "" || rank == rankDesc && !labelLike(s) {
			continue
		}
		label, best = s, rank
	}
	return label, best, nil
}
