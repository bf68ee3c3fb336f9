package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Discover reads the OpenID Provider metadata of issuerURL (for ERP.net
// https://{instance}/id) from its /.well-known/openid-configuration and
// returns its token_endpoint. hc nil means a client with a 30 s timeout.
// The endpoint must share the issuer's origin: a metadata document that
// points elsewhere is refused, since the secret would go there.
func Discover(ctx context.Context, hc *http.Client, issuerURL string) (string, error) {
	if hc == nil {
		hc = &http.Client{Timeout: defaultTimeout}
	}
	issuerOrigin, err := originOf(issuerURL, "the issuer URL")
	if err != nil {
		return "", err
	}
	u := strings.TrimSuffix(issuerURL, "/") + "/.well-known/openid-configuration"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", &Error{msg: fmt.Sprintf("the issuer URL %s is not usable: fix it in the configuration", quote(issuerURL, 200))}
	}
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", &Error{err: err, msg: fmt.Sprintf("cannot read the OpenID configuration at %s (%s): check the issuer URL "+
			"and your network", safeURL(u), quote(innermost(err), 200))}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxTokenBody))
	e := &Error{Status: resp.StatusCode, Body: body[:min(len(body), maxErrorBody)]}
	var meta struct {
		TokenEndpoint string `json:"token_endpoint"`
	}
	switch {
	case resp.StatusCode != http.StatusOK:
		e.msg = fmt.Sprintf("the OpenID configuration at %s answered HTTP %d: check the issuer URL (for ERP.net "+
			"https://{instance}/id)", safeURL(u), resp.StatusCode)
	case looksHTML(resp.Header.Get("Content-Type"), body):
		e.msg = fmt.Sprintf("the OpenID configuration at %s is an HTML page, not JSON: check the issuer URL", safeURL(u))
	case json.Unmarshal(body, &meta) != nil || meta.TokenEndpoint == "":
		e.msg = fmt.Sprintf("the OpenID configuration at %s has no token_endpoint: set token_url instead", safeURL(u))
	default:
		o, err := originOf(meta.TokenEndpoint, "the discovered token_endpoint")
		if err != nil {
			return "", err
		}
		if o != issuerOrigin {
			e.msg = fmt.Sprintf("the discovered token_endpoint %s is on another origin than the issuer %s: set token_url "+
				"explicitly if you trust it", safeURL(meta.TokenEndpoint), safeURL(issuerURL))
			return "", e
		}
		return meta.TokenEndpoint, nil
	}
	return "", e
}
