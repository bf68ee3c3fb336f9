// Package termtext makes server text fit for a terminal: Sanitize turns
// every control character and escape sequence into a visible form, and
// FormatValue / FormatValueLong write OData values as people read them
// (amounts, quantities, multi-language texts, date-times, grouped
// decimals). The CLI and the explorer both print through it.
package termtext
