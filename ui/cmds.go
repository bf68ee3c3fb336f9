package ui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/auth"
	"github.com/odx-dev/odx/odata"
)

// Commands capture values only (context, client, query, sequence numbers);
// they never read or change the model.

// loadSetsCmd authenticates (one token request) and reads the service
// document, so the first screen never waits for $metadata.
func loadSetsCmd(ctx context.Context, c *odata.Client, src *auth.Source, seq int) tea.Cmd {
	return func() tea.Msg {
		if src != nil {
			if _, err := src.Token(ctx); err != nil {
				return setsLoadedMsg{seq: seq, err: err}
			}
		}
		sets, err := c.ServiceDocument(ctx)
		return setsLoadedMsg{seq: seq, sets: sets, err: err}
	}
}

// loadMetadataCmd reads $metadata (from the disk cache when it is current).
func loadMetadataCmd(ctx context.Context, c *odata.Client) tea.Cmd {
	return func() tea.Msg {
		m, err := c.Metadata(ctx)
		return metadataLoadedMsg{model: m, err: err}
	}
}

// countSetCmd counts one set's rows for the set list.
func countSetCmd(ctx context.Context, c *odata.Client, name string) tea.Cmd {
	return func() tea.Msg {
		n, err := c.Count(ctx, odata.Query{Set: name})
		return setCountMsg{name: name, count: n, err: err}
	}
}

// countCmd counts the rows of a browse screen's query, once per query.
func countCmd(ctx context.Context, c *odata.Client, q odata.Query, seq int) tea.Cmd {
	return func() tea.Msg {
		n, err := c.Count(ctx, q)
		return countLoadedMsg{seq: seq, count: n, err: err}
	}
}

// loadRelatedCmd reads what a navigation property of an entity leads to, by
// expanding it on the entity (ERP.net has no navigation paths in URLs).
func loadRelatedCmd(ctx context.Context, c *odata.Client, id, nav string, seq int) tea.Cmd {
	return func() tea.Msg {
		row, err := c.Entity(ctx, id+"?$expand="+url.QueryEscape(nav))
		if err != nil {
			return relatedLoadedMsg{seq: seq, nav: nav, err: err}
		}
		var rows []odata.Row
		switch v := row.Values[nav].(type) {
		case map[string]any:
			rows = append(rows, rowOf(v))
		case []any:
			for _, e := range v {
				if m, ok := e.(map[string]any); ok {
					rows = append(rows, rowOf(m))
				}
			}
		case nil:
			return relatedLoadedMsg{seq: seq, nav: nav, err: errors.New(nav + " is empty for this record")}
		default:
			return relatedLoadedMsg{seq: seq, nav: nav, err: fmt.Errorf("%s is not a navigation property the server expands", nav)}
		}
		return relatedLoadedMsg{seq: seq, nav: nav, rows: rows}
	}
}

// rowOf turns an expanded entity into a row: @odata.id becomes the row's ID
// and other control annotations are dropped.
func rowOf(m map[string]any) odata.Row {
	r := odata.Row{Values: make(map[string]any, len(m))}
	for k, v := range m {
		if k == "@odata.id" || k == "@id" {
			if s, ok := v.(string); ok {
				r.ID = s
			}
			continue
		}
		if strings.Contains(k, "@") {
			continue
		}
		r.Values[k] = v
	}
	return r
}

// tokenInfoCmd inspects the current token; with refresh it first fetches a
// new one.
func tokenInfoCmd(ctx context.Context, src *auth.Source, refresh bool, seq int) tea.Cmd {
	return func() tea.Msg {
		if src == nil {
			return tokenInfoMsg{seq: seq, err: errors.New("this connection has no token source")}
		}
		if refresh {
			if _, err := src.Refresh(ctx); err != nil {
				return tokenInfoMsg{seq: seq, err: err}
			}
		}
		info, err := src.Info(ctx)
		return tokenInfoMsg{seq: seq, info: info, err: err}
	}
}
