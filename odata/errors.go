package odata

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"html"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ErrBodyTooLarge is wrapped by the error returned when a response body is
// longer than Client.MaxBody.
var ErrBodyTooLarge = errors.New("odata: response body too large")

// ErrForeignLink is wrapped by the error returned when a next-page link (or
// any other link handed to the client) points to an origin other than the
// service root's. Such a link is never requested.
var ErrForeignLink = errors.New("odata: link to another origin")

// maxMessage is the longest Error.Message kept, in runes.
const maxMessage = 300

// maxErrorBody caps the bytes of an error response that are read.
const maxErrorBody = 64 << 10

// Error is a failed OData request: an HTTP status outside 2xx together with
// what the server said about it, whatever the shape of its error body
// (OData v4 or v2 JSON, the flat ERP.net body, XML, HTML, plain text or
// nothing at all).
type Error struct {
	// Status is the HTTP status code.
	Status int

	// Code is the server's error code as text ("" when it sent none); a
	// numeric code such as ERP.net's 2129 is kept as its digits.
	Code string

	// Message is the server's message on one line, with control characters
	// removed and trimmed to about 300 characters. Never a stack trace.
	Message string

	// Details are further messages the server gave, each on one line like
	// Message and without repeating it: those of a v4 error's details, its
	// innererror's message and nested internalexception messages
	// (Dataverse, SAP), and v2 errordetails. Never a stack trace.
	Details []string

	// Set is the entity set the request addressed, when known; it names
	// the set in a 404 message.
	Set string

	// Entity is the entity the request addressed by key, as in the path
	// ("OrderItems(orderNo='ORD-2',pos=9)"), when the path ends in one: a
	// 404 then says the record was not found, not the set.
	Entity string

	// RetryAfter is the wait the server asked for with Retry-After, or 0.
	RetryAfter time.Duration
}

// LicenseExceeded reports whether the server refused the request because
// all of its licences are in use (ERP.net's MaximumLicenseCountExceeded).
func (e *Error) LicenseExceeded() bool {
	const s = "maximumlicensecountexceeded"
	return strings.Contains(strings.ToLower(e.Code), s) || strings.Contains(strings.ToLower(e.Message), s)
}

// Error returns one sentence: what went wrong and, where one is known, what
// to do next.
func (e *Error) Error() string {
	status := "HTTP " + strconv.Itoa(e.Status)
	if e.Code != "" {
		status += ", code " + e.Code
	}
	var what, next string
	switch {
	case e.LicenseExceeded():
		return "odata: the server has no free licence (MaximumLicenseCountExceeded); wait for idle sessions to expire (up to 20 minutes) or ask an administrator to free one"
	case e.Status == http.StatusNotFound && e.Entity != "":
		what, next = "record not found", "check the key in "+e.Entity+", or whether the record was deleted"
	case e.Status == http.StatusNotFound && e.Set != "":
		what, next = "entity set "+e.Set+" not found", "check the name with `odx sets`"
	case e.Status == http.StatusNotFound:
		what = "resource not found"
	case e.Status == http.StatusTooManyRequests:
		what, next = "the server is busy", "wait a moment and try again"
	case e.Status == http.StatusServiceUnavailable:
		what, next = "the service is unavailable", "try again later"
	case e.Status == http.StatusUnauthorized:
		what, next = "the server refused the credentials", "check the client id and secret"
	case e.Status == http.StatusForbidden:
		what, next = "access denied", "check the application's scopes and the user's permissions"
	case e.Status >= 500:
		what = "the server failed"
	case e.Status >= 400:
		what, next = "the server rejected the request", "check the query"
	default:
		what = "unexpected response"
	}
	s := "odata: " + what + " (" + status + ")"
	if msg := strings.TrimRight(e.Message, ". "); msg != "" {
		s += ": " + msg
	}
	if d := e.detailText(); d != "" {
		s += " (" + d + ")"
	}
	if next != "" {
		s += "; " + next
	}
	return s
}

// decodeError turns an error response into an *Error, whatever its shape.
// It never fails: an unreadable body leaves only the status text.
func decodeError(status int, contentType string, body []byte) *Error {
	e := &Error{Status: status}
	body = bytes.TrimPrefix(body, bom)
	trimmed := bytes.TrimSpace(body)
	ct := strings.ToLower(contentType)
	switch {
	case len(trimmed) == 0:
	case trimmed[0] == '{':
		e.Code, e.Message = jsonError(trimmed)
	case trimmed[0] == '<' && (strings.Contains(ct, "html") || looksHTML(trimmed)):
		e.Message = htmlTitle(trimmed)
	case trimmed[0] == '<':
		e.Code, e.Message = xmlError(trimmed)
	default:
		e.Message = string(trimmed)
	}
	e.Code = oneLine(e.Code, 80)
	e.Message = oneLine(e.Message, maxMessage)
	if e.Message == "" {
		e.Message = http.StatusText(status)
	}
	if len(trimmed) > 0 && trimmed[0] == '{' {
		e.Details = detailMessages(trimmed, e.Message)
	}
	return e
}

// maxDetails caps the runes of all of an Error's details in its sentence.
const maxDetails = 240

// detailText joins e's details with "; ", cut at about maxDetails runes.
func (e *Error) detailText() string {
	var b strings.Builder
	n := 0
	for _, d := range e.Details {
		d = strings.TrimRight(d, ". ")
		if d == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("; ")
			n += 2
		}
		r := []rune(d)
		if n+len(r) > maxDetails {
			b.WriteString(oneLine(d, max(maxDetails-n, 20)))
			break
		}
		b.WriteString(d)
		n += len(r)
	}
	return b.String()
}

var bom = []byte("\xef\xbb\xbf")

// errorBody covers the JSON error shapes seen in the wild: OData v4
// {"error":{"code","message",...}}, OData v2 (message is {lang,value}),
// ERP.net's flat {"message","code":<number>,...} and OAuth's
// {"error":"...","error_description":"..."}. Field names match without
// regard to case, as encoding/json does.
type errorBody struct {
	Error            json.RawMessage `json:"error"`
	ErrorDescription string          `json:"error_description"`
	errorObject
}

type errorObject struct {
	Code    json.RawMessage `json:"code"`
	Message json.RawMessage `json:"message"`
	Details []struct {
		Code    json.RawMessage `json:"code"`
		Message json.RawMessage `json:"message"`
	} `json:"details"`
}

func jsonError(b []byte) (code, msg string) {
	var body errorBody
	if json.Unmarshal(b, &body) != nil {
		return "", string(b)
	}
	obj := body.errorObject
	if len(body.Error) > 0 {
		var s string
		if json.Unmarshal(body.Error, &s) == nil { // OAuth
			return s, body.ErrorDescription
		}
		var inner errorObject
		if json.Unmarshal(body.Error, &inner) == nil {
			obj = inner
		}
	}
	code, msg = rawText(obj.Code), rawText(obj.Message)
	if msg == "" && len(obj.Details) > 0 {
		msg = rawText(obj.Details[0].Message)
		if code == "" {
			code = rawText(obj.Details[0].Code)
		}
	}
	return code, msg
}

// rawText reads a JSON string, number, or v2 {"lang","value"} object as text.
func rawText(r json.RawMessage) string {
	r = bytes.TrimSpace(r)
	if len(r) == 0 || string(r) == "null" {
		return ""
	}
	switch r[0] {
	case '"':
		var s string
		json.Unmarshal(r, &s)
		return s
	case '{':
		var v struct {
			Value json.RawMessage `json:"value"`
		}
		if json.Unmarshal(r, &v) == nil && len(v.Value) > 0 && v.Value[0] != '{' {
			return rawText(v.Value)
		}
		return ""
	case '[':
		return ""
	default: // number or boolean
		return string(r)
	}
}

func xmlError(b []byte) (code, msg string) {
	var v struct {
		Code    string `xml:"code"`
		Message string `xml:"message"`
	}
	if err := xml.Unmarshal(b, &v); err != nil {
		return "", "the server sent an XML error body that could not be read"
	}
	return v.Code, v.Message
}

func looksHTML(b []byte) bool {
	head := strings.ToLower(string(b[:min(len(b), 512)]))
	return strings.Contains(head, "<html") || strings.Contains(head, "<!doctype html")
}

// htmlTitle returns the text of an HTML page's <title>, or "" when it has
// none: the rest of an HTML error page is never shown.
func htmlTitle(b []byte) string {
	lower := bytes.ToLower(b)
	i := bytes.Index(lower, []byte("<title"))
	if i < 0 {
		return ""
	}
	j := bytes.IndexByte(lower[i:], '>')
	if j < 0 {
		return ""
	}
	start := i + j + 1
	end := bytes.Index(lower[start:], []byte("</title"))
	if end < 0 {
		return ""
	}
	return html.UnescapeString(string(b[start : start+end]))
}

// oneLine makes server text safe to show: invalid UTF-8, control and
// format characters (including bidi overrides) become spaces, runs of
// white space collapse, and the result is cut to max runes with "…".
func oneLine(s string, max int) string {
	var sb strings.Builder
	space := false
	n := 0
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) {
			space = sb.Len() > 0
			continue
		}
		if space && n+1 >= max || n >= max {
			sb.WriteString("…")
			return sb.String()
		}
		if space {
			sb.WriteByte(' ')
			n++
			space = false
		}
		sb.WriteRune(r)
		n++
	}
	return sb.String()
}
