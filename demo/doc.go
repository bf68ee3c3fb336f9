// Package demo is an embedded ERP.net-style instance: an OAuth2 token endpoint
// issuing signed JWT access tokens and an OData v4 service with generated,
// deterministic data. It is written from the OAuth2 and OData specifications,
// not from odx's client, and serves `odx --demo`, `odx demo` and the tests.
package demo
