package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/odx-dev/odx/odata"
)

// maxHistory is how many queries the history keeps per profile.
const maxHistory = 100

// prefsVersion is the version of the state file's layout.
const prefsVersion = 1

// fileName is the state file's name in its directory.
const fileName = "state.json"

// Prefs is what odx remembers between runs, per profile: each set's column
// layout, sort and expansions, the recent queries and the named views. It lives in one JSON
// file, written whole, atomically, readable by its owner only.
type Prefs struct {
	dir   string           // "" keeps everything in memory
	Clock func() time.Time // the time of history entries (time.Now)
	data  file
}

type file struct {
	Version  int                      `json:"version"`
	Profiles map[string]*profileState `json:"profiles,omitempty"`
}

type profileState struct {
	Sets    map[string]Layout `json:"sets,omitempty"`
	History []HistoryEntry    `json:"history,omitempty"`
	Views   []View            `json:"views,omitempty"` // sorted by name
}

// Layout is how a set was last shown.
type Layout struct {
	Columns []string `json:"columns,omitempty"` // shown columns, in order
	OrderBy []string `json:"orderby,omitempty"`
	Expand  []string `json:"expand,omitempty"`
	// Widths are the column widths the user set, by column name; Frozen
	// is the last column frozen beside the keys ("" for the keys only).
	Widths map[string]int `json:"widths,omitempty"`
	Frozen string         `json:"frozen,omitempty"`
}

// Empty reports a layout that says nothing.
func (l Layout) Empty() bool {
	return len(l.Columns) == 0 && len(l.OrderBy) == 0 && len(l.Expand) == 0 && len(l.Widths) == 0 && l.Frozen == ""
}

// clone returns a copy of l that shares nothing with it.
func (l Layout) clone() Layout {
	return Layout{Columns: slices.Clone(l.Columns), OrderBy: slices.Clone(l.OrderBy), Expand: slices.Clone(l.Expand),
		Widths: maps.Clone(l.Widths), Frozen: l.Frozen}
}

// HistoryEntry is one query that was run.
type HistoryEntry struct {
	Set   string    `json:"set"`             // resource path, unescaped
	Query string    `json:"query,omitempty"` // query string as odata.Query.RawQuery writes it
	Time  time.Time `json:"time"`
}

// DefaultDir is where the explorer keeps its state file (column
// layouts, query history): os.UserConfigDir()/odx.
func DefaultDir() (string, error) {
	d, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "odx"), nil
}

// Load reads dir/state.json. A missing file gives empty prefs; a file
// that cannot be read or parsed gives empty prefs and a notice for the
// status line (the file is written anew on the next save). dir "" keeps
// the prefs in memory only.
func Load(dir string) (*Prefs, string) {
	p := &Prefs{dir: dir, Clock: time.Now, data: file{Version: prefsVersion}}
	if dir == "" {
		return p, ""
	}
	path := filepath.Join(dir, fileName)
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return p, ""
	case err != nil:
		return p, fmt.Sprintf("Could not read %s (%v); starting without saved layouts and history.", path, unwrapPath(err))
	}
	var f file
	if err := json.Unmarshal(b, &f); err != nil || f.Version < 1 || f.Version > prefsVersion {
		return p, fmt.Sprintf("%s is damaged or from another odx version and was ignored; it is written anew on the next save.", path)
	}
	for name, ps := range f.Profiles {
		if ps == nil {
			delete(f.Profiles, name)
			continue
		}
		ps.History = slices.DeleteFunc(ps.History, func(e HistoryEntry) bool { return e.Set == "" })
		if len(ps.History) > maxHistory {
			ps.History = ps.History[:maxHistory]
		}
		ps.Views = cleanViews(ps.Views)
	}
	p.data = f
	return p, ""
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (p *Prefs) profile(name string, create bool) *profileState {
	ps := p.data.Profiles[name]
	if ps == nil && create {
		if p.data.Profiles == nil {
			p.data.Profiles = map[string]*profileState{}
		}
		ps = &profileState{}
		p.data.Profiles[name] = ps
	}
	return ps
}

// Layout returns how set was last shown under profile.
func (p *Prefs) Layout(profile, set string) (Layout, bool) {
	ps := p.profile(profile, false)
	if ps == nil {
		return Layout{}, false
	}
	l, ok := ps.Sets[set]
	return l.clone(), ok
}

// SetLayout remembers how set is shown under profile; an empty layout
// forgets it.
func (p *Prefs) SetLayout(profile, set string, l Layout) {
	if l.Empty() {
		if ps := p.profile(profile, false); ps != nil {
			delete(ps.Sets, set)
		}
		return
	}
	ps := p.profile(profile, true)
	if ps.Sets == nil {
		ps.Sets = map[string]Layout{}
	}
	ps.Sets[set] = l.clone()
}

// AddHistory records q (without $skip: a history entry starts at the first
// page) as profile's newest query; the same query run before moves up rather
// than appearing twice. The oldest beyond maxHistory are dropped.
func (p *Prefs) AddHistory(profile string, q odata.Query) {
	if q.Set == "" {
		return
	}
	q.Skip = 0
	e := HistoryEntry{Set: q.Set, Query: q.RawQuery(), Time: p.Clock().UTC()}
	ps := p.profile(profile, true)
	ps.History = slices.DeleteFunc(ps.History, func(old HistoryEntry) bool {
		return old.Set == e.Set && old.Query == e.Query
	})
	ps.History = slices.Insert(ps.History, 0, e)
	if len(ps.History) > maxHistory {
		ps.History = ps.History[:maxHistory]
	}
}

// History returns profile's recent queries, newest first.
func (p *Prefs) History(profile string) []HistoryEntry {
	if ps := p.profile(profile, false); ps != nil {
		return slices.Clone(ps.History)
	}
	return nil
}

// Save writes the state file: a temporary file in the same directory,
// then a rename, so a crash never leaves half a file; mode 0600.
func (p *Prefs) Save() error {
	write, err := p.Saver()
	if err != nil {
		return err
	}
	return write()
}

// Saver encodes the state now and returns the function that writes it, so
// that the explorer encodes in Update and writes in a command.
func (p *Prefs) Saver() (func() error, error) {
	b, err := json.MarshalIndent(p.data, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("cannot encode the saved state (%v)", err)
	}
	return func() error { return p.write(b) }, nil
}

// write puts b in the state file.
func (p *Prefs) write(b []byte) error {
	if p.dir == "" {
		return nil
	}
	if err := os.MkdirAll(p.dir, 0o700); err != nil {
		return fmt.Errorf("cannot create %s (%v); layouts and history are not saved", p.dir, unwrapPath(err))
	}
	tmp, err := os.CreateTemp(p.dir, ".state-*.json")
	if err != nil {
		return fmt.Errorf("cannot write in %s (%v); layouts and history are not saved", p.dir, unwrapPath(err))
	}
	name := tmp.Name()
	fail := func(err error) error {
		tmp.Close()
		os.Remove(name)
		return fmt.Errorf("cannot write %s (%v); layouts and history are not saved", filepath.Join(p.dir, fileName), unwrapPath(err))
	}
	if err := tmp.Chmod(0o600); err != nil {
		return fail(err)
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(name)
		return fmt.Errorf("cannot write %s (%v); layouts and history are not saved", filepath.Join(p.dir, fileName), unwrapPath(err))
	}
	if err := os.Rename(name, filepath.Join(p.dir, fileName)); err != nil {
		os.Remove(name)
		return fmt.Errorf("cannot replace %s (%v); layouts and history are not saved", filepath.Join(p.dir, fileName), unwrapPath(err))
	}
	return nil
}
