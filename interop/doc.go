//go:build interop

// Package interop tests odx against servers written by others: oidc-provider
// (an OpenID Certified OAuth 2.0 provider issuing RFC 9068 JWT access tokens
// with the client-credentials grant) and SAP CAP (an OData v4 server over
// SQLite, also served as OData v2 through SAP's community adapter,
// @cap-js-community/odata-v2-adapter), all started from the Node project in
// ./server. The demo instance
// shares odx's reading of the specs; these servers do not.
//
// Run with scripts/interop, which installs the Node packages (npm ci) and
// then runs go test -tags interop ./interop/.
package interop
