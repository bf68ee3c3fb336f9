// Package odata is a read-only OData v4 client (with v2 responses read where
// cheap): service document, streamed CSDL metadata, queries, pages and error
// bodies. It receives an *http.Client and never imports auth or ui.
package odata
