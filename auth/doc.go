// Package auth gets, keeps, renews and shows OAuth2 access tokens obtained
// with the client-credentials grant (RFC 6749 §4.4) from an ERP.net Instance
// ID (or any OAuth2 token endpoint). It knows nothing of OData or the UI.
package auth
