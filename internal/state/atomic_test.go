package state

import (
	"os"
	"path/filepath"
	"testing"
)

// leftovers lists the files in dir other than the named ones.
func leftovers(t *testing.T, dir string, keep ...string) []string {
	t.Helper()
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
outer:
	for _, f := range files {
		for _, k := range keep {
			if f.Name() == k {
				continue outer
			}
		}
		out = append(out, f.Name())
	}
	return out
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	for _, content := range []string{"first", "second, longer than the first", ""} {
		if err := WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatalf("WriteFile(%q): %v", content, err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != content {
			t.Errorf("after WriteFile(%q): got %q, %v", content, got, err)
		}
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
			t.Errorf("mode: got %v; want 0600", fi.Mode().Perm())
		}
	}
	if err := WriteFile(path, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode after 0644: got %v; want 0644 whatever the umask", fi.Mode().Perm())
	}
	if extra := leftovers(t, dir, "state.json"); len(extra) != 0 {
		t.Errorf("temporary files left: %v", extra)
	}
	if err := WriteFile(filepath.Join(dir, "missing", "f"), []byte("x"), 0o600); err == nil {
		t.Errorf("WriteFile into a missing directory: got no error")
	}
}

func TestAtomicFile(t *testing.T) {
	tests := []struct {
		name   string
		finish func(*AtomicFile) error
		want   string
	}{
		{"commit", (*AtomicFile).Commit, "new"},
		{"abort", func(a *AtomicFile) error { a.Abort(); return nil }, "old"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		path := filepath.Join(dir, "f")
		if err := WriteFile(path, []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
		a, err := Create(path, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		a.Write([]byte("ne"))
		a.Write([]byte("w"))
		if got, _ := os.ReadFile(path); string(got) != "old" {
			t.Errorf("%s: before finishing the target reads %q; want old", tt.name, got)
		}
		if err := tt.finish(a); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got, _ := os.ReadFile(path); string(got) != tt.want {
			t.Errorf("%s: got %q; want %q", tt.name, got, tt.want)
		}
		if extra := leftovers(t, dir, "f"); len(extra) != 0 {
			t.Errorf("%s: temporary files left: %v", tt.name, extra)
		}
		if _, err := a.Write([]byte("more")); err == nil {
			t.Errorf("%s: Write after finishing: got no error", tt.name)
		}
		if err := a.Commit(); err == nil {
			t.Errorf("%s: Commit after finishing: got no error", tt.name)
		}
		a.Abort() // does nothing now
		if got, _ := os.ReadFile(path); string(got) != tt.want {
			t.Errorf("%s: Abort after finishing changed the file to %q", tt.name, got)
		}
	}
}
