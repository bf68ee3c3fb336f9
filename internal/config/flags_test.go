package config

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestScopeAndPageSizeFlags(t *testing.T) {
	fs := flag.NewFlagSet("odx", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cf := AddFlags(fs)
	if err := fs.Parse([]string{"--scope", "read, update", "--scope", "sec", "--page-size", "7"}); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint([]string(cf.scopes), cf.pageSize.n, cf.pageSize.set); got != "[read update sec] 7 true" {
		t.Errorf("got %s; want [read update sec] 7 true", got)
	}
	if err := fs.Parse([]string{"--page-size", "many"}); err == nil || !strings.Contains(err.Error(), "not a whole number") {
		t.Errorf("--page-size many: got %v; want a parse error", err)
	}
}
