package demo

import "strings"

// Word lists for generated names. Index i of each EN list matches index i of
// the BG (and DE) list, so a row's translations say the same thing.
var (
	adjEN = []string{"Blue", "Golden", "Northern", "Silver", "Green", "Royal", "Eastern", "Sunny", "Stone", "Old", "New", "Black Sea"}
	adjBG = []string{"Синя", "Златна", "Северна", "Сребърна", "Зелена", "Кралска", "Източна", "Слънчева", "Каменна", "Стара", "Нова", "Черноморска"}
	adjDE = []string{"Blaue", "Goldene", "Nördliche", "Silberne", "Grüne", "Königliche", "Östliche", "Sonnige", "Steinerne", "Alte", "Neue", "Schwarzmeer"}

	nounEN = []string{"River", "Mountain", "Valley", "Bridge", "Harbour", "Forest", "Field", "Tower", "Rose", "Balkan"}
	nounBG = []string{"Река", "Планина", "Долина", "Мост", "Пристан", "Гора", "Поле", "Кула", "Роза", "Балкан"}
	nounDE = []string{"Fluss", "Berg", "Tal", "Brücke", "Hafen", "Wald", "Feld", "Turm", "Rose", "Balkan"}

	trade = [][3]string{ // EN, BG, DE
		{"Trading", "Търговия", "Handel"},
		{"Foods", "Храни", "Lebensmittel"},
		{"Logistics", "Логистика", "Logistik"},
		{"Textiles", "Текстил", "Textilien"},
		{"Machines", "Машини", "Maschinen"},
		{"Pharma", "Фарма", "Pharma"},
		{"Wines", "Вина", "Weine"},
		{"Software", "Софтуер", "Software"},
		{"Furniture", "Мебели", "Möbel"},
	}
	legalForm = [][3]string{{"Ltd", "ООД", "GmbH"}, {"JSC", "АД", "AG"}, {"Sole Trader", "ЕТ", "e.K."}, {"Ltd", "ЕООД", "GmbH"}}

	// Company names in other scripts, for the rows that carry a third language.
	nameZH = []string{"东方贸易有限公司", "长城机械股份有限公司", "上海丝绸进出口公司", "北京软件科技有限公司"}
	nameJA = []string{"東京商事株式会社", "大阪精密機械株式会社", "京都茶舗", "富士物流株式会社"}
	nameEL = []string{"Ελληνικά Τρόφιμα Α.Ε.", "Αιγαίο Ναυτιλιακή", "Ολυμπος Κρασιά"}

	firstEN = []string{"Ivan", "Maria", "George", "Elena", "Peter", "Anna", "Nikolay", "Desislava", "Stefan", "Yana", "Jürgen", "Zoë", "Åsa", "Łukasz", "Chloé", "José"}
	firstBG = []string{"Иван", "Мария", "Георги", "Елена", "Петър", "Анна", "Николай", "Десислава", "Стефан", "Яна"}
	lastEN  = []string{"Petrov", "Ivanova", "Dimitrov", "Georgieva", "Kolev", "Stoyanova", "Todorov", "Nikolova", "Müller", "Søndergaard", "O'Brien", "Nakamura", "Ángel"}
	lastBG  = []string{"Петров", "Иванова", "Димитров", "Георгиева", "Колев", "Стоянова", "Тодоров", "Николова"}

	productEN = []string{"Bolt", "Nut", "Washer", "Bearing", "Gear", "Valve", "Pump", "Hose", "Cable", "Switch", "Relay", "Panel", "Bottle", "Crate", "Pallet"}
	productBG = []string{"Болт", "Гайка", "Шайба", "Лагер", "Зъбно колело", "Клапан", "Помпа", "Маркуч", "Кабел", "Ключ", "Реле", "Панел", "Бутилка", "Каса", "Палет"}
	unitsOf   = []string{"PCS", "KG", "M", "L", "BOX", "SET"}

	noteWords = []string{"call before delivery", "VAT registered", "key account", "pays late", "prefers e-mail", "consolidated invoice", "доставка до склад", "фактура по имейл"}
)

// currencyList holds ~30 real ISO 4217 currencies: code, EN, BG name, symbol, decimal places.
var currencyList = []struct {
	code, en, bg, sym string
	places            int
}{
	{"BGN", "Bulgarian Lev", "Български лев", "лв.", 2}, {"EUR", "Euro", "Евро", "€", 2},
	{"USD", "US Dollar", "Щатски долар", "$", 2}, {"GBP", "Pound Sterling", "Британска лира", "£", 2},
	{"CHF", "Swiss Franc", "Швейцарски франк", "CHF", 2}, {"JPY", "Yen", "Японска йена", "¥", 0},
	{"CNY", "Yuan Renminbi", "Китайски юан", "¥", 2}, {"SEK", "Swedish Krona", "Шведска крона", "kr", 2},
	{"NOK", "Norwegian Krone", "Норвежка крона", "kr", 2}, {"DKK", "Danish Krone", "Датска крона", "kr.", 2},
	{"PLN", "Zloty", "Полска злота", "zł", 2}, {"CZK", "Czech Koruna", "Чешка крона", "Kč", 2},
	{"HUF", "Forint", "Унгарски форинт", "Ft", 2}, {"RON", "Romanian Leu", "Румънска лея", "lei", 2},
	{"TRY", "Turkish Lira", "Турска лира", "₺", 2}, {"RSD", "Serbian Dinar", "Сръбски динар", "дин.", 2},
	{"UAH", "Hryvnia", "Украинска гривна", "₴", 2}, {"CAD", "Canadian Dollar", "Канадски долар", "$", 2},
	{"AUD", "Australian Dollar", "Австралийски долар", "$", 2}, {"NZD", "New Zealand Dollar", "Новозеландски долар", "$", 2},
	{"INR", "Indian Rupee", "Индийска рупия", "₹", 2}, {"BRL", "Brazilian Real", "Бразилски реал", "R$", 2},
	{"MXN", "Mexican Peso", "Мексиканско песо", "$", 2}, {"ZAR", "Rand", "Южноафрикански ранд", "R", 2},
	{"KRW", "Won", "Южнокорейски вон", "₩", 0}, {"SGD", "Singapore Dollar", "Сингапурски долар", "$", 2},
	{"HKD", "Hong Kong Dollar", "Хонконгски долар", "$", 2}, {"ILS", "New Israeli Sheqel", "Израелски шекел", "₪", 2},
	{"AED", "UAE Dirham", "Дирхам на ОАЕ", "د.إ", 2}, {"KWD", "Kuwaiti Dinar", "Кувейтски динар", "د.ك", 3},
}

// hostileNames are customer names that a terminal must never interpret. They
// go to rows inside the first page of Crm_Sales_Customers.
var hostileNames = []string{
	"\x1b[2J\x1b[HScreen Cleaners Ltd",                     // erase display + cursor home
	"Window Title \x1b]0;pwned\x07Ltd",                     // OSC 0 sets the window title
	"Clipboard \x1b]52;c;cm0gLXJmIH4K\x07Co",               // OSC 52 writes the clipboard
	"\x1b[31mRed Alert\x1b[0m Trading",                     // SGR colour
	"Carriage\rReturn Ltd",                                 // CR rewrites the line
	"Two\nLine Name JSC",                                   // newline
	"Tab\tSeparated\tFoods",                                // tabs
	"C1 \u009b2J Control Ltd",                              // C1 CSI
	"Bidi \u202eevil.exe\u202c Override",                   // right-to-left override
	"Link \x1b]8;;https://example.invalid\x1b\\",           // unterminated OSC 8 hyperlink
	"Bell\x07 and Back\bspace\x7f Ltd",                     // BEL, BS, DEL
	"Null\x00Byte Ltd",                                     // NUL
	"🍣 Sushi & 👨‍👩‍👧 Family Foods 🇧🇬",                      // emoji, ZWJ sequence, flag
	"Cafe\u0301 Zalgo Z\u0335\u0321a\u0336l\u0337g\u0338o", // combining marks
	"東京商事株式会社 Tokyo Trading",                               // wide CJK
	"Търговска къща „Роза“ ООД",                            // Bulgarian with typographic quotes
}

// longText is a 2 KB note, to exercise truncation.
var longText = func() string {
	var b strings.Builder
	for b.Len() < 2048 {
		b.WriteString("This is a very long note about the customer, written to test truncation. ")
	}
	return b.String()[:2048]
}()
