package state

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"
)

// capsFile is the name of the file Caps keeps in its directory.
const capsFile = "caps.json"

// maxCaps is how many services Caps remembers; the least recently seen
// make room.
const maxCaps = 200

// Caps remembers, by service root, what a service refused, so that the
// next run does not ask again: today whether it refuses $skip (Dataverse,
// Microsoft Graph), so that paging follows next links from the first page.
// It lives in one small JSON file (dir/caps.json); a file that cannot be
// read is taken as empty and written anew. Caps is safe for concurrent use.
type Caps struct {
	mu   sync.Mutex
	path string // "" keeps everything in memory
	data map[string]ServiceCaps

	// Clock gives the time a service is seen (time.Now when nil).
	Clock func() time.Time
}

// ServiceCaps is what Caps remembers of one service.
type ServiceCaps struct {
	// SkipRefused: the service answered $skip with HTTP 400.
	SkipRefused bool `json:"skip_refused,omitempty"`
	// Seen is when this was last written.
	Seen time.Time `json:"seen"`
}

// DefaultCapsDir is where odx keeps what services refuse:
// os.UserCacheDir()/odx (it can be deleted at any time).
func DefaultCapsDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "odx"), nil
}

// LoadCaps reads dir/caps.json; dir "" keeps the caps in memory only.
func LoadCaps(dir string) *Caps {
	c := &Caps{data: map[string]ServiceCaps{}}
	if dir == "" {
		return c
	}
	c.path = filepath.Join(dir, capsFile)
	if b, err := os.ReadFile(c.path); err == nil {
		var m map[string]ServiceCaps
		if json.Unmarshal(b, &m) == nil {
			for k, v := range m {
				c.data[k] = v
			}
		}
	}
	return c
}

// Get returns what is remembered of the service at root (the zero value
// when nothing is).
func (c *Caps) Get(root string) ServiceCaps {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.data[root]
}

// Set remembers s for the service at root and writes the file when that
// changes what it holds. Only the maxCaps services seen last are kept.
func (c *Caps) Set(root string, s ServiceCaps) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	old, ok := c.data[root]
	if ok && old.SkipRefused == s.SkipRefused {
		return nil
	}
	if !ok && s == (ServiceCaps{}) {
		return nil
	}
	now := time.Now
	if c.Clock != nil {
		now = c.Clock
	}
	s.Seen = now().UTC()
	c.data[root] = s
	if len(c.data) > maxCaps {
		roots := make([]string, 0, len(c.data))
		for k := range c.data {
			roots = append(roots, k)
		}
		sort.Slice(roots, func(i, j int) bool { return c.data[roots[i]].Seen.Before(c.data[roots[j]].Seen) })
		for _, k := range roots[:len(c.data)-maxCaps] {
			delete(c.data, k)
		}
	}
	if c.path == "" {
		return nil
	}
	b, err := json.MarshalIndent(c.data, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(c.path), 0o700); err != nil {
		return err
	}
	return WriteFile(c.path, append(b, '\n'), 0o600)
}
