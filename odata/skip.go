package odata

// SkipRefused reports whether the service refused $skip (HTTP 400 naming
// $skip, as Dataverse and Microsoft Graph answer), so that this Client now
// pages only by following next links. A caller that jumps to page N uses
// $skip while this is false, and walks the pages from the first otherwise.
// The choice lasts for the Client's life; SetSkipRefused restores one
// remembered from an earlier run.
func (c *Client) SkipRefused() bool { return c.skipRefused.Load() }

// SetSkipRefused records whether the service refuses $skip, for example
// from what an earlier run found out (see SkipRefused).
func (c *Client) SetSkipRefused(refused bool) { c.skipRefused.Store(refused) }
