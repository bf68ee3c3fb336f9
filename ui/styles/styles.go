// Package styles is the explorer's one palette and the styles built from
// it: New(isDark) for a light or dark terminal, Present for the
// high-contrast variant of presenter mode. Screens, dialogs and the grid
// take their styles from here.
package styles

import (
	"image/color"
	"sync/atomic"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
	"github.com/odx-dev/odx/ui/grid"
)

// Styles is every style of the explorer, built once for a light or a dark
// background. Colour is dropped by the renderer when the terminal (or
// NO_COLOR) says so; attributes such as bold and reverse keep the cursor
// visible without colour.
type Styles struct {
	Header      lipgloss.Style // top bar
	Badge       lipgloss.Style // instance · token badge
	BadgeWarn   lipgloss.Style // token about to expire
	Title       lipgloss.Style
	Crumb       lipgloss.Style
	CrumbSep    lipgloss.Style
	Status      lipgloss.Style // status line
	Notice      lipgloss.Style // transient notice
	Error       lipgloss.Style
	ErrorHint   lipgloss.Style
	Dim         lipgloss.Style
	Label       lipgloss.Style // property sheet names
	Value       lipgloss.Style
	Selected    lipgloss.Style // list / record cursor line
	Group       lipgloss.Style // set-list module prefix
	Match       lipgloss.Style // filter match highlight
	Key         lipgloss.Style // key badge
	Expiring    lipgloss.Style // under a minute
	Help        help.Styles
	Grid        grid.Styles
	SpinnerTint lipgloss.Style

	// Gen identifies this set of styles: New and Present give each set a
	// new one, so that what was drawn with a set may be kept while it is
	// in use (screen.Crumb). 0 (styles made otherwise) keeps nothing.
	Gen uint64
}

// gens numbers the sets of styles made (Styles.Gen).
var gens atomic.Uint64

// Palette is the explorer's colours for one background.
type Palette struct {
	Fg, Dim, Accent, Warn, Ok color.Color
	BarBg                     color.Color // header bar
	SelBg                     color.Color // selected line, cursor row
}

// NewPalette returns the colours for a dark or light terminal background.
func NewPalette(isDark bool) Palette {
	ld := lipgloss.LightDark(isDark)
	return Palette{
		Fg:     ld(lipgloss.Color("#1F2328"), lipgloss.Color("#E6EDF3")),
		Dim:    ld(lipgloss.Color("#6E7781"), lipgloss.Color("#8B949E")),
		Accent: ld(lipgloss.Color("#0550AE"), lipgloss.Color("#79C0FF")),
		Warn:   ld(lipgloss.Color("#CF222E"), lipgloss.Color("#FF7B72")),
		Ok:     ld(lipgloss.Color("#116329"), lipgloss.Color("#7EE787")),
		BarBg:  ld(lipgloss.Color("#D0D7DE"), lipgloss.Color("#30363D")),
		SelBg:  ld(lipgloss.Color("#DDF4FF"), lipgloss.Color("#1F3A5F")),
	}
}

// New returns the styles for a dark or light terminal background.
func New(isDark bool) Styles {
	p := NewPalette(isDark)
	fg, dim, accent, warn, ok, barBg, selBg := p.Fg, p.Dim, p.Accent, p.Warn, p.Ok, p.BarBg, p.SelBg

	s := Styles{
		Header:      lipgloss.NewStyle().Background(barBg).Foreground(fg),
		Badge:       lipgloss.NewStyle().Background(barBg).Foreground(ok),
		BadgeWarn:   lipgloss.NewStyle().Background(barBg).Foreground(warn).Bold(true),
		Title:       lipgloss.NewStyle().Bold(true).Foreground(accent),
		Crumb:       lipgloss.NewStyle().Foreground(fg).Bold(true),
		CrumbSep:    lipgloss.NewStyle().Foreground(dim),
		Status:      lipgloss.NewStyle().Foreground(dim),
		Notice:      lipgloss.NewStyle().Foreground(ok).Bold(true),
		Error:       lipgloss.NewStyle().Foreground(warn).Bold(true),
		ErrorHint:   lipgloss.NewStyle().Foreground(dim),
		Dim:         lipgloss.NewStyle().Foreground(dim),
		Label:       lipgloss.NewStyle().Foreground(accent),
		Value:       lipgloss.NewStyle().Foreground(fg),
		Selected:    lipgloss.NewStyle().Background(selBg).Foreground(fg).Reverse(false).Bold(true),
		Group:       lipgloss.NewStyle().Foreground(dim),
		Match:       lipgloss.NewStyle().Underline(true).Bold(true),
		Key:         lipgloss.NewStyle().Foreground(accent).Bold(true),
		Expiring:    lipgloss.NewStyle().Foreground(warn).Bold(true),
		Help:        help.DefaultStyles(isDark),
		SpinnerTint: lipgloss.NewStyle().Foreground(accent),
		Gen:         gens.Add(1),
	}
	g := grid.DefaultStyles()
	g.CursorRow = g.CursorRow.Background(selBg)
	g.Null = g.Null.Foreground(dim)
	g.Frozen = g.Frozen.Foreground(accent)
	g.Marker = g.Marker.Foreground(dim)
	g.RowNumber = g.RowNumber.Foreground(dim)
	s.Grid = g
	return s
}

// Present turns styles into their high-contrast form: bold text,
// pure black or white, and a strongly marked cursor.
func Present(st Styles, isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	fg := ld(lipgloss.Color("#000000"), lipgloss.Color("#FFFFFF"))
	bg := ld(lipgloss.Color("#FFFFFF"), lipgloss.Color("#000000"))
	accent := ld(lipgloss.Color("#0000CC"), lipgloss.Color("#FFFF00"))
	st.Header = lipgloss.NewStyle().Background(fg).Foreground(bg).Bold(true)
	st.Badge = st.Header
	st.Title = lipgloss.NewStyle().Foreground(accent).Bold(true).Underline(true)
	st.Crumb = lipgloss.NewStyle().Foreground(fg).Bold(true)
	st.Status = lipgloss.NewStyle().Foreground(fg).Bold(true)
	st.Dim = lipgloss.NewStyle().Foreground(fg)
	st.Group = lipgloss.NewStyle().Foreground(fg)
	st.Label = lipgloss.NewStyle().Foreground(accent).Bold(true)
	st.Selected = lipgloss.NewStyle().Reverse(true).Bold(true)
	st.Grid.Header = st.Grid.Header.Bold(true).Underline(true)
	st.Grid.Cursor = lipgloss.NewStyle().Reverse(true).Bold(true)
	st.Grid.CursorRow = lipgloss.NewStyle().Bold(true).Underline(true)
	st.Gen = gens.Add(1)
	return st
}
