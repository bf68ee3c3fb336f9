package demo

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// contentType is ERP.net's (Microsoft.OData's) JSON content type.
func contentType(ieee bool) string {
	return "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=" + strconv.FormatBool(ieee) + ";charset=utf-8"
}

// serveAPI serves /api/domain/odata/… for an authorised, admitted request.
func (i *Instance) serveAPI(w http.ResponseWriter, r *http.Request) {
	a := i.authorize(r)
	if a.s == nil {
		i.refuse(w, a)
		return
	}
	release, ok := i.enter(r.Context(), a.s, r)
	if !ok {
		return
	}
	defer release()
	i.api.Add(1)
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET")
		writeAPIError(w, &apiError{status: http.StatusMethodNotAllowed, code: 405, typ: "NotSupportedException",
			msg: "The demo instance is read-only; only GET requests are served."})
		return
	}
	if err := i.route(w, r); err != nil {
		writeAPIError(w, err)
	}
}

func (i *Instance) route(w http.ResponseWriter, r *http.Request) *apiError {
	rest := strings.TrimPrefix(r.URL.Path, apiPrefix)
	ps, err := parseParams(r.URL.RawQuery)
	if err != nil {
		return err.(*apiError)
	}
	ieee := wantsIEEE754(r, ps)
	switch rest {
	case "":
		i.serveServiceDocument(w, r, ieee)
		return nil
	case "$metadata":
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("OData-Version", "4.0")
		_, _ = w.Write(metadataXML())
		return nil
	case "GetVersion", "GetVersion()":
		i.writeBody(w, ieee, []byte(`{"@odata.context":"`+serviceRoot(r)+`$metadata#Erp.OpenObject","version":"`+Version+`"}`))
		return nil
	}
	if err, ok := i.operation(w, r, rest, ieee); ok { // the singleton and the functions (operations.go)
		return err
	}
	name, tail, _ := strings.Cut(rest, "/")
	name, key, hasKey := strings.Cut(name, "(")
	s := i.data.byName[name]
	if s == nil {
		return errNotFound("The entity set '%s' does not exist; the service document at %s lists the sets.", name, apiPrefix)
	}
	switch {
	case hasKey && tail == "":
		return i.serveEntity(w, r, s, strings.TrimSuffix(key, ")"), ps, ieee)
	case hasKey:
		return errNotSupported("Navigation paths such as %s are not supported; use $expand instead.", rest)
	case tail == "$count":
		return i.serveCount(w, s, ps)
	case tail != "":
		return errNotFound("The path %s does not exist.", rest)
	}
	return i.serveCollection(w, r, s, ps, ieee)
}

// wantsIEEE754 reports whether Accept or $format asks IEEE754Compatible=true.
func wantsIEEE754(r *http.Request, ps []param) bool {
	for _, p := range ps {
		if p.key == "$format" && strings.Contains(strings.ToLower(p.val), "ieee754compatible=true") {
			return true
		}
	}
	return strings.Contains(strings.ToLower(strings.ReplaceAll(r.Header.Get("Accept"), " ", "")), "ieee754compatible=true")
}

func skipNulls(ps []param) bool {
	for _, p := range ps {
		if p.key == "options" && strings.Contains(p.val, "skipnulls") {
			return true
		}
	}
	return false
}

func (i *Instance) writeBody(w http.ResponseWriter, ieee bool, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType(ieee))
	h.Set("OData-Version", "4.0")
	_, _ = w.Write(body)
}

func (i *Instance) serveServiceDocument(w http.ResponseWriter, r *http.Request, ieee bool) {
	e := &encoder{}
	e.raw(`{"@odata.context":`)
	e.str(serviceRoot(r) + "$metadata")
	e.raw(`,"value":[`)
	for _, s := range i.data.sets {
		e.raw(`{"name":`)
		e.str(s.name)
		e.raw(`,"kind":"EntitySet","url":`)
		e.str(s.name)
		e.raw(`},`)
	}
	operationEntries(e)
	e.raw(`{"name":"GetVersion","kind":"FunctionImport","url":"GetVersion"}]}`)
	i.writeBody(w, ieee, e.b)
}

func (i *Instance) serveCount(w http.ResponseWriter, s *entitySet, ps []param) *apiError {
	q, err := buildQuery(s, ps, topOptions)
	if err != nil {
		return err.(*apiError)
	}
	count := *q
	count.order, count.skiptoken, count.skip, count.hasTop = nil, "", 0, false
	_, total, _ := count.run(s.rows, 0)
	w.Header().Set("Content-Type", "text/plain;charset=utf-8")
	w.Header().Set("OData-Version", "4.0")
	_, _ = w.Write([]byte(strconv.Itoa(total)))
	return nil
}

func (i *Instance) serveEntity(w http.ResponseWriter, r *http.Request, s *entitySet, key string, ps []param, ieee bool) *apiError {
	key = strings.ToLower(strings.TrimPrefix(key, "Id="))
	if len(key) != 36 || !reGuid().MatchString(key) {
		return errSyntax("The key %q of %s is not a Guid; address an entity as %s(guid).", key, s.name, s.name)
	}
	row := s.byID[key]
	if row == nil {
		return errNotFound("%s has no entity with Id %s.", s.name, key)
	}
	q, err := buildQuery(s, ps, []string{"$select", "$expand", "$format"})
	if err != nil {
		return err.(*apiError)
	}
	e := &encoder{ieee: ieee, skipNulls: skipNulls(ps)}
	e.entity(q, row)
	body := e.b
	prefix := `{"@odata.context":` + strconv.Quote(serviceRoot(r)+"$metadata#"+s.name+"/$entity") + ","
	body = append([]byte(prefix), body[1:]...)
	i.writeBody(w, ieee, body)
	return nil
}

func (i *Instance) serveCollection(w http.ResponseWriter, r *http.Request, s *entitySet, ps []param, ieee bool) *apiError {
	if applied, err := i.serveApply(w, r, s, ps, ieee); applied {
		return err
	}
	q, err := buildQuery(s, ps, topOptions)
	if err != nil {
		return err.(*apiError)
	}
	page, total, more := q.run(s.rows, i.opts.MaxPageSize)
	e := &encoder{ieee: ieee, skipNulls: skipNulls(ps), b: make([]byte, 0, 512*len(page)+256)}
	e.raw(`{"@odata.context":`)
	ctx := serviceRoot(r) + "$metadata#" + s.name
	if q.selectTxt != "" {
		ctx += "(" + strings.ReplaceAll(q.selectTxt, " ", "") + ")"
	}
	e.str(ctx)
	if q.count {
		e.raw(`,"@odata.count":`)
		e.number(ieee, func(b []byte) []byte { return strconv.AppendInt(b, int64(total), 10) })
	}
	e.raw(`,"value":`)
	e.collection(q, page)
	if more {
		e.raw(`,"@odata.nextLink":`)
		e.str(nextLink(r, ps, q, page))
	}
	e.b = append(e.b, '}')
	i.writeBody(w, ieee, e.b)
	return nil
}

// nextLink is the absolute, percent-encoded link to the following page:
// keyset paging ($skiptoken=<last Id>, $skip dropped) without $orderby,
// offset paging ($skip=previous skip + rows returned) with it. Every other
// parameter, $count=true included, is carried forward in request order.
func nextLink(r *http.Request, ps []param, q *query, page []*row) string {
	var b strings.Builder
	b.WriteString(origin(r))
	b.WriteString(r.URL.EscapedPath())
	sep := byte('?')
	add := func(k, v string) {
		b.WriteByte(sep)
		sep = '&'
		b.WriteString(escape(k))
		b.WriteByte('=')
		b.WriteString(escape(v))
	}
	for _, p := range ps {
		if p.key != "$skip" && p.key != "$skiptoken" {
			add(p.key, p.val)
		}
	}
	if len(q.order) > 0 {
		add("$skip", strconv.Itoa(q.skip+len(page)))
	} else {
		add("$skiptoken", page[len(page)-1].id)
	}
	return b.String()
}

// escape percent-encodes a query component (a space as %20, not '+').
func escape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}
