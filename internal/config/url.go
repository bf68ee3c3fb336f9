package config

import (
	"net"
	"net/url"
	"strings"
)

// setURLs validates and derives Instance, TokenURL and ServiceRoot.
func (s *Settings) setURLs(inst, tok, root layered, missing string) error {
	if inst.v == "" && (tok.v == "" || root.v == "") {
		return Errorf("%s", missing)
	}
	var base *url.URL
	if inst.v != "" {
		u, err := checkURL("instance", inst, false)
		if err != nil {
			return err
		}
		u.Path = strings.TrimRight(u.Path, "/")
		base = u
		s.Instance = u.String()
	}
	if tok.v == "" {
		tok = layered{s.Instance + "/id/connect/token", inst.from}
	}
	if root.v == "" {
		root = layered{s.Instance + "/api/domain/odata/", inst.from}
	}
	u, err := checkURL("token URL", tok, true)
	if err != nil {
		return err
	}
	s.TokenURL = u.String()
	if u, err = checkURL("service root", root, true); err != nil {
		return err
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
		if u.RawPath != "" {
			u.RawPath += "/"
		}
	}
	s.ServiceRoot = u.String()
	if base == nil {
		s.Instance = (&url.URL{Scheme: u.Scheme, Host: u.Host}).String()
	}
	return nil
}

// checkURL accepts an absolute https URL, or http to a loopback host.
func checkURL(what string, l layered, query bool) (*url.URL, error) {
	u, err := url.Parse(l.v)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return nil, Errorf("the %s %q (%s) is not an absolute URL; write it like https://acme.my.erp.net", what, l.v, l.from)
	}
	switch scheme := strings.ToLower(u.Scheme); {
	case scheme == "http" && !isLoopback(u.Hostname()):
		return nil, Errorf("the %s %q (%s) uses plain http to a host that is not loopback; use https (http is only allowed for localhost, 127.0.0.0/8 and ::1)", what, l.v, l.from)
	case scheme != "http" && scheme != "https":
		return nil, Errorf("the %s %q (%s) is not an http or https URL; write it like https://acme.my.erp.net", what, l.v, l.from)
	case u.User != nil:
		return nil, Errorf("the %s (%s) contains a user name or password; remove it and use client_id and a secret source", what, l.from)
	case u.Fragment != "" || (!query && (u.RawQuery != "" || u.ForceQuery)):
		return nil, Errorf("the %s %q (%s) must not have a query or fragment; remove what follows ? or #", what, l.v, l.from)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	return u, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
