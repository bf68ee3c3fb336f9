package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestFaultHostileStrings puts terminal controls in every string the server
// sends: set names, property names, values, error messages, the token's
// claims, scope and type. The text outputs must show them harmlessly (cli
// fails the test on any control character in stdout or stderr).
func TestFaultHostileStrings(t *testing.T) {
	faultEnv(t)
	const evil = `\u001b]0;pwned\u0007\u001b[2J\r\u009b31m\u202eRLO\u2066`
	f := newFaultServer(t, 3)
	f.setsJSON = `{"value":[{"name":"Items` + evil + `","kind":"EntitySet","url":"Items"},{"name":"` + evil + `"}]}`
	f.rowJSON = func(i int) string {
		return `{"Id":` + string(rune('0'+i)) + `,"Na` + evil + `me":"v` + evil + `","Raw":"bad ` + "\x9b" + ` byte",` +
			`"Obj":{"k` + evil + `":"x` + evil + `"}}`
	}
	var claim string
	if err := json.Unmarshal([]byte(`"`+evil+`"`), &claim); err != nil {
		t.Fatal(err)
	}
	f.claims = map[string]any{"name": claim, claim: "value", "aud": []string{claim, "api"}}
	f.scope = "read " + claim
	f.tokenType = "Bearer" + claim

	for _, args := range [][]string{{"sets"}, {"sets", "--all"}, {"get", "Items", "-o", "table"}, {"token"}} {
		code, stdout, stderr := f.cli(t, args...)
		if code != exitOK {
			t.Errorf("odx %s: exit status %d, stderr %q; want 0", strings.Join(args, " "), code, stderr)
		}
		if !strings.Contains(stdout, "␛") && !strings.Contains(stdout, `\x1b`) {
			t.Errorf("odx %s: the escape character is not shown visibly:\n%s", strings.Join(args, " "), stdout)
		}
	}
	hostileErrors := []hook{
		answer("", 500, `{"message":"failed`+evil+`","code":"E`+evil+`"}`),
		answer("", 403, "", "WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"read\u009b31m\u202e\", error_description=\"no\u202e\u0085\""),
		answer("", 404, `<?xml version="1.0"?><error><code>X`+"\x1b[5m"+`</code><message>gone`+"\u009b\u202e"+`</message></error>`,
			"Content-Type", "application/xml"),
	}
	for i, h := range hostileErrors {
		f.setAPI(h)
		if code, _, stderr := f.cli(t, "get", "Items"); code != exitFailure {
			t.Errorf("hostile error %d: exit status %d, stderr %q; want 1", i, code, stderr)
		} else {
			t.Logf("hostile error %d shown as %s", i, strings.TrimSpace(stderr))
		}
	}
	f.setAPI(nil)
	f.mu.Lock()
	f.nextPrefix = "http://127.0.0.2\u202e:1/" // a foreign link is named in the error
	f.mu.Unlock()
	if code, _, stderr := f.cli(t, "get", "Items", "--top", "1", "--all"); code != exitFailure {
		t.Errorf("hostile next link: exit status %d, stderr %q; want 1", code, stderr)
	}
}
