package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"
)

// Row counts of the generated sets.
const (
	nCustomers = 2600
	nOrders    = 10000
	nProducts  = 400
	nPersons   = 300
	nWide      = 120
	seed       = 20240131
)

var (
	dataOnce   sync.Once
	sharedData *model
)

// demoData returns the generated model. It is deterministic and read-only, so
// every Instance in a process shares one copy.
func demoData() *model {
	dataOnce.Do(func() { sharedData = generate() })
	return sharedData
}

// gen is the state of one generation run.
type gen struct {
	r *rand.Rand
}

func (g *gen) guid() string {
	var b [16]byte
	a, c := g.r.Uint64(), g.r.Uint64()
	for i := range 8 {
		b[i], b[8+i] = byte(a>>(8*i)), byte(c>>(8*i))
	}
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

// chance is true with probability 1/n.
func (g *gen) chance(n int) bool { return g.r.IntN(n) == 0 }

var epoch = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)

func (g *gen) date(fromYear, years int) dateV {
	d := time.Date(fromYear, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.r.IntN(years*365))
	return dateV(d.Format(time.DateOnly))
}

func (g *gen) newRow(s *entitySet) *row {
	return &row{id: g.guid(), vals: make([]any, s.nvals)}
}

func set(r *row, s *entitySet, name string, v any) { r.vals[s.byName[name].i] = v }

// finish sorts rows by Id and indexes them.
func finish(s *entitySet, rows []*row) {
	slices.SortFunc(rows, func(a, b *row) int { return strings.Compare(a.id, b.id) })
	s.rows = rows
	s.byID = make(map[string]*row, len(rows))
	for _, r := range rows {
		s.byID[r.id] = r
	}
}

// generate builds every set from the fixed seed.
func generate() *model {
	m := newSchema()
	g := &gen{r: rand.New(rand.NewPCG(seed, seed>>3))}
	curr := genCurrencies(g, m.byName[setCurrencies])
	persons := genPersons(g, m.byName[setPersons])
	products := genProducts(g, m.byName[setProducts], curr)
	customers := genCustomers(g, m.byName[setCustomers], persons, curr)
	genOrders(g, m.byName[setOrders], m.byName[setLines], customers, products)
	genWide(g, m.byName[setWide], curr)
	return m
}

func genCurrencies(g *gen, s *entitySet) []*row {
	rows := make([]*row, 0, len(currencyList))
	for _, c := range currencyList {
		r := g.newRow(s)
		set(r, s, "Code", c.code)
		set(r, s, "Name", mlString{{"EN", c.en}, {"BG", c.bg}})
		set(r, s, "Symbol", c.sym)
		set(r, s, "DecimalPlaces", int64(c.places))
		rows = append(rows, r)
	}
	finish(s, slices.Clone(rows))
	return rows
}

func genPersons(g *gen, s *entitySet) []*row {
	rows := make([]*row, 0, nPersons)
	for i := range nPersons {
		r := g.newRow(s)
		set(r, s, "PartyCode", fmt.Sprintf("P-%05d", i+1))
		first, last := g.pick(firstEN), g.pick(lastEN)
		if i%3 == 0 {
			first, last = g.pick(firstBG), g.pick(lastBG)
		}
		set(r, s, "FirstName", first)
		set(r, s, "LastName", last)
		if !g.chance(5) {
			set(r, s, "Email", fmt.Sprintf("person%d@example.com", i+1))
		}
		if !g.chance(4) {
			set(r, s, "Phone", fmt.Sprintf("+359 2 %03d %04d", g.r.IntN(1000), g.r.IntN(10000)))
		}
		if !g.chance(3) {
			set(r, s, "BirthDate", g.date(1950, 50))
		}
		if i%2 == 0 {
			set(r, s, "ExternalId", guidV(g.guid()))
		}
		rows = append(rows, r)
	}
	finish(s, slices.Clone(rows))
	return rows
}

func genProducts(g *gen, s *entitySet, curr []*row) []*row {
	rows := make([]*row, 0, nProducts)
	for i := range nProducts {
		r := g.newRow(s)
		set(r, s, "PartNumber", fmt.Sprintf("PN-%05d", i+1))
		k, size := g.r.IntN(len(productEN)), 4+g.r.IntN(60)
		set(r, s, "Name", mlString{{"EN", fmt.Sprintf("%s M%d", productEN[k], size)}, {"BG", fmt.Sprintf("%s M%d", productBG[k], size)}})
		unit := g.pick(unitsOf)
		if !g.chance(6) {
			set(r, s, "StandardLotSize", quantity{v: int64(1+g.r.IntN(500)) * 1000 / int64(1+g.r.IntN(4)), unit: unit})
		}
		if !g.chance(8) {
			set(r, s, "StandardPrice", amount{v: int64(50 + g.r.IntN(500000)), cur: g.pick([]string{"BGN", "EUR", "USD"})})
		}
		if !g.chance(5) {
			set(r, s, "GrossWeight", float64(g.r.IntN(100000))/1000)
		}
		set(r, s, "Active", !g.chance(10))
		rows = append(rows, r)
	}
	finish(s, slices.Clone(rows))
	return rows
}

func genCustomers(g *gen, s *entitySet, persons, curr []*row) []*row {
	rows := make([]*row, 0, nCustomers)
	for i := range nCustomers {
		r := g.newRow(s)
		set(r, s, "Number", fmt.Sprintf("C-%06d", i+1))
		set(r, s, "Name", g.companyName(i))
		set(r, s, "Party", refV(persons[g.r.IntN(len(persons))].id))
		if !g.chance(4) {
			set(r, s, "SalesPerson", refV(persons[g.r.IntN(len(persons))].id))
		}
		st := []int{0, 0, 0, 0, 0, 0, 1, 2, 3}[g.r.IntN(9)]
		set(r, s, "State", enumV(st))
		set(r, s, "Active", st == 0)
		if !g.chance(7) {
			c := curr[[]int{0, 0, 0, 1, 1, 2, 3, 4}[g.r.IntN(8)]].vals[0].(string)
			set(r, s, "CreditLimit", amount{v: int64(g.r.IntN(500))*100000 + int64(g.r.IntN(100)), cur: c})
		}
		if !g.chance(5) {
			set(r, s, "DiscountPercent", dec(g.r.IntN(2501)))
		}
		if i%10 != 9 {
			set(r, s, "ExternalRef", int64(9007199254740993)+int64(i)*7919)
		}
		if !g.chance(9) {
			set(r, s, "CustomerSince", g.date(1995, 30))
		}
		set(r, s, "CreationTime", epoch.Add(time.Duration(g.r.Int64N(int64(10*365*24*time.Hour/time.Second)))*time.Second))
		if !g.chance(6) {
			set(r, s, "GracePeriodDays", int64(g.r.IntN(91)))
		}
		if g.chance(4) {
			set(r, s, "Notes", g.pick(noteWords))
		}
		rows = append(rows, r)
	}
	finish(s, slices.Clone(rows))
	injectHostile(s)
	return rows
}

// injectHostile writes the hostile strings into customers on the first page
// (in Id order, the order of a query without $orderby).
func injectHostile(s *entitySet) {
	name, notes := s.byName["Name"].i, s.byName["Notes"].i
	for k, h := range hostileNames {
		r := s.rows[2*k+1]
		r.vals[name] = mlString{{"EN", h}, {"BG", "Враждебен низ " + fmt.Sprint(k+1)}}
	}
	s.rows[0].vals[notes] = longText
	s.rows[2].vals[notes] = "line one\nline two\r\n\tindented \x1b[5mblink\x1b[0m"
	s.rows[4].vals[notes] = "OSC 52 in a note: \x1b]52;c;ZWNobyBoaQ==\x07 done"
}

// companyName is a multi-language name: mostly EN+BG, some BG only, some
// with a third language (DE, ZH, JA, EL).
func (g *gen) companyName(i int) mlString {
	a, n, t, l := g.r.IntN(len(adjEN)), g.r.IntN(len(nounEN)), g.r.IntN(len(trade)), g.r.IntN(len(legalForm))
	en := fmt.Sprintf("%s %s %s %s", adjEN[a], nounEN[n], trade[t][0], legalForm[l][0])
	bg := fmt.Sprintf("%s %s %s %s", adjBG[a], nounBG[n], trade[t][1], legalForm[l][1])
	switch {
	case i%11 == 5:
		return mlString{{"BG", bg}}
	case i%17 == 3:
		return mlString{{"EN", en}, {"BG", bg}, {"DE", fmt.Sprintf("%s %s %s %s", adjDE[a], nounDE[n], trade[t][2], legalForm[l][2])}}
	case i%23 == 7:
		return mlString{{"EN", en}, {"BG", bg}, {"ZH", g.pick(nameZH)}}
	case i%29 == 11:
		return mlString{{"EN", en}, {"JA", g.pick(nameJA)}}
	case i%31 == 13:
		return mlString{{"EN", en}, {"BG", bg}, {"EL", g.pick(nameEL)}}
	}
	return mlString{{"EN", en}, {"BG", bg}}
}

func genOrders(g *gen, s, ls *entitySet, customers, products []*row) {
	rows := make([]*row, 0, nOrders)
	lineRows := make([]*row, 0, nOrders*3)
	linesProp := s.byName["Lines"]
	for i := range nOrders {
		r := g.newRow(s)
		cur := []string{"BGN", "BGN", "EUR", "USD"}[g.r.IntN(4)]
		set(r, s, "DocumentNo", fmt.Sprintf("SO-%07d", i+1))
		set(r, s, "DocumentDate", epoch.AddDate(0, 0, g.r.IntN(11*365)))
		set(r, s, "Customer", refV(customers[g.r.IntN(len(customers))].id))
		set(r, s, "State", enumV(g.r.IntN(len(enumDocState.members))))
		set(r, s, "Priority", enumV(g.r.IntN(len(enumPriority.members))))
		if g.chance(5) {
			set(r, s, "Note", g.pick(noteWords))
		}
		var total int64
		var mine []*row
		for ln := range 1 + g.r.IntN(5) {
			l := g.newRow(ls)
			p := products[g.r.IntN(len(products))]
			qty := int64(1+g.r.IntN(100))*1000 + int64(g.r.IntN(4))*250
			price := int64(100 + g.r.IntN(100000))
			lineAmt := (qty*price + 500) / 1000
			total += lineAmt
			set(l, ls, "SalesOrder", refV(r.id))
			set(l, ls, "LineNo", int64(10*(ln+1)))
			set(l, ls, "Product", refV(p.id))
			set(l, ls, "Quantity", quantity{v: qty, unit: unitsOf[g.r.IntN(len(unitsOf))]})
			set(l, ls, "UnitPrice", amount{v: price, cur: cur})
			set(l, ls, "LineAmount", amount{v: lineAmt, cur: cur})
			mine = append(mine, l)
		}
		slices.SortFunc(mine, func(a, b *row) int { return strings.Compare(a.id, b.id) })
		linesProp.children[r.id] = mine
		lineRows = append(lineRows, mine...)
		set(r, s, "TotalAmount", amount{v: total, cur: cur})
		rows = append(rows, r)
	}
	finish(s, rows)
	finish(ls, lineRows)
}

func genWide(g *gen, s *entitySet, curr []*row) {
	rows := make([]*row, 0, nWide)
	for i := range nWide {
		r := g.newRow(s)
		r.vals[0] = fmt.Sprintf("W-%04d", i+1)
		for _, p := range s.props[1:] {
			if p.nullable && g.chance(10) {
				continue
			}
			r.vals[p.i] = g.value(p, curr)
		}
		rows = append(rows, r)
	}
	finish(s, rows)
}

// value is a random value of the property's kind (for the wide set).
func (g *gen) value(p *prop, curr []*row) any {
	switch p.kind {
	case kString:
		return g.pick(noteWords)
	case kML:
		k := g.r.IntN(len(productEN))
		return mlString{{"EN", productEN[k]}, {"BG", productBG[k]}}
	case kInt32:
		return int64(g.r.IntN(200000) - 100000)
	case kInt64:
		return g.r.Int64() >> g.r.IntN(40)
	case kDecimal:
		return dec(g.r.Int64N(1_000_000_000) - 500_000_000)
	case kDouble:
		return g.r.Float64() * 1000
	case kBool:
		return g.r.IntN(2) == 0
	case kDate:
		return g.date(2000, 25)
	case kDateTime:
		return epoch.Add(time.Duration(g.r.Int64N(int64(10*365*24*time.Hour/time.Second))) * time.Second)
	case kAmount:
		return amount{v: g.r.Int64N(10_000_000), cur: curr[g.r.IntN(len(curr))].vals[0].(string)}
	case kEnum:
		return enumV(g.r.IntN(len(p.enum.members)))
	case kRef:
		return refV(curr[g.r.IntN(len(curr))].id)
	}
	return nil
}
