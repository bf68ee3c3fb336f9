// Package odata is a read-only OData v4 client (with v2 responses read where
// cheap): service document, streamed CSDL metadata, queries, pages and error
// bodies. It receives an *http.Client and never imports auth, ui or any
// other odx package.
//
// Client.FillPage is the one paging loop (next links, capped pages filled,
// $skip after a full page without a link); Pager and All walk a query with
// it. A Dialect (ERPNet, GenericV4, V2; see DetectDialect and
// Client.Dialect) says what differs between servers: paging style, $filter
// operators, $select=default, literal forms. Client.EntityURL, Related and
// LoadRelated address an entity and what it links to, from the links the
// server sent or from the key and $metadata. The $metadata cache is given
// by the application (Client.MetadataCache); nil means none.
package odata
