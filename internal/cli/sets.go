package cli

import (
	"context"
	"fmt"

	"github.com/odx-dev/odx/internal/termtext"
)

// runSets lists the entity sets of the service document.
func runSets(ctx context.Context, env *env, args []string) error {
	fs := newFlagSet(env, "sets", "odx sets [-o text|json]")
	cf := addConnFlags(fs)
	out := textOrJSON(fs)
	all := fs.Bool("all", false, "also list singletons and function imports")
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
	rs, err := s.Client.Resources(ctx)
	if err != nil {
		return err
	}
	type item struct {
		Name string `json:"name"`
		URL  string `json:"url"`
		Kind string `json:"kind"`
	}
	items := []item{}
	for _, r := range rs {
		if r.IsEntitySet() || *all {
			items = append(items, item{r.Name, r.URL, r.Kind})
		}
	}
	if *out == "json" {
		return quietPipe(printJSON(env.stdout, items))
	}
	for _, it := range items {
		if _, err := fmt.Fprintln(env.stdout, termtext.Sanitize(it.Name)); err != nil {
			return quietPipe(err)
		}
	}
	return nil
}
