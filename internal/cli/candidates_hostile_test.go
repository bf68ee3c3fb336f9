package cli

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/odx-dev/odx/internal/state"
	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
)

// hostileCSDL is a $metadata document (JSON CSDL, which can carry any
// character) whose set and property names hold a title-setting OSC, a
// line break, a bidi override and shell syntax.
const hostileCSDL = `{"$Version":"4.01","$EntityContainer":"S.C",
 "S":{"T":{"$Kind":"EntityType","$Key":["Id"],"Id":{},
   "Evil\u001b]0;pwned\u0007":{},"Line\nBreak":{},"Bidi\u202eX":{},"Cmd$(touch pwned)":{},"Good":{}},
  "C":{"$Kind":"EntityContainer",
   "Sets\u001b]0;pwned\u0007":{"$Collection":true,"$Type":"S.T"},
   "Two\nSets":{"$Collection":true,"$Type":"S.T"},
   "Semi;rm -rf ~":{"$Collection":true,"$Type":"S.T"},
   "Back` + "`id`" + `":{"$Collection":true,"$Type":"S.T"},
   "Good":{"$Collection":true,"$Type":"S.T"}}}}`

// wantIdentifier is what a set or property name candidate may be: an OData
// simple identifier, without format controls.
var wantIdentifier = regexp.MustCompile(`^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}]{0,127}$`)

// TestCompleteHostileCache: set and property names from a hostile
// $metadata cache, and view names from a hostile state file, are never
// printed as candidates when the shell would show them raw or run them:
// set and property names are limited to identifier characters, view
// names to printable text without shell syntax.
func TestCompleteHostileCache(t *testing.T) {
	c, _ := completeFixture(t)
	cl, err := odata.NewClient("https://erp.example.com/api/domain/odata/", nil)
	if err != nil {
		t.Fatal(err)
	}
	w, err := state.NewMetadataCache(c.cacheDir).Store(cl.Root().Redacted(), odata.CacheValidators{ETag: `"2"`, Fetched: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte(hostileCSDL)); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	sets := c.complete(ctx, []string{"get", ""})
	props := c.complete(ctx, []string{"profile", "Good", ""})
	if len(sets) == 0 || len(props) == 0 {
		t.Fatalf("got sets %q, properties %q; want the hostile document read", sets, props)
	}
	for _, cand := range append(sets, props...) {
		if !wantIdentifier.MatchString(cand) {
			t.Errorf("got candidate %q; want identifier characters only", cand)
		}
	}

	// A hostile state file: view names with an escape and shell syntax.
	p, _ := state.Load(c.prefsDir)
	for _, name := range []string{"v\x1b]0;pwned\x07", "v$(touch pwned)", "v\nw"} {
		if _, err := p.SaveView("prod", state.View{Name: name, Set: "Customers"}); err != nil {
			continue // refused when saved: fine
		}
	}
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(c.prefsDir, "state.json"))
	if err == nil && !strings.Contains(string(raw), "touch pwned") {
		t.Log("the state file refused the names; views are checked as saved")
	}
	for _, cand := range c.complete(ctx, []string{"get", "--view", ""}) {
		if termtext.Sanitize(cand) != cand || strings.ContainsAny(cand, "\n$`;|&<>()\\\"'") {
			t.Errorf("got view candidate %q; want printable text without shell syntax", cand)
		}
	}
}
