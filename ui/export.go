package ui

// Export writes every row of a query — all pages, not the one shown — to a
// CSV, JSON or NDJSON file in the background. The file is written under a
// temporary name in the target folder and renamed when complete, so the
// final name never holds half a file; a cancelled or failed export removes
// the temporary file. One page (exportPageSize rows) is in memory at a time.
// The job never retries on its own: an error ends it with a sentence.

// exportFormats are the formats an export writes, in the order the dialog
// (ui/dialog) offers them.
var exportFormats = []string{"csv", "json", "ndjson"}

// exportPageSize is the $top of an export's requests when the query has
// none (ERP.net advises at most 1,000).
const exportPageSize = 1000
