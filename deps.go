//go:build tools

// This file pins modules that the packages are about to use, so that parallel
// work on several packages never has to edit go.mod at the same time. It is
// removed once every module here is imported for real.
package main

import (
	_ "charm.land/bubbles/v2/table"
	_ "charm.land/bubbletea/v2"
	_ "charm.land/lipgloss/v2"
	_ "github.com/charmbracelet/x/ansi"
	_ "github.com/charmbracelet/x/exp/golden"
	_ "github.com/charmbracelet/x/exp/teatest/v2"
	_ "github.com/go-jose/go-jose/v4"
	_ "github.com/orisano/gosax"
	_ "github.com/pelletier/go-toml/v2"
	_ "golang.org/x/oauth2/clientcredentials"
	_ "golang.org/x/sync/singleflight"
	_ "golang.org/x/term"
)
