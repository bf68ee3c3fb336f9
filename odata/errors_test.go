package odata

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// payloads holds real response bodies (see testdata/PROVENANCE.md).
const payloads = "testdata/payloads"

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(payloads, name))
	if err != nil {
		t.Fatalf("fixture %s: %v", name, err)
	}
	return b
}

func TestDecodeError(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		ctype, body string
		code, msg   string
		sentence    string // a part of Error()
	}{
		{"v4", 400, "application/json", `{"error":{"code":"BadRequest","message":"The query is wrong.","innererror":{"stack":"at X.Y()"}}}`,
			"BadRequest", "The query is wrong.", "rejected the request (HTTP 400, code BadRequest): The query is wrong; check the query"},
		{"v4 numeric code", 500, "application/json", `{"error":{"code":2029,"message":"Boom","type":"X","info":"at Erp.Secret()"}}`,
			"2029", "Boom", "server failed (HTTP 500, code 2029): Boom"},
		{"erp flat", 500, "application/json; charset=utf-8", `{"message":"OData $orderby is not supported together with $apply groupby.","code":0,"type":"NotSupportedException","info":"   at Erp.Internal.Stack()\n   at X"}`,
			"0", "OData $orderby is not supported together with $apply groupby.", "HTTP 500, code 0"},
		{"erp flat string code", 500, "", `{"message":"no","code":"E1"}`, "E1", "no", "code E1"},
		{"v2 message object", 400, "application/json", `{"error":{"code":"SY/530","message":{"lang":"en","value":"Resource not found for segment"}}}`,
			"SY/530", "Resource not found for segment", "SY/530"},
		{"details only", 400, "", `{"error":{"code":"","message":"","details":[{"code":"301","message":"bad $search"}]}}`,
			"301", "bad $search", "bad $search"},
		{"oauth", 401, "application/json", `{"error":"invalid_token","error_description":"The token expired"}`,
			"invalid_token", "The token expired", "refused the credentials"},
		{"xml", 404, "application/xml", `<?xml version="1.0" encoding="utf-8"?><m:error xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"><m:code>ResourceNotFound</m:code><m:message xml:lang="en-US">Resource not found for the segment 'Foo'.</m:message></m:error>`,
			"ResourceNotFound", "Resource not found for the segment 'Foo'.", "entity set Foo not found"},
		{"html", 502, "text/html", "<!DOCTYPE html><html><head><title>502 Bad Gateway &amp; more</title></head><body><script>alert(1)</script><pre>stack trace</pre></body></html>",
			"", "502 Bad Gateway & more", "server failed (HTTP 502): 502 Bad Gateway & more"},
		{"html no title", 500, "text/html", "<html><body>secret stack</body></html>", "", "Internal Server Error", "HTTP 500"},
		{"plain", 503, "text/plain", "Service Unavailable\r\n\x1b[31mred\x1b[0m", "", "Service Unavailable [31mred [0m", "try again later"},
		{"empty", 429, "", "", "", "Too Many Requests", "the server is busy"},
		{"licence", 500, "application/json", `{"message":"MaximumLicenseCountExceeded: 5 of 5 used","code":17}`,
			"17", "MaximumLicenseCountExceeded: 5 of 5 used", "no free licence"},
		{"forbidden", 403, "", "", "", "Forbidden", "check the application's scopes"},
		{"broken json", 400, "application/json", `{"error":`, "", `{"error":`, "HTTP 400"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := decodeError(tt.status, tt.ctype, []byte(tt.body))
			e.Set = "Foo"
			if e.Status != tt.status || e.Code != tt.code || e.Message != tt.msg {
				t.Errorf("got {%d %q %q}; want {%d %q %q}", e.Status, e.Code, e.Message, tt.status, tt.code, tt.msg)
			}
			if !strings.Contains(e.Error(), tt.sentence) {
				t.Errorf("Error() = %q; want it to contain %q", e.Error(), tt.sentence)
			}
			for _, leak := range []string{"Erp.Secret", "Erp.Internal", "stack", "alert"} {
				if strings.Contains(e.Error(), leak) {
					t.Errorf("Error() = %q leaks %q", e.Error(), leak)
				}
			}
		})
	}
}

func TestDecodeErrorFixtures(t *testing.T) {
	e := decodeError(501, "application/json", readFixture(t, "error-v4-details-innererror.json"))
	if e.Code != "501" || e.Message != "Unsupported functionality" {
		t.Errorf("got code %q message %q; want 501, Unsupported functionality", e.Code, e.Message)
	}
	e = decodeError(400, "application/json; odata.metadata=minimal", readFixture(t, "error-v4-webapi-empty-code.json"))
	if e.Code != "" || e.Message != "The movie is already checked out." {
		t.Errorf("got code %q message %q; want empty code and the movie message", e.Code, e.Message)
	}
	if got, want := e.Error(), "odata: the server rejected the request (HTTP 400): The movie is already checked out; check the query"; got != want {
		t.Errorf("got %q; want %q", got, want)
	}
}

func TestErrorMessageTrimmed(t *testing.T) {
	long := strings.Repeat("word ", 200)
	e := decodeError(400, "text/plain", []byte(long))
	if n := len([]rune(e.Message)); n > maxMessage+1 {
		t.Errorf("got a message of %d runes; want at most %d", n, maxMessage+1)
	}
	if !strings.HasSuffix(e.Message, "…") {
		t.Errorf("got %q; want it to end with …", e.Message[len(e.Message)-10:])
	}
}

func TestNotFoundNamesSet(t *testing.T) {
	e := &Error{Status: 404, Set: "Crm_Customers", Message: "Not Found"}
	if got, want := e.Error(), "odata: entity set Crm_Customers not found (HTTP 404): Not Found; check the name with `odx sets`"; got != want {
		t.Errorf("got %q; want %q", got, want)
	}
}

func FuzzDecodeError(f *testing.F) {
	f.Add(500, "application/json", []byte(`{"message":"m","code":1}`))
	f.Add(400, "application/json", []byte(`{"error":{"code":"","message":{"lang":"en","value":"v"}}}`))
	f.Add(404, "application/xml", []byte(`<m:error><m:code>c</m:code><m:message>m</m:message></m:error>`))
	f.Add(502, "text/html", []byte(`<html><title>t</title></html>`))
	f.Add(429, "", []byte("\x1b]8;;http://evil\x07click\u202e"))
	f.Fuzz(func(t *testing.T, status int, ctype string, body []byte) {
		e := decodeError(status, ctype, body)
		for _, s := range []string{e.Code, e.Message, e.Error()} {
			for _, r := range s {
				if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
					t.Fatalf("%q holds control character %U", s, r)
				}
			}
		}
		if n := len([]rune(e.Message)); n > maxMessage+1 {
			t.Fatalf("message of %d runes", n)
		}
		if e.Error() == "" {
			t.Fatal("empty Error()")
		}
	})
}

// TestErrorDetails: the messages of details, innererror and nested
// internalexceptions (Dataverse, SAP) and v2 errordetails appear in the
// sentence, once each, on one line and cut; stack traces never do.
func TestErrorDetails(t *testing.T) {
	long := strings.Repeat("very long detail ", 40)
	tests := []struct {
		name    string
		status  int
		body    string
		details []string
		want    string // the whole Error()
	}{
		{"dataverse innererror", 500,
			`{"error":{"code":"0x80040217","message":"An unexpected error occurred.","innererror":{"message":"Account With Id = 7d5e... Does Not Exist","type":"System.ServiceModel.FaultException","stacktrace":"   at Microsoft.Crm.Extensibility.Secret()"}}}`,
			[]string{"Account With Id = 7d5e... Does Not Exist"},
			"odata: the server failed (HTTP 500, code 0x80040217): An unexpected error occurred (Account With Id = 7d5e... Does Not Exist)"},
		{"nested internalexception", 500,
			`{"error":{"code":"","message":"Internal Server Error","innererror":{"message":"An error occurred while updating the entries.","type":"X","stacktrace":"at Secret.Stack()","internalexception":{"message":"Cannot insert duplicate key\r\nrow in object 'dbo.Orders'.","internalexception":{"message":"Cannot insert duplicate key\r\nrow in object 'dbo.Orders'."}}}}}`,
			[]string{"An error occurred while updating the entries.", "Cannot insert duplicate key row in object 'dbo.Orders'."},
			"odata: the server failed (HTTP 500): Internal Server Error (An error occurred while updating the entries; Cannot insert duplicate key row in object 'dbo.Orders')"},
		{"details and innererror", 400,
			`{"error":{"code":"BadRequest","message":"Invalid query","details":[{"code":"1","message":"Property 'Nmae' not found","target":"$filter"},{"code":"2","message":"Invalid query"}],"innererror":{"message":"\u001b[31mline 1\u202e"}}}`,
			[]string{"Property 'Nmae' not found", "[31mline 1"},
			"odata: the server rejected the request (HTTP 400, code BadRequest): Invalid query (Property 'Nmae' not found; [31mline 1); check the query"},
		{"sap v2 errordetails", 400,
			`{"error":{"code":"SY/530","message":{"lang":"en","value":"Entity not valid"},"innererror":{"transactionid":"ABC","errordetails":[{"code":"/IWBEP/CX","message":"Field MATNR is required","severity":"error"},{"code":"x","message":"Entity not valid"}]}}}`,
			[]string{"Field MATNR is required"},
			"odata: the server rejected the request (HTTP 400, code SY/530): Entity not valid (Field MATNR is required); check the query"},
		{"a long detail is cut", 500, `{"error":{"code":"","message":"Boom","innererror":{"message":"` + long + `"}}}`,
			[]string{oneLine(long, maxMessage)}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := decodeError(tt.status, "application/json", []byte(tt.body))
			if strings.Join(e.Details, "|") != strings.Join(tt.details, "|") {
				t.Errorf("got details %q; want %q", e.Details, tt.details)
			}
			got := e.Error()
			if tt.want != "" && got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			if n := len([]rune(got)); n > 600 {
				t.Errorf("Error() has %d runes; want at most 600", n)
			}
			for _, leak := range []string{"Secret", "stack", "System.ServiceModel", "ABC", "\x1b", "\u202e", "\n"} {
				if strings.Contains(got, leak) {
					t.Errorf("Error() = %q holds %q", got, leak)
				}
			}
		})
	}
	e := decodeError(501, "application/json", readFixture(t, "error-v4-details-innererror.json"))
	if got, want := e.Error(), "odata: the server failed (HTTP 501, code 501): Unsupported functionality ($search query option not supported)"; got != want {
		t.Errorf("fixture: got %q; want %q", got, want)
	}
}

// TestNotFoundRecord: a 404 on a key path says the record was not found;
// on the set itself, the set.
func TestNotFoundRecord(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"error":{"code":"NotFound","message":"No resource found."}}`)
	}))
	t.Cleanup(srv.Close)
	c := mustClient(t, srv.URL+"/odata/")
	_, err := c.Entity(context.Background(), "OrderItems(orderNo='ORD-2',pos=9)")
	if want := "odata: record not found (HTTP 404, code NotFound): No resource found; check the key in OrderItems(orderNo='ORD-2',pos=9), or whether the record was deleted"; err == nil || err.Error() != want {
		t.Errorf("entity: got %v; want %q", err, want)
	}
	_, err = c.Page(context.Background(), Query{Set: "OrderItems"})
	if want := "entity set OrderItems not found"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("set: got %v; want it to say %q", err, want)
	}
}
