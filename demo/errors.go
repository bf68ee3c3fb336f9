package demo

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// apiError is an error of the Domain API. ERP.net answers failed requests
// with a flat body {"message","code":<number>,"type","info",…}; the demo uses
// that shape for every API error, including 404 for an unknown entity set or
// key (a real instance may answer those with an OData {"error":{…}} body).
type apiError struct {
	status int
	code   int
	typ    string // .NET exception type name, as ERP.net reports it
	msg    string
}

func (e *apiError) Error() string { return e.msg }

// errNotSupported is a query that uses a feature ERP.net does not support.
func errNotSupported(format string, args ...any) *apiError {
	return &apiError{status: http.StatusInternalServerError, typ: "NotSupportedException", msg: fmt.Sprintf(format, args...)}
}

// errSyntax is a query that does not parse or does not type-check.
func errSyntax(format string, args ...any) *apiError {
	return &apiError{status: http.StatusInternalServerError, typ: "ODataException", msg: fmt.Sprintf(format, args...)}
}

// errNotFound is an unknown entity set, key or path.
func errNotFound(format string, args ...any) *apiError {
	return &apiError{status: http.StatusNotFound, code: 404, typ: "ODataException", msg: fmt.Sprintf(format, args...)}
}

// writeAPIError writes the flat ERP.net error body.
func writeAPIError(w http.ResponseWriter, e *apiError) {
	body, _ := json.Marshal(struct {
		Message       string   `json:"message"`
		Code          int      `json:"code"`
		Type          string   `json:"type"`
		Info          string   `json:"info"`
		MessageFormat string   `json:"messageFormat"`
		Parameters    []string `json:"parameters"`
	}{e.msg, e.code, e.typ, "", e.msg, []string{}})
	h := w.Header()
	h.Set("Content-Type", "application/json;charset=utf-8")
	h.Set("OData-Version", "4.0")
	w.WriteHeader(e.status)
	_, _ = w.Write(body)
}
