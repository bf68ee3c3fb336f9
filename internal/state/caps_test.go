package state

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestCapsRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "odx")
	c := LoadCaps(dir)
	const root = "https://org.crm4.dynamics.com/api/data/v9.2/"
	if got := c.Get(root); got.SkipRefused {
		t.Fatalf("a new file: got %+v; want nothing remembered", got)
	}
	if err := c.Set(root, ServiceCaps{SkipRefused: true}); err != nil {
		t.Fatal(err)
	}
	if got := LoadCaps(dir).Get(root); !got.SkipRefused || got.Seen.IsZero() {
		t.Errorf("read back: got %+v; want SkipRefused and a time", got)
	}
	fi, err := os.Stat(filepath.Join(dir, capsFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("file: %v, %v; want mode 0600", fi, err)
	}
	// Nothing to remember about another service: no change, no error.
	if err := c.Set("https://other/", ServiceCaps{}); err != nil {
		t.Fatal(err)
	}
	if got := len(LoadCaps(dir).data); got != 1 {
		t.Errorf("got %d services; want 1", got)
	}
}

func TestCapsCorruptAndMemory(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, capsFile), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := LoadCaps(dir)
	if got := c.Get("x"); got.SkipRefused {
		t.Errorf("corrupt file: got %+v; want nothing", got)
	}
	if err := c.Set("x", ServiceCaps{SkipRefused: true}); err != nil {
		t.Fatalf("writing over a corrupt file: %v", err)
	}
	m := LoadCaps("")
	if err := m.Set("x", ServiceCaps{SkipRefused: true}); err != nil || !m.Get("x").SkipRefused {
		t.Errorf("in memory: %v, %+v; want it kept", err, m.Get("x"))
	}
}

func TestCapsPruned(t *testing.T) {
	c := LoadCaps(t.TempDir())
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	n := 0
	c.Clock = func() time.Time { n++; return t0.Add(time.Duration(n) * time.Minute) }
	for i := 0; i < maxCaps+5; i++ {
		if err := c.Set(fmt.Sprintf("https://s%d/", i), ServiceCaps{SkipRefused: true}); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(c.data); got != maxCaps {
		t.Errorf("got %d services; want %d", got, maxCaps)
	}
	if c.Get("https://s0/").SkipRefused || !c.Get(fmt.Sprintf("https://s%d/", maxCaps+4)).SkipRefused {
		t.Error("want the oldest services dropped and the newest kept")
	}
}
