package dialog

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/ui/screen"
)

// KindPage is the kind of the go-to-page line (Page.Kind).
const KindPage = "page"

// PageChosen is the go-to-page line's enter: the grid shows page N
// (counted from 1).
type PageChosen struct{ N int }

// Page is the line of key #: the number of the page to show. Enter posts
// PageChosen for a number from 1 to the last page (when known), esc closes
// it; anything but a number in range is said under the input.
type Page struct {
	env   *screen.Env
	keys  screen.KeyMap
	input textinput.Model
	last  int // the last page, 0 when not known
	err   string
}

// NewPage returns the line; current is the page shown (from 1), last the
// last page (0 when the count is not known).
func NewPage(env *screen.Env, current, last int) *Page {
	in := screen.NewLineInput("page: ", "", env.Styles)
	in.Placeholder = "number (now " + strconv.Itoa(current) + ")"
	if last > 0 {
		in.Placeholder = "1–" + strconv.Itoa(last) + " (now " + strconv.Itoa(current) + ")"
	}
	in.CharLimit = 12
	return &Page{env: env, keys: env.Keys, input: in, last: last}
}

// Kind implements screen.Dialog.
func (p *Page) Kind() string { return KindPage }

// Update implements screen.Dialog.
func (p *Page) Update(msg tea.Msg) (screen.Dialog, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, p.keys.Back):
			p.env.Post(screen.CloseDialog{Kind: KindPage})
			return p, nil
		case key.Matches(k, p.keys.Accept):
			n, err := p.number()
			if err != "" {
				p.err = err
				return p, nil
			}
			p.env.Post(PageChosen{N: n})
			p.env.Post(screen.CloseDialog{Kind: KindPage})
			return p, nil
		}
	}
	before := p.input.Value()
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	if p.input.Value() != before {
		p.err = ""
	}
	return p, cmd
}

// number reads the page typed (thousands separators allowed), or says
// why it cannot.
func (p *Page) number() (int, string) {
	s := strings.NewReplacer(",", "", " ", "", "_", "").Replace(p.input.Value())
	if s == "" {
		return 0, "type a page number"
	}
	n, err := strconv.Atoi(s)
	switch {
	case err != nil || n < 1:
		return 0, "a page is a whole number from 1"
	case p.last > 0 && n > p.last:
		return 0, "there are " + strconv.Itoa(p.last) + " pages"
	}
	return n, ""
}

// View implements screen.Dialog: two lines over the bottom of the body.
func (p *Page) View(body string, w, h int) string {
	st := p.env.Styles
	in := screen.SizedInput(p.input, w)
	second := st.Dim.Render(helpText(p.keys.Accept, p.keys.Back))
	if p.last <= 0 {
		second = st.Dim.Render("the number of pages is not known yet · ") + second
	}
	if p.err != "" {
		second = st.Error.Render(p.err)
	}
	box := ansi.Truncate(in.View(), w, "") + "\n" + ansi.Truncate(second, w, "…")
	return screen.OverlayBottom(body, box, h)
}

// Help implements screen.Dialog.
func (p *Page) Help() help.KeyMap {
	k := p.keys
	keys := []key.Binding{k.Accept, k.Back}
	return screen.HelpKeys{Short: keys, Full: [][]key.Binding{keys}}
}
