package ui

import (
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
}

// NewStyles returns the styles for a dark or light terminal background.
func NewStyles(isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	fg := ld(lipgloss.Color("#1F2328"), lipgloss.Color("#E6EDF3"))
	dim := ld(lipgloss.Color("#6E7781"), lipgloss.Color("#8B949E"))
	accent := ld(lipgloss.Color("#0550AE"), lipgloss.Color("#79C0FF"))
	warn := ld(lipgloss.Color("#CF222E"), lipgloss.Color("#FF7B72"))
	ok := ld(lipgloss.Color("#116329"), lipgloss.Color("#7EE787"))
	barBg := ld(lipgloss.Color("#D0D7DE"), lipgloss.Color("#30363D"))
	selBg := ld(lipgloss.Color("#DDF4FF"), lipgloss.Color("#1F3A5F"))

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
	}
	s.Grid = grid.NewStyles(isDark)
	return s
}
