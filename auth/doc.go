// Package auth gets, keeps, renews and shows OAuth2 access tokens obtained
// with the client-credentials grant (RFC 6749 §4.4) from an ERP.net Instance
// ID (or any OAuth2 token endpoint). It knows nothing of OData or the UI.
//
// A Source asks a Grant for a token, caches it until it is about to expire,
// and shares one fetch among concurrent callers; the cache knows nothing of
// the grant type. ClientCredentials is the one Grant today: it fetches
// through golang.org/x/oauth2/clientcredentials (credentials as form
// fields, as ERP.net documents), and NewSource builds a Source around it. A
// Transport puts the token on requests for the service's origin only; on a
// 401 it fetches a new token and replays the request once. Failures become
// an *Error whose message names the cause and the next step.
//
// Inspect and Source.Info decode a token for people (scopes, expiry, JWT
// header and claims, never verified); Mask hides all but a token's last six
// characters. The client secret and whole tokens never appear in errors,
// events or Info.
package auth
