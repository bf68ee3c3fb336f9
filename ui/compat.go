package ui

import (
	"errors"

	"github.com/odx-dev/odx/internal/state"
	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	uiscreen "github.com/odx-dev/odx/ui/screen"
)

// Transitional names while the explorer moves into screen packages.
type (
	KeyMap       = uiscreen.KeyMap
	helpKeys     = uiscreen.HelpKeys
	statusModel  = uiscreen.Status
	State        = uiscreen.State
	prefs        = state.Prefs
	historyEntry = state.HistoryEntry
	savedLayout  = state.Layout
)

// DefaultKeyMap returns the explorer's keys.
func DefaultKeyMap() KeyMap { return uiscreen.DefaultKeyMap() }

// DefaultPrefsDir is where the explorer keeps its state file.
func DefaultPrefsDir() (string, error) { return state.DefaultDir() }

func loadPrefs(dir string) (*prefs, string) { return state.Load(dir) }

func entryText(e historyEntry) string {
	s := e.Set
	if e.Query != "" {
		s += "?" + unescapeLenient(e.Query)
	}
	return termtext.Sanitize(s)
}

func entryQuery(e historyEntry) (odata.Query, error) {
	if e.Set == "" {
		return odata.Query{}, errors.New("this history entry has no set; pick another one")
	}
	q, err := parseGoTo("x?" + e.Query)
	if err != nil {
		return odata.Query{}, err
	}
	q.Set = e.Set
	return q, nil
}
