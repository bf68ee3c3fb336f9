//go:build interop

package interop

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var (
	buildOnce sync.Once
	odxBin    string
	buildErr  error
	buildOut  []byte
)

// odx runs the real odx binary (built once per run, or $ODX_INTEROP_BIN) with the interop
// instance's flags, the secret in ODX_CLIENT_SECRET, and a config and cache
// directory of its own; it returns stdout, stderr and the exit code.
func odx(t *testing.T, secret string, args ...string) (string, string, int) {
	t.Helper()
	return odxAt(t, srv.ServiceRoot, secret, args...)
}

// odxAt is odx against the service root root (the v2 adapter's, say).
func odxAt(t *testing.T, root, secret string, args ...string) (string, string, int) {
	t.Helper()
	need(t)
	buildOnce.Do(func() {
		if bin := os.Getenv("ODX_INTEROP_BIN"); bin != "" { // a binary built already
			odxBin = bin
			return
		}
		dir, err := os.MkdirTemp("", "odx-interop-")
		if err != nil {
			buildErr = err
			return
		}
		odxBin = filepath.Join(dir, "odx")
		buildOut, buildErr = exec.Command("go", "build", "-o", odxBin, "github.com/odx-dev/odx").CombinedOutput()
	})
	if buildErr != nil {
		t.Fatalf("go build: %v\n%s", buildErr, buildOut)
	}
	home := t.TempDir()
	flags := []string{"--instance", srv.Origin, "--client-id", srv.ClientID,
		"--token-url", srv.TokenURL, "--service-root", root}
	// Subcommand first, then its flags.
	cmd := exec.CommandContext(ctx(t), odxBin, append(append(args[:1:1], flags...), args[1:]...)...)
	// The user's ODX_* settings and config file stay out of the run.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ODX_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "ODX_CLIENT_SECRET="+secret, "HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_CACHE_HOME="+filepath.Join(home, "cache"), "NO_COLOR=1")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("odx %s: %v", strings.Join(args, " "), err)
	}
	if strings.Contains(out.String()+errb.String(), secret) {
		t.Errorf("odx %s printed the client secret", strings.Join(args, " "))
	}
	return out.String(), errb.String(), code
}

func TestCLIToken(t *testing.T) {
	out, errOut, code := odx(t, srv.ClientSecret, "token", "-o", "json")
	if code != 0 {
		t.Fatalf("odx token: exit %d, stderr %q", code, errOut)
	}
	var info struct {
		Token  string            `json:"token"`
		Kind   string            `json:"kind"`
		Scopes []string          `json:"scopes"`
		Claims map[string]any    `json:"claims"`
		Header map[string]string `json:"header"`
	}
	if err := json.Unmarshal([]byte(out), &info); err != nil {
		t.Fatalf("odx token -o json: %v\n%s", err, out)
	}
	if info.Kind != "JWT" || info.Header["alg"] != "RS256" {
		t.Errorf("kind %q alg %q; want JWT RS256", info.Kind, info.Header["alg"])
	}
	if strings.Join(info.Scopes, " ") != "read" {
		t.Errorf("scopes = %q; want [read] (the CLI's default)", info.Scopes)
	}
	if info.Claims["client_id"] != srv.ClientID || info.Claims["aud"] != srv.ServiceRoot {
		t.Errorf("claims client_id %v aud %v; want %s and %s", info.Claims["client_id"], info.Claims["aud"], srv.ClientID, srv.ServiceRoot)
	}
	if !strings.HasPrefix(info.Token, "…") {
		t.Errorf("token = %q; want it masked", info.Token)
	}
}

func TestCLIWrongSecret(t *testing.T) {
	_, errOut, code := odx(t, "wrong-secret", "sets")
	if code != 1 {
		t.Errorf("exit code = %d; want 1", code)
	}
	if lines := strings.Count(strings.TrimSpace(errOut), "\n") + 1; lines != 1 || !strings.Contains(errOut, "invalid_client") && !strings.Contains(strings.ToLower(errOut), "secret") {
		t.Errorf("stderr = %q; want one sentence about the client credentials", errOut)
	}
}

func TestCLISets(t *testing.T) {
	out, errOut, code := odx(t, srv.ClientSecret, "sets")
	if code != 0 {
		t.Fatalf("odx sets: exit %d, stderr %q", code, errOut)
	}
	if got := strings.Fields(out); strings.Join(got, " ") != "Crm_Sales_Customers Crm_Sales_SalesOrders" {
		t.Errorf("odx sets = %q; want the two entity sets", out)
	}
}

func TestCLIGetAll(t *testing.T) {
	out, errOut, code := odx(t, srv.ClientSecret, "get", "Crm_Sales_Customers", "--all", "-o", "ndjson",
		"--orderby", "Number", "--page-size", "250", "--count")
	if code != 0 {
		t.Fatalf("odx get --all: exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(errOut, "3000") {
		t.Errorf("stderr = %q; want the count 3000", errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != customers {
		t.Fatalf("lines = %d; want %d", len(lines), customers)
	}
	seen := map[string]bool{}
	for i, line := range lines {
		var row map[string]json.RawMessage
		if err := json.Unmarshal([]byte(line), &row); err != nil {
			t.Fatalf("line %d: %v: %s", i+1, err, line)
		}
		id := string(row["Id"])
		if seen[id] {
			t.Errorf("line %d: Id %s came twice", i+1, id)
		}
		seen[id] = true
		if got, want := string(row["BigNumber"]), `"`+bigNumber(i+1)+`"`; got != want {
			t.Errorf("line %d BigNumber = %s; want %s", i+1, got, want)
		}
		if got, want := string(row["CreditLimit"]), `"`+creditLimit(i+1)+`"`; got != want {
			t.Errorf("line %d CreditLimit = %s; want %s", i+1, got, want)
		}
	}
}

func TestCLIGetQueryOptions(t *testing.T) {
	out, errOut, code := odx(t, srv.ClientSecret, "get", "Crm_Sales_SalesOrders", "-o", "json",
		"--select", "DocumentNo,LineCount", "--filter", "LineCount eq 3", "--orderby", "DocumentNo desc",
		"--expand", "Customer($select=Number)", "--top", "4", "--skip", "1", "--count")
	if code != 0 {
		t.Fatalf("odx get: exit %d, stderr %q", code, errOut)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("odx get -o json: %v\n%s", err, out)
	}
	// LineCount is i%7+1 = 3 for i = 2, 9, 16, …, 597: 86 orders, newest first.
	if !strings.Contains(errOut, "86") {
		t.Errorf("stderr = %q; want the count 86", errOut)
	}
	want := []string{"SO-00590", "SO-00583", "SO-00576", "SO-00569"}
	if len(rows) != len(want) {
		t.Fatalf("rows = %d; want %d", len(rows), len(want))
	}
	for i, r := range rows {
		if r["DocumentNo"] != want[i] {
			t.Errorf("row %d DocumentNo = %v; want %s", i, r["DocumentNo"], want[i])
		}
		cu, _ := r["Customer"].(map[string]any)
		if n, _ := cu["Number"].(string); !strings.HasPrefix(n, "C-000") {
			t.Errorf("row %d Customer = %v; want the expanded customer's Number", i, r["Customer"])
		}
	}
}

func TestCLIMetadata(t *testing.T) {
	out, errOut, code := odx(t, srv.ClientSecret, "metadata", "Crm_Sales_SalesOrders")
	if code != 0 {
		t.Fatalf("odx metadata: exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"key: Id", "Customer_Id", "Edm.Decimal", "Crm_Sales_Customers"} {
		if !strings.Contains(out, want) {
			t.Errorf("odx metadata Crm_Sales_SalesOrders lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = odx(t, srv.ClientSecret, "metadata")
	if !strings.Contains(out, "2 entity sets") {
		t.Errorf("odx metadata = %q; want 2 entity sets", out)
	}
}
