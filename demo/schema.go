package demo

import "fmt"

// Entity set names, as ERP.net spells them (repository name with '.' → '_').
const (
	setCustomers  = "Crm_Sales_Customers"
	setOrders     = "Crm_Sales_SalesOrders"
	setLines      = "Crm_Sales_SalesOrderLines"
	setProducts   = "General_Products_Products"
	setPersons    = "General_Contacts_Persons"
	setCurrencies = "General_Currencies"
	setWide       = "General_Wide_Records"
)

// wideColumns is the number of non-key columns of General_Wide_Records.
const wideColumns = 140

var (
	enumDocState = &enumType{
		name:    "General_DocumentState",
		members: []string{"New", "Planned", "FirmPlanned", "Released", "Completed", "Closed"},
		values:  []int{0, 5, 10, 20, 30, 40},
	}
	enumCustState = &enumType{
		name:    "Crm_Sales_CustomerState",
		members: []string{"Active", "OnHold", "Blocked", "Closed"},
		values:  []int{0, 1, 2, 3},
	}
	enumPriority = &enumType{
		name:    "General_Priority",
		members: []string{"Lowest", "Low", "Normal", "High", "Highest"},
		values:  []int{1, 2, 3, 4, 5},
	}
)

// Small constructors keep the schema below readable.
func pStr(name string, maxLen int, nullable bool) *prop {
	return &prop{name: name, kind: kString, maxLen: maxLen, nullable: nullable}
}
func pML(name string) *prop { return &prop{name: name, kind: kML, nullable: true} }
func pKind(name string, k kind, nullable bool) *prop {
	return &prop{name: name, kind: k, nullable: nullable}
}
func pDec(name string, precision, scale int, nullable bool) *prop {
	return &prop{name: name, kind: kDecimal, precision: precision, scale: scale, nullable: nullable}
}
func pEnum(name string, e *enumType) *prop { return &prop{name: name, kind: kEnum, enum: e} }
func pRef(name string, target *entitySet, nullable bool) *prop {
	return &prop{name: name, kind: kRef, target: target, nullable: nullable}
}
func ord(p *prop) *prop { p.orderable = true; return p }

// newSchema builds the sets (without rows) in service-document order.
func newSchema() *model {
	cust := newSet(setCustomers, "Crm_Sales_Customer")
	orders := newSet(setOrders, "Crm_Sales_SalesOrder")
	lines := newSet(setLines, "Crm_Sales_SalesOrderLine")
	products := newSet(setProducts, "General_Products_Product")
	persons := newSet(setPersons, "General_Contacts_Person")
	curr := newSet(setCurrencies, "General_Currency")
	wide := newSet(setWide, "General_Wide_Record")

	num := cust.add(ord(pStr("Number", 16, false)))
	name := cust.add(pML("Name"))
	cust.add(pRef("Party", persons, false))
	cust.add(pRef("SalesPerson", persons, true))
	cust.add(pEnum("State", enumCustState))
	cust.add(pKind("Active", kBool, false))
	cust.add(pKind("CreditLimit", kAmount, true))
	cust.add(pDec("DiscountPercent", 5, 2, true))
	cust.add(pKind("ExternalRef", kInt64, true))
	cust.add(ord(pKind("CustomerSince", kDate, true)))
	cust.add(pKind("CreationTime", kDateTime, false))
	cust.add(pKind("GracePeriodDays", kInt32, true))
	cust.add(pStr("Notes", 4000, true))
	cust.search = []*prop{num, name}

	docNo := orders.add(ord(pStr("DocumentNo", 20, false)))
	orders.add(ord(pKind("DocumentDate", kDateTime, false)))
	orders.add(pRef("Customer", cust, false))
	orders.add(pEnum("State", enumDocState))
	orders.add(pKind("TotalAmount", kAmount, false))
	orders.add(pEnum("Priority", enumPriority))
	orders.add(pStr("Note", 254, true))
	orders.add(&prop{name: "Lines", kind: kLines, target: lines, partner: "SalesOrder"})
	orders.search = []*prop{docNo}

	owner := lines.add(pRef("SalesOrder", orders, false))
	owner.partner, owner.cascade = "Lines", true
	lines.add(ord(pKind("LineNo", kInt32, false)))
	lines.add(pRef("Product", products, false))
	lines.add(pKind("Quantity", kQuantity, false))
	lines.add(pKind("UnitPrice", kAmount, false))
	lines.add(pKind("LineAmount", kAmount, false))

	pn := products.add(ord(pStr("PartNumber", 32, false)))
	pname := products.add(pML("Name"))
	products.add(pKind("StandardLotSize", kQuantity, true))
	products.add(pKind("StandardPrice", kAmount, true))
	products.add(pKind("GrossWeight", kDouble, true))
	products.add(pKind("Active", kBool, false))
	products.search = []*prop{pn, pname}

	pcode := persons.add(ord(pStr("PartyCode", 16, false)))
	first := persons.add(pStr("FirstName", 64, false))
	last := persons.add(ord(pStr("LastName", 64, false)))
	persons.add(pStr("Email", 254, true))
	persons.add(pStr("Phone", 32, true))
	persons.add(pKind("BirthDate", kDate, true))
	persons.add(pKind("ExternalId", kGuid, true))
	persons.search = []*prop{pcode, first, last}

	code := curr.add(ord(pStr("Code", 3, false)))
	cname := curr.add(pML("Name"))
	curr.add(pStr("Symbol", 8, true))
	curr.add(pKind("DecimalPlaces", kInt32, false))
	curr.search = []*prop{code, cname}

	wcode := wide.add(ord(pStr("Code", 16, false)))
	wide.search = []*prop{wcode}
	for c := 1; c <= wideColumns-1; c++ {
		wide.add(wideColumn(c, curr))
	}

	m := &model{
		sets:   []*entitySet{cust, orders, lines, products, persons, curr, wide},
		byName: map[string]*entitySet{},
		enums:  []*enumType{enumDocState, enumCustState, enumPriority},
	}
	for _, s := range m.sets {
		m.byName[s.name] = s
	}
	return m
}

// wideColumn is column c of the wide set; the kinds cycle so every type appears.
func wideColumn(c int, curr *entitySet) *prop {
	switch c % 11 {
	case 0:
		return pStr(fmt.Sprintf("Text%03d", c), 64, true)
	case 1:
		return pKind(fmt.Sprintf("Count%03d", c), kInt32, true)
	case 2:
		return pKind(fmt.Sprintf("Big%03d", c), kInt64, true)
	case 3:
		return pDec(fmt.Sprintf("Rate%03d", c), 18, 4, true)
	case 4:
		return pKind(fmt.Sprintf("Flag%03d", c), kBool, true)
	case 5:
		return pKind(fmt.Sprintf("Day%03d", c), kDate, true)
	case 6:
		return pKind(fmt.Sprintf("Stamp%03d", c), kDateTime, true)
	case 7:
		return pKind(fmt.Sprintf("Amount%03d", c), kAmount, true)
	case 8:
		return pEnum(fmt.Sprintf("Priority%03d", c), enumPriority)
	case 9:
		return pKind(fmt.Sprintf("Ratio%03d", c), kDouble, true)
	default:
		if c%2 == 0 {
			return pRef(fmt.Sprintf("Currency%03d", c), curr, true)
		}
		return pML(fmt.Sprintf("Label%03d", c))
	}
}
