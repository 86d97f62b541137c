package fact

// The word lists the fact reader looks for. All are lower case.

// Kinds of a fact record.
const (
	KindMarketMove = "market_move"
	KindAmount     = "amount"
	KindCount      = "count"
	KindCasualties = "casualties"
)

// currencySigns map a currency sign, with the letters that may stand right
// before it ("US$", "C$"), to an ISO 4217 code.
var currencySigns = map[string]string{
	"$": "USD", "us$": "USD", "c$": "CAD", "a$": "AUD", "hk$": "HKD", "nz$": "NZD", "s$": "SGD",
	"r$": "BRL", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "₴": "UAH", "₹": "INR",
	"₩": "KRW", "₪": "ILS", "₺": "TRY",
}

// currencyCodes are ISO codes written before an amount: "USD 5bn".
var currencyCodes = set("usd", "eur", "gbp", "rub", "uah", "jpy", "cny", "chf", "cad", "aud")

// currencyWords map a currency written after an amount to its code.
// "pounds" is left out: in commodity news it is as often a weight.
var currencyWords = map[string]string{
	"dollars": "USD", "dollar": "USD", "dlrs": "USD", "dlr": "USD", "usd": "USD",
	"euros": "EUR", "euro": "EUR", "eur": "EUR",
	"sterling": "GBP", "stg": "GBP", "gbp": "GBP",
	"roubles": "RUB", "rubles": "RUB", "rouble": "RUB", "ruble": "RUB", "rub": "RUB",
	"hryvnias": "UAH", "hryvnia": "UAH", "hryvnas": "UAH", "hryvnya": "UAH", "uah": "UAH",
	"yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "marks": "DEM", "deutschemarks": "DEM",
	"francs": "FRF", "lire": "ITL", "guilders": "NLG", "rupees": "INR", "won": "KRW",
	"riyals": "SAR", "rand": "ZAR", "lira": "TRY", "liras": "TRY", "zlotys": "PLN",
	"kronor": "SEK", "kroner": "NOK", "ecus": "XEU", "ecu": "XEU",
}

// currencyAdjectives make a dollar or franc a particular one: "Canadian
// dlrs", "Swiss francs".
var currencyAdjectives = map[string]string{
	"canadian": "CAD", "australian": "AUD", "hong": "HKD", "singapore": "SGD", "taiwan": "TWD",
	"new": "NZD", "swiss": "CHF", "french": "FRF", "belgian": "BEF", "u.s.": "USD", "us": "USD",
}

// magnitudeWords multiply the number before them.
var magnitudeWords = map[string]float64{
	"thousand": 1e3, "million": 1e6, "millions": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6,
	"billion": 1e9, "billions": 1e9, "bln": 1e9, "bn": 1e9, "trillion": 1e12, "tn": 1e12, "trln": 1e12,
}

// percentWords make a number a percentage.
var percentWords = set("pct", "percent", "%", "pc")

// moveVerbs are the verbs of a market moving, with the direction they give
// ("" where a following up/down/higher/lower gives it).
var moveVerbs = map[string]string{
	"rose": "up", "rise": "up", "rises": "up", "rising": "up", "risen": "up",
	"gained": "up", "gain": "up", "gains": "up", "gaining": "up",
	"climbed": "up", "climb": "up", "climbs": "up", "climbing": "up",
	"jumped": "up", "jump": "up", "jumps": "up", "jumping": "up",
	"surged": "up", "surge": "up", "surges": "up", "surging": "up",
	"soared": "up", "soar": "up", "soars": "up", "soaring": "up",
	"rallied": "up", "rally": "up", "rallies": "up", "rallying": "up",
	"advanced": "up", "advance": "up", "advances": "up", "advancing": "up",
	"strengthened": "up", "strengthen": "up", "strengthens": "up", "strengthening": "up",
	"firmed": "up", "firming": "up",
	"rebounded": "up", "rebound": "up", "rebounds": "up", "rebounding": "up",
	"increased": "up", "increase": "up", "increases": "up", "grew": "up", "grow": "up", "grows": "up",
	"expanded": "up", "doubled": "up", "tripled": "up", "improved": "up", "widened": "up",
	"decreased": "down", "decrease": "down", "decreases": "down", "shrank": "down", "shrunk": "down",
	"contracted": "down", "halved": "down", "narrowed": "down", "recovered": "up", "added": "up", "adds": "up", "appreciated": "up", "spiked": "up",
	"fell": "down", "fall": "down", "falls": "down", "falling": "down", "fallen": "down",
	"dropped": "down", "drop": "down", "drops": "down", "dropping": "down",
	"declined": "down", "decline": "down", "declines": "down", "declining": "down",
	"lost": "down", "lose": "down", "loses": "down", "losing": "down",
	"slumped": "down", "slump": "down", "slumps": "down", "slumping": "down",
	"plunged": "down", "plunge": "down", "plunges": "down", "plunging": "down",
	"plummeted": "down", "plummet": "down", "plummets": "down", "plummeting": "down",
	"tumbled": "down", "tumble": "down", "tumbles": "down", "tumbling": "down",
	"slid": "down", "slide": "down", "slides": "down", "sliding": "down",
	"slipped": "down", "slip": "down", "slips": "down", "slipping": "down",
	"eased": "down", "ease": "down", "eases": "down", "easing": "down",
	"weakened": "down", "weaken": "down", "weakens": "down", "weakening": "down",
	"sank": "down", "sink": "down", "sinks": "down", "sinking": "down", "sunk": "down",
	"dipped": "down", "dip": "down", "dips": "down", "dipping": "down",
	"shed": "down", "sheds": "down", "shedding": "down", "retreated": "down", "retreat": "down",
	"depreciated": "down", "crashed": "down", "collapsed": "down", "softened": "down",
	"closed": "", "close": "", "closes": "", "ended": "", "end": "", "ends": "", "finished": "",
	"edged": "", "edges": "", "edging": "", "traded": "", "trading": "", "stood": "", "opened": "",
	"was": "", "is": "", "were": "", "are": "", "moved": "", "stands": "", "settled": "",
	"reached": "", "reaches": "", "hit": "", "hits": "", "touched": "", "touches": "",
}

// directionWords after a move verb give or confirm its direction.
var directionWords = map[string]string{
	"up": "up", "higher": "up", "firmer": "up", "stronger": "up",
	"down": "down", "lower": "down", "weaker": "down", "softer": "down", "off": "down",
}

// marketWords make a phrase a market: exchanges, indices, shares,
// currencies, commodities, bonds.
var marketWords = set(
	"exchange", "index", "indices", "indexes", "stocks", "stock", "shares", "bourse",
	"market", "markets", "equities", "dow", "nasdaq", "ftse", "dax", "cac", "nikkei", "s&p",
	"rts", "moex", "micex", "hang", "seng", "topix", "kospi", "sensex", "stoxx",
	"dollar", "ruble", "rouble", "euro", "yen", "sterling", "pound", "franc", "mark", "yuan",
	"lira", "hryvnia", "rupee", "peso", "won", "currency", "greenback", "renminbi", "rand",
	"oil", "crude", "brent", "wti", "gold", "silver", "copper", "platinum", "palladium",
	"wheat", "corn", "soybeans", "soybean", "coffee", "cocoa", "sugar", "cotton", "gas",
	"gasoline", "futures", "bonds", "yields", "treasuries",
	"gilts", "bunds", "bund", "securities", "aluminium", "aluminum", "nickel", "zinc", "tin",
	"lead", "barley", "rice", "palm", "rubber", "heating", "bitcoin", "commodities",
)

// countNouns are what counts are made of, with the unit they are counted
// in.
var countNouns = map[string]string{
	"troops": "troops", "soldiers": "troops", "servicemen": "troops", "servicemembers": "troops",
	"personnel": "troops", "marines": "troops", "paratroopers": "troops", "reservists": "troops",
	"conscripts": "troops", "fighters": "fighters", "militants": "fighters", "rebels": "fighters",
	"guerrillas": "fighters", "insurgents": "fighters", "mercenaries": "fighters",
	"policemen": "police", "police": "police", "officers": "police",
	"drones": "drones", "uavs": "drones", "missiles": "missiles", "rockets": "missiles",
	"shells": "shells", "bombs": "bombs", "warheads": "warheads", "mines": "mines",
	"prisoners": "prisoners", "pows": "prisoners", "detainees": "prisoners", "captives": "prisoners",
	"hostages": "hostages", "refugees": "refugees", "migrants": "migrants", "evacuees": "people",
	"asylum-seekers": "migrants", "tanks": "tanks", "aircraft": "aircraft", "jets": "aircraft",
	"warplanes": "aircraft", "planes": "aircraft", "fighter-jets": "aircraft",
	"helicopters": "helicopters", "warships": "ships", "ships": "ships", "vessels": "ships",
	"boats": "ships", "submarines": "ships", "artillery": "guns", "howitzers": "guns",
	"people": "people", "persons": "people", "civilians": "people", "residents": "people",
	"children": "people", "protesters": "people", "demonstrators": "people", "protestors": "people",
	"strikers": "people", "workers": "people", "inhabitants": "people", "villagers": "people",
	"women": "people", "men": "people", "voters": "people", "passengers": "people",
	"journalists": "people", "students": "people", "pilgrims": "people", "victims": "people",
	"casualties": "people", "families": "families", "households": "households",
	"peacekeepers": "troops", "observers": "people", "monitors": "people", "diplomats": "people",
}

// casualtyVerbs report people killed or hurt; the value names the subject's
// participle.
var casualtyVerbs = map[string]string{
	"killed": "killed", "killing": "killed", "kills": "killed", "kill": "killed",
	"wounded": "wounded", "wounding": "wounded", "wounds": "wounded",
	"injured": "injured", "injuring": "injured", "injures": "injured", "injure": "injured",
	"dead": "killed", "died": "killed", "die": "killed", "hurt": "injured",
	"executed": "killed", "massacred": "killed", "slain": "killed", "murdered": "killed",
}

// casualtyNouns after a number report deaths: "12 deaths".
var casualtyNouns = map[string]string{
	"deaths": "killed", "dead": "killed", "fatalities": "killed", "casualties": "casualties",
	"injuries": "injured", "bodies": "killed",
}

// approxWords may stand between a verb and its number: "killed at least 12".
var approxWords = set(
	"at", "least", "some", "about", "around", "nearly", "almost", "more", "than", "over",
	"up", "to", "an", "estimated", "roughly", "approximately", "as", "many", "much", "another",
	"a", "further", "additional", "close", "just", "under", "fewer", "less", "upwards", "of",
	"only", "by", "the",
)

// comparators before an amount make it the earlier figure of a comparison:
// "12 mln dlrs vs 10 mln", "to $11.1bn from $10.9bn".
var comparators = set("vs", "vs.", "versus", "from", "against", "compared", "than", "previous", "prior")

// numberWords are the spelled numbers read as quantities.
var numberWords = set(
	"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
	"thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
	"thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "dozen",
)
