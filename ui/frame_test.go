package ui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// freshFrame is m's frame drawn without the lines kept from earlier frames.
func freshFrame(m Model) string {
	m.frame = &frameCache{}
	return m.View().Content
}

// TestFrameKeptAgrees: whatever changes (keys, the help line's keys, a
// notice and its fading, the token's countdown, presenter mode, the size,
// help, a dialog), the frame drawn with the lines kept is the frame drawn
// afresh.
func TestFrameKeptAgrees(t *testing.T) {
	m, _ := started(t, testOpts())
	steps := []struct {
		name string
		do   func(m Model) Model
	}{
		{"set list", func(m Model) Model { return m }},
		{"down", func(m Model) Model { m, _ = press(m, "down"); return m }},
		{"grid", func(m Model) Model { return openGrid(t, m) }},
		{"right", func(m Model) Model { m, _ = press(m, "right"); return m }},
		{"notice", func(m Model) Model { m.env.Notice("copied", false); return m }},
		{"error notice", func(m Model) Model { m.env.Notice("it failed", true); return m }},
		{"token", func(m Model) Model { m.expiry = fixedNow.Add(90 * time.Second); return m }},
		{"a second later", func(m Model) Model { m, _ = send(m, tickMsg(fixedNow.Add(time.Second))); return m }},
		{"notice faded", func(m Model) Model { m, _ = send(m, tickMsg(fixedNow.Add(30*time.Second))); return m }},
		{"token expiring", func(m Model) Model { m, _ = send(m, tickMsg(fixedNow.Add(45*time.Second))); return m }},
		{"present", func(m Model) Model { m, _ = press(m, "P"); return m }},
		{"down presenting", func(m Model) Model { m, _ = press(m, "down"); return m }},
		{"light", func(m Model) Model { m, _ = send(m, tea.BackgroundColorMsg{}); return m }},
		{"not presenting", func(m Model) Model { m, _ = press(m, "P"); return m }},
		{"wider", func(m Model) Model { m, _ = send(m, tea.WindowSizeMsg{Width: 130, Height: 30}); return m }},
		{"help", func(m Model) Model { m, _ = press(m, "?"); return m }},
		{"help off", func(m Model) Model { m, _ = press(m, "?"); return m }},
		{"filter dialog", func(m Model) Model { m, _ = press(m, "f"); return m }},
		{"dialog closed", func(m Model) Model { m, _ = press(m, "esc"); return m }},
		{"back", func(m Model) Model { m, _ = press(m, "esc"); return m }},
	}
	for _, s := range steps {
		m = s.do(m)
		if got, want := m.View().Content, freshFrame(m); got != want {
			t.Fatalf("after %s: got\n%s\nwant\n%s", s.name, got, want)
		}
	}
}

func TestFirstLines(t *testing.T) {
	tests := []struct {
		s    string
		h    int
		want string
		pad  int
	}{
		{"", 3, "", 2},
		{"a", 1, "a", 0},
		{"a\nb", 3, "a\nb", 1},
		{"a\nb\nc", 3, "a\nb\nc", 0},
		{"a\nb\nc\nd", 3, "a\nb\nc", 0},
		{"a\n", 3, "a\n", 1},
		{"\n\n\n\n", 2, "\n", 0},
	}
	for _, tt := range tests {
		got, pad := firstLines(tt.s, tt.h)
		if got != tt.want || pad != tt.pad {
			t.Errorf("firstLines(%q, %d) = %q, %d; want %q, %d", tt.s, tt.h, got, pad, tt.want, tt.pad)
		}
	}
}
