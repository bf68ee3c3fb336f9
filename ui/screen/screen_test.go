package screen

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/odx-dev/odx/ui/styles"
)

func TestTagWrapsRepliesAndBatches(t *testing.T) {
	type reply struct{ n int }
	cmd := Tag(7, func() tea.Msg { return reply{1} })
	if got := cmd(); !reflect.DeepEqual(got, Reply{To: 7, Msg: reply{1}}) {
		t.Errorf("Tag(7, cmd)() = %#v; want Reply{To: 7, Msg: reply{1}}", got)
	}
	batch := Tag(3, tea.Batch(func() tea.Msg { return reply{2} }, func() tea.Msg { return reply{3} }))
	msgs, ok := batch().(tea.BatchMsg)
	if !ok || len(msgs) != 2 {
		t.Fatalf("Tag of a batch gave %T; want a batch of 2", batch())
	}
	for i, c := range msgs {
		if got := c(); !reflect.DeepEqual(got, Reply{To: 3, Msg: reply{i + 2}}) {
			t.Errorf("batch reply %d = %#v; want it tagged for screen 3", i, got)
		}
	}
	if Tag(1, nil) != nil {
		t.Errorf("Tag(1, nil) is not nil")
	}
	if got := Tag(1, func() tea.Msg { return nil })(); got != nil {
		t.Errorf("a nil reply tagged: %#v; want nil", got)
	}
}

func TestKeyMapAllAndOnly(t *testing.T) {
	k := DefaultKeyMap()
	n := reflect.TypeOf(k).NumField()
	if got := len(k.All()); got != n {
		t.Errorf("All() lists %d bindings; the KeyMap has %d", got, n)
	}
	k.Only(&k.Open, &k.Help)
	var on []string
	for _, b := range k.All() {
		if b.Enabled() {
			on = append(on, b.Help().Desc)
		}
	}
	if strings.Join(on, ",") != "help,open" {
		t.Errorf("after Only(Open, Help) the enabled bindings are %q; want help,open (declaration order)", on)
	}
	if key.Matches(tea.KeyPressMsg{Code: 'q', Text: "q"}, k.Quit) {
		t.Errorf("a disabled Quit still matches q")
	}
	if g := DefaultKeyMap().Grid(); g.Up.Help().Desc != "up" || g.HalfDown.Keys()[0] != "ctrl+d" {
		t.Errorf("Grid() = %+v; want the grid's bindings", g)
	}
}

func TestEnvPostAndNotice(t *testing.T) {
	st := &Status{}
	env := NewEnv(st)
	env.Now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	env.Post(Back{})
	env.Post(Focus{})
	if got := env.Drain(); len(got) != 2 || got[0] != (Back{}) || got[1] != (Focus{}) {
		t.Errorf("Drain() = %#v; want Back, Focus in order", got)
	}
	if got := env.Drain(); len(got) != 0 {
		t.Errorf("a second Drain() = %#v; want nothing", got)
	}
	env.Notice("hello", false)
	if st.Text != "hello" || st.IsError {
		t.Errorf("notice: %q error %v; want hello", st.Text, st.IsError)
	}
	st.Expire(env.Now.Add(NoticeTTL))
	if st.Text != "" {
		t.Errorf("notice after %v: %q; want it gone", NoticeTTL, st.Text)
	}
	if a, b := env.NewID(), env.NewID(); a == b {
		t.Errorf("NewID gave %d twice", a)
	}
}

func TestTextHelpers(t *testing.T) {
	tests := []struct{ got, want string }{
		{Fit("abcdef", 4), "abc…"},
		{Fit("ab", 4), "ab  "},
		{FormatLeft(59*time.Minute + 58*time.Second), "59m58s"},
		{FormatLeft(2*time.Hour + 3*time.Minute), "2h03m"},
		{FormatLeft(-time.Second), "expired"},
		{HostOf("https://acme.my.erp.net/api/domain/odata/"), "acme.my.erp.net"},
		{MaskMiddle("acme.my.erp.net"), "acm…net"},
		{SetName("Crm_Customers(1)/Orders"), "Crm_Customers"},
		{strings.Join(FitLines("a\nbcdef", 3, 3), "|"), "a|bc…|"},
		{OverlayBottom("1\n2\n3", "X", 3), "1\n2\nX"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("case %d: got %q; want %q", i, tt.got, tt.want)
		}
	}
}

func TestShortType(t *testing.T) {
	for in, want := range map[string]string{
		"Edm.String": "String", "Erp.Crm_Customer": "Crm_Customer",
		"Collection(Erp.Line)": "[Line]", "Collection(Edm.Int32)": "[Int32]", "reference": "reference",
	} {
		if got := ShortType(in); got != want {
			t.Errorf("ShortType(%q): got %q; want %q", in, got, want)
		}
	}
}

func TestRankOrder(t *testing.T) {
	if got := strings.Join(RankOrder([]string{"c", "x", "a", "b"}, []string{"a", "b", "c", "a"}), ","); got != "a,b,c,x" {
		t.Errorf("RankOrder = %s; want a,b,c,x", got)
	}
}

// TestNoticeSanitised: a notice naming a server's thing (a function called
// "F␛]0;pwned␇", a set with a bidi override) reaches the terminal as
// visible text, whatever the caller did.
func TestNoticeSanitised(t *testing.T) {
	var s Status
	s.Notify(time.Now(), "reading F\x1b]0;pwned\x07\u202eX…", false)
	if strings.ContainsAny(s.Text, "\x1b\x07\u202e") {
		t.Errorf("notice %q; want it sanitised", s.Text)
	}
	if !strings.Contains(s.Text, "reading F") || !strings.HasSuffix(s.Text, "X…") {
		t.Errorf("notice %q; want the text kept around what was made visible", s.Text)
	}
}

// TestCrumbSkipsEmptyParts: a record without a title (a function's answer)
// ends the breadcrumb at its function, not in a bare ›.
func TestCrumbSkipsEmptyParts(t *testing.T) {
	st := styles.New(true)
	if got := ansi.Strip(Crumb(&st, []string{"GetExchangeRate", ""})); got != " GetExchangeRate" {
		t.Errorf("crumb %q; want %q", got, " GetExchangeRate")
	}
	if got := ansi.Strip(Crumb(&st, []string{"A", "B"})); got != " A › B" {
		t.Errorf("crumb %q; want %q", got, " A › B")
	}
}
