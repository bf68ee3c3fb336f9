package state

import (
	"os"
	"path/filepath"
)

// WriteFile writes data to path atomically: to a temporary file in the same
// directory, synced to disk, given perm, then renamed over path. A reader
// sees the old file or the new one, never half of one, and a crash leaves
// at most a stray temporary file (".name.*.tmp"). Unlike os.WriteFile, perm
// is set exactly (the umask does not apply), and the directory must exist.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	f, err := Create(path, perm)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

// AtomicFile is a file being written in place of another: writes go to a
// temporary file beside it, Commit renames that over the target, Abort
// removes it. Create one with Create.
type AtomicFile struct {
	f    *os.File
	path string
	perm os.FileMode
	done bool
}

// Create begins writing path atomically; see WriteFile. The caller must
// call Commit or Abort.
func Create(path string, perm os.FileMode) (*AtomicFile, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return nil, err
	}
	return &AtomicFile{f: f, path: path, perm: perm}, nil
}

// Write writes to the temporary file.
func (a *AtomicFile) Write(p []byte) (int, error) {
	if a.done {
		return 0, os.ErrClosed
	}
	return a.f.Write(p)
}

// Commit syncs the temporary file, gives it its permissions and renames it
// over the target. On failure the target is left as it was and the
// temporary file removed.
func (a *AtomicFile) Commit() error {
	if a.done {
		return os.ErrClosed
	}
	a.done = true
	tmp := a.f.Name()
	err := a.f.Chmod(a.perm)
	if err == nil {
		err = a.f.Sync()
	}
	if cerr := a.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, a.path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	syncDir(filepath.Dir(a.path))
	return nil
}

// Abort discards what was written; the target is left as it was. Abort
// after Commit does nothing.
func (a *AtomicFile) Abort() {
	if a.done {
		return
	}
	a.done = true
	a.f.Close()
	os.Remove(a.f.Name())
}

// syncDir makes a rename in dir durable where the system allows it;
// failure is ignored (some systems cannot sync a directory).
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	d.Close()
}
