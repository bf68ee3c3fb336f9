package odata

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestServiceDocument(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/odata/" {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, `{"@odata.context":"https://h/odata/$metadata","value":[
			{"name":"Crm_Sales_Customers","url":"Crm_Sales_Customers","extra":1},
			{"name":"Crm_Sales_SalesOrders","kind":"EntitySet","url":"Crm_Sales_SalesOrders","title":"Sales orders"},
			{"name":"GetVersion","kind":"FunctionImport","url":"GetVersion"},
			{"name":"Me","kind":"Singleton","url":"Me"},
			{"name":"Odd","kind":"Wormhole","url":"Odd"},
			{"name":"Related","kind":"ServiceDocument","url":"https://other/odata/"}]}`)
	}))
	defer srv.Close()
	c := mustClient(t, srv.URL+"/odata")
	got, err := c.ServiceDocument(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []Resource{
		{"Crm_Sales_Customers", "Crm_Sales_Customers", KindEntitySet, ""},
		{"Crm_Sales_SalesOrders", "Crm_Sales_SalesOrders", KindEntitySet, "Sales orders"},
		{"GetVersion", "GetVersion", KindFunctionImport, ""},
		{"Me", "Me", KindSingleton, ""},
		{"Related", "https://other/odata/", KindServiceDocument, ""},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
	if !got[0].IsEntitySet() || got[2].IsEntitySet() {
		t.Errorf("IsEntitySet: got %v and %v; want true and false", got[0].IsEntitySet(), got[2].IsEntitySet())
	}
}

func TestDecodeServiceDocumentShapes(t *testing.T) {
	got, err := decodeServiceDocument([]byte(`{"d":{"EntitySets":["Rooms","Buildings"]}}`))
	if err != nil || len(got) != 2 || got[1].Name != "Buildings" || got[1].Kind != KindEntitySet {
		t.Errorf("v2: got %v, %v", got, err)
	}
	got, err = decodeServiceDocument([]byte("\xef\xbb\xbf{\"value\":[]}"))
	if err != nil || got == nil || len(got) != 0 {
		t.Errorf("empty: got %#v, %v; want an empty list", got, err)
	}
	// An XML service document without workspaces lists nothing (no error:
	// like {"value":[]}).
	if got, err := decodeServiceDocument([]byte(`<service xmlns="http://www.w3.org/2007/app"/>`)); err != nil || len(got) != 0 {
		t.Errorf("empty XML: got %#v, %v; want an empty list", got, err)
	}
	for _, bad := range []string{`<service>`, `<html/>`, `{"value":5}`, ``} {
		if _, err := decodeServiceDocument([]byte(bad)); err == nil {
			t.Errorf("%q: got no error", bad)
		}
	}
}
