package cli

import (
	"context"
	"fmt"
)

// runToken authenticates and prints the token inspection.
func runToken(ctx context.Context, env *env, args []string) error {
	fs := newFlagSet(env, "token", "odx token [-o text|json] [--refresh] [--reveal]")
	cf := addConnFlags(fs)
	out := textOrJSON(fs)
	refresh := fs.Bool("refresh", false, "fetch a new token even if one is cached")
	reveal := fs.Bool("reveal", false, "print the whole access token (keep it secret)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkTextOrJSON(*out); err != nil {
		return err
	}
	s, err := connect(ctx, env, cf)
	if err != nil {
		return err
	}
	defer s.Close()
	if *refresh {
		if _, err := s.Auth.Refresh(ctx); err != nil {
			return err
		}
	}
	info, err := s.Auth.Info(ctx)
	if err != nil {
		return err
	}
	if *reveal {
		tok, err := s.Auth.Token(ctx)
		if err != nil {
			return err
		}
		if *out == "json" { // the whole token in the JSON itself
			info.Token = tok.AccessToken
		} else {
			defer fmt.Fprintln(env.stdout, tok.AccessToken)
		}
	}
	if *out == "json" {
		return printJSON(env.stdout, info)
	}
	return info.WriteText(env.stdout)
}
