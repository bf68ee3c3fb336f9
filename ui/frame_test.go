package ui

import (
	"strings"
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

// fittedScreen is a fake whose body is drawn to size; writingScreen writes
// the same body into the frame (bodyWriter).
type fittedScreen struct {
	*fakeScreen
	body string
}

func (f *fittedScreen) View() string { return f.body }
func (f *fittedScreen) Fitted() bool { return true }

type writingScreen struct{ fittedScreen }

func (f *writingScreen) WriteBody(b *strings.Builder) { b.WriteString(f.body) }

// TestWriteBody: a frame with the body written into it by the screen is
// the frame with the body from View, whatever the body's lines.
func TestWriteBody(t *testing.T) {
	long := strings.Repeat("line\n", 30) + "last"
	for _, body := range []string{"", "one line", "two\nlines", "ends in a newline\n", long} {
		for _, present := range []bool{false, true} {
			m, f := withFakes(t, "sets", "grid")
			m, _ = send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
			if present {
				m, _ = press(m, "P")
			}
			m.stack[1] = &fittedScreen{f[1], body}
			want := m.View().Content
			m.stack[1] = &writingScreen{fittedScreen{f[1], body}}
			if got := m.View().Content; got != want {
				t.Errorf("body %q, presenting %v: got\n%s\nwant\n%s", body, present, got, want)
			}
			if got := m.View().Content; got != want {
				t.Errorf("body %q, presenting %v, drawn again: got\n%s\nwant\n%s", body, present, got, want)
			}
		}
	}
}
