// Package ui is the odx terminal explorer: Bubble Tea models for entity sets,
// the data grid, records and the token view.
package ui
