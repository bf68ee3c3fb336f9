package cli

import (
	"context"
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/state"
	"github.com/odx-dev/odx/ui"
)

// runExplore opens the explorer on the active profile, or on an embedded
// demo instance with --demo.
func runExplore(ctx context.Context, env *env, args []string) error {
	fs := newFlagSet(env, "odx", "odx [--profile NAME] [--demo] [flags]")
	fs.Usage = func() { // the explorer's help is odx's: the commands, then the flags
		usage(fs.Output())
		fmt.Fprintf(fs.Output(), "\nFlags of the explorer (every command that connects takes the connection flags):\n")
		fs.PrintDefaults()
	}
	cf := addConnFlags(fs)
	present := fs.Bool("present", false, "presenter mode: high contrast, key-cast line, host and client id masked")
	noMouse := fs.Bool("no-mouse", false, "leave the mouse to the terminal (plain drag selects text; no clicks or wheel in odx)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError(fmt.Sprintf("unknown command %q; run `odx help` for the list", pos[0]))
	}
	cf.requestLog = true
	s, err := connect(ctx, env, cf)
	if err != nil {
		return err
	}
	defer s.Close()
	p := tea.NewProgram(NewExplorer(ctx, s, ExploreOptions{Present: *present, NoMouse: *noMouse}), tea.WithContext(ctx))
	_, err = p.Run()
	switch {
	case err == nil, errors.Is(err, tea.ErrInterrupted):
		return nil
	case errors.Is(err, tea.ErrProgramPanic):
		return fmt.Errorf("the explorer crashed (%v); the terminal was restored. Please report this with the steps that led to it", err)
	case errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil:
		return nil
	}
	return fmt.Errorf("the explorer stopped: %v", err)
}

// ExploreOptions are the explorer's own flags.
type ExploreOptions struct {
	Present bool // presenter mode from the start (--present)
	NoMouse bool // leave the mouse to the terminal (--no-mouse)
}

// NewExplorer builds the explorer's root model for a session.
func NewExplorer(ctx context.Context, s *Session, o ExploreOptions) ui.Model {
	st := s.Settings
	prefsDir, _ := state.DefaultDir() // none: layouts and history stay in memory
	if s.demo != nil {
		prefsDir = "" // the demo instance is new every time: remember nothing
	}
	return ui.New(ui.Options{
		PrefsDir: prefsDir,
		Profile:  state.ProfileName(st.Profile, st.Instance), // an ODX_*-only setup: its host, so two instances keep apart
		Instance: st.Instance,
		ClientID: st.ClientID,
		Language: st.Language,
		PageSize: st.PageSize,
		Client:   s.Client,
		Auth:     s.Auth,
		Warnings: s.Warnings,
		Context:  ctx,
		Present:  o.Present,
		NoMouse:  o.NoMouse,

		RequestLog: s.RequestLog,
	})
}
