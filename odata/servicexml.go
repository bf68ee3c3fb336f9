package odata

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// The AtomPub service document (RFC 5023) that OData v2 services (SAP
// Gateway, older WCF services) and v4 services asked for XML send:
//
//	<service xmlns="http://www.w3.org/2007/app" xmlns:atom="http://www.w3.org/2005/Atom"
//	         xmlns:metadata="http://docs.oasis-open.org/odata/ns/metadata">
//	  <workspace>
//	    <collection href="People"><atom:title>People</atom:title></collection>
//	    <metadata:singleton href="Me"><atom:title>Me</atom:title></metadata:singleton>
//	    <metadata:function-import href="GetNearestAirport" metadata:name="GetNearestAirport">…
//
// A collection is an entity set; OData v4 adds singletons, function
// imports and related service documents in its metadata namespace.

// xmlKinds maps the service document's element names to resource kinds.
var xmlKinds = map[string]string{
	"collection":       KindEntitySet,
	"singleton":        KindSingleton,
	"function-import":  KindFunctionImport,
	"service-document": KindServiceDocument,
}

// isXML reports whether b (after a BOM and white space) starts like XML.
func isXML(b []byte) bool {
	b = bytes.TrimLeft(bytes.TrimPrefix(b, bom), " \t\r\n")
	return len(b) > 0 && b[0] == '<'
}

// decodeServiceXML reads an AtomPub service document: its collections
// (entity sets), singletons, function imports and service documents, in
// the document's order. The name of an entry is its metadata:name, else
// its href unescaped (the last path segment of an absolute one); the title
// is its atom:title when it differs.
func decodeServiceXML(b []byte) ([]Resource, error) {
	d := xml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(b, bom)))
	d.Strict = true
	out := []Resource{}
	var cur *Resource
	var title strings.Builder
	inTitle, sawService := false, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, docError(fmt.Sprintf("odata: the service document is not well-formed XML (%v); check that the URL is the OData service root", err))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Local == "service":
				sawService = true
			case xmlKinds[t.Name.Local] != "" && cur == nil:
				r := Resource{Kind: xmlKinds[t.Name.Local]}
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "href":
						r.URL = a.Value
					case "name":
						r.Name = a.Value
					}
				}
				cur = &r
				title.Reset()
			case t.Name.Local == "title" && cur != nil:
				inTitle = true
			}
		case xml.CharData:
			if inTitle {
				title.Write(t)
			}
		case xml.EndElement:
			switch {
			case t.Name.Local == "title":
				inTitle = false
			case cur != nil && xmlKinds[t.Name.Local] == cur.Kind:
				if r, ok := finishXMLEntry(*cur, strings.TrimSpace(title.String())); ok {
					out = append(out, r)
				}
				cur = nil
			}
		}
	}
	if !sawService {
		return nil, docError("odata: the XML at the service root is not a service document (no <service> element); check that the URL is the OData service root")
	}
	return out, nil
}

// finishXMLEntry names an entry from its href when it has no name.
func finishXMLEntry(r Resource, title string) (Resource, bool) {
	if r.Name == "" {
		href := r.URL
		if u, err := url.Parse(href); err == nil && u.IsAbs() {
			p := strings.TrimRight(u.Path, "/")
			href = p[strings.LastIndexByte(p, '/')+1:]
		} else if s, err := url.PathUnescape(href); err == nil {
			href = s
		}
		r.Name = strings.Trim(href, "/")
	}
	if r.Name == "" {
		return r, false
	}
	if r.URL == "" {
		r.URL = r.Name
	}
	if title != "" && title != r.Name {
		r.Title = title
	}
	return r, true
}

// errNoServiceDocument marks a service document that could not be read as
// one (not JSON, not XML, an unexpected shape): Resources then lists the
// sets from $metadata.
var errNoServiceDocument = errors.New("odata: no usable service document")

// docError is an error reading the service document as one.
type docError string

func (e docError) Error() string { return string(e) }

// Is makes a docError an errNoServiceDocument.
func (e docError) Is(target error) bool { return target == errNoServiceDocument }

// Resources lists the service's resources: from the service document when
// it can be read (JSON or XML), else from the entity containers of
// $metadata (entity sets, singletons, function imports), so a service whose
// root answers with something other than a service document can still be
// browsed. Errors that a new request would not fix in another way
// (authentication, the network, a 5xx) are returned as they are; when
// $metadata fails too, the service document's error is returned.
func (c *Client) Resources(ctx context.Context) ([]Resource, error) {
	rs, err := c.ServiceDocument(ctx)
	if err == nil || !fallsBack(err) {
		return rs, err
	}
	m, merr := c.Metadata(ctx)
	if merr != nil {
		var he *Error
		if errors.As(err, &he) && he.Status == 404 {
			return nil, &RootError{URL: c.Root().Redacted(), Err: err}
		}
		return nil, err
	}
	return containerResources(m), nil
}

// RootError says that the service root and its $metadata were not found:
// the URL is most likely wrong.
type RootError struct {
	URL string // the service root, without user information
	Err error  // the service document's error
}

func (e *RootError) Error() string {
	return fmt.Sprintf("odata: nothing at the service root %s nor at its $metadata (HTTP 404); check the instance URL and "+
		"the service path (for ERP.net, https://{instance}/api/domain/odata/)", e.URL)
}

// Unwrap returns the service document's error.
func (e *RootError) Unwrap() error { return e.Err }

// fallsBack reports whether a service-document error is one $metadata may
// get around: an unreadable document, or a 404/405/406/415/501 for the root.
func fallsBack(err error) bool {
	if errors.Is(err, errNoServiceDocument) {
		return true
	}
	var he *Error
	if errors.As(err, &he) {
		switch he.Status {
		case 404, 405, 406, 415, 501:
			return true
		}
	}
	return false
}

// containerResources lists the entity sets, singletons and function
// imports of m's containers, in document order.
func containerResources(m *Model) []Resource {
	out := []Resource{}
	for _, ct := range m.Containers {
		for _, s := range ct.EntitySets {
			out = append(out, Resource{Name: s.Name, URL: s.Name, Kind: KindEntitySet})
		}
		for _, s := range ct.Singletons {
			out = append(out, Resource{Name: s, URL: s, Kind: KindSingleton})
		}
		for _, f := range ct.FunctionImports {
			out = append(out, Resource{Name: f, URL: f, Kind: KindFunctionImport})
		}
	}
	return out
}
