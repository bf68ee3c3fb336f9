package config

import "testing"

func TestLoopbackHTTPAccepted(t *testing.T) {
	for _, inst := range []string{"http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080", "http://127.9.9.9"} {
		s, _, _, err := fixture{env: map[string]string{"ODX_INSTANCE": inst, "ODX_CLIENT_ID": "c", "ODX_CLIENT_SECRET": "s"}}.load(t)
		if err != nil {
			t.Errorf("instance %s: got error %v; want it accepted", inst, err)
			continue
		}
		if want := inst + "/id/connect/token"; s.TokenURL != want {
			t.Errorf("token URL: got %q; want %q", s.TokenURL, want)
		}
	}
}
