package config

import "testing"

func TestSuggest(t *testing.T) {
	for key, want := range map[string]string{
		"scope": "scopes", "clientId": "client_id", "page-size": "page_size", "secret_cmd": "client_secret_cmd",
		"tokenurl": "token_url", "colour": "", "url": "token_url", "secret": "client_secret", "name": "", "id": "client_id", "lang": "", "languages": "language",
	} {
		if got := suggest(key, profileKeys()); got != want {
			t.Errorf("suggest(%q): got %q; want %q", key, got, want)
		}
	}
}
