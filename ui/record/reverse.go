package record

import (
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/related"
)

// Reverse navigation: after its navigation properties the record lists the
// entity sets whose entities point at it ($metadata: Crm_Sales_SalesOrders
// has Customer → Crm_Sales_Customers, so a customer lists
// "← Crm_Sales_SalesOrders by Customer"); enter opens that set filtered to
// the entities pointing at this record (screen.OpenQuery).

// reverseEntries are the record's reverse navigation entries
// (related.Reverse).
func reverseEntries(path string, row odata.Row, m *odata.Model, d odata.Dialect) []entry {
	var out []entry
	for _, e := range related.Reverse(path, row, m, d) {
		out = append(out, fromRelated(e))
	}
	return out
}

// openReverse asks the root for a grid of the entities pointing at this
// record through entry e, with the set's saved layout.
func (m *Model) openReverse(e entry) {
	m.env.Post(related.OpenReverse(e.rel(), m.crumb, m.names))
}
