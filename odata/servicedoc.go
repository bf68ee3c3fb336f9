package odata

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Resource kinds in a service document.
const (
	KindEntitySet       = "EntitySet"
	KindSingleton       = "Singleton"
	KindFunctionImport  = "FunctionImport"
	KindServiceDocument = "ServiceDocument"
)

// Resource is one entry of the service document.
type Resource struct {
	// Name is the resource's name, e.g. "Crm_Sales_Customers".
	Name string
	// URL is its URL as the server wrote it, usually relative to the
	// service root.
	URL string
	// Kind is KindEntitySet, KindSingleton, KindFunctionImport or
	// KindServiceDocument; an entry without a kind is an entity set.
	Kind string
	// Title is the human-readable title, when the server sent one.
	Title string
}

// IsEntitySet reports whether r can be paged through as a collection.
func (r Resource) IsEntitySet() bool { return r.Kind == KindEntitySet }

// ServiceDocument lists the resources of the service from its service
// document, in the server's order: entity sets, and also singletons,
// function imports and related service documents (marked by Kind).
// Entries of unknown kinds and unknown members are ignored. The v4 JSON
// form, the v2 JSON form {"d":{"EntitySets":[…]}} and the AtomPub XML form
// (SAP Gateway, WCF) are read.
func (c *Client) ServiceDocument(ctx context.Context) ([]Resource, error) {
	resp, err := c.get(ctx, c.Root(), "application/json;odata.metadata=minimal", nil)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return decodeServiceDocument(b)
}

func decodeServiceDocument(b []byte) ([]Resource, error) {
	if isXML(b) {
		return decodeServiceXML(b)
	}
	var doc struct {
		Value []struct {
			Name, URL, Kind, Title string
		} `json:"value"`
		D *struct {
			EntitySets []string `json:"EntitySets"`
		} `json:"d"`
	}
	if err := json.Unmarshal(bytes.TrimPrefix(b, bom), &doc); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, docError("odata: the service document is neither JSON nor XML; check that the URL is the OData service root (for ERP.net, https://{instance}/api/domain/odata/)")
		}
		return nil, docError(fmt.Sprintf("odata: the service document has an unexpected shape (%v); check the service root", err))
	}
	out := []Resource{}
	if doc.Value == nil && doc.D != nil {
		for _, name := range doc.D.EntitySets {
			out = append(out, Resource{Name: name, URL: name, Kind: KindEntitySet})
		}
		return out, nil
	}
	for _, v := range doc.Value {
		kind := v.Kind
		switch kind {
		case "":
			kind = KindEntitySet
		case KindEntitySet, KindSingleton, KindFunctionImport, KindServiceDocument:
		default:
			continue
		}
		if v.Name == "" && v.URL == "" {
			continue
		}
		out = append(out, Resource{Name: v.Name, URL: cmpOr(v.URL, v.Name), Kind: kind, Title: v.Title})
	}
	return out, nil
}
