package source

// GDELT writes its geographic country codes in FIPS 10-4, the US
// government's list, not in ISO 3166 as sitrep's records do: "RS" is Russia
// there, "SF" South Africa, "UK" the United Kingdom. This table maps each
// FIPS country code to its ISO 3166-1 alpha-3 code. Places ISO gives no code
// of their own (Akrotiri, Dhekelia, Coral Sea Islands, Clipperton, the
// French Scattered Islands one by one, the Spratly and Paracel Islands,
// Kosovo, the dissolved Netherlands Antilles and Serbia and Montenegro) and
// GDELT's "OS" (oceans) are left out and map to nothing. The raw FIPS code
// is always kept in the event's Extra fields as well.
var fipsToISO3 = map[string]string{
	"AA": "ABW", // Aruba
	"AC": "ATG", // Antigua and Barbuda
	"AE": "ARE", // United Arab Emirates
	"AF": "AFG", // Afghanistan
	"AG": "DZA", // Algeria
	"AJ": "AZE", // Azerbaijan
	"AL": "ALB", // Albania
	"AM": "ARM", // Armenia
	"AN": "AND", // Andorra
	"AO": "AGO", // Angola
	"AQ": "ASM", // American Samoa
	"AR": "ARG", // Argentina
	"AS": "AUS", // Australia
	"AU": "AUT", // Austria
	"AV": "AIA", // Anguilla
	"AY": "ATA", // Antarctica
	"BA": "BHR", // Bahrain
	"BB": "BRB", // Barbados
	"BC": "BWA", // Botswana
	"BD": "BMU", // Bermuda
	"BE": "BEL", // Belgium
	"BF": "BHS", // Bahamas
	"BG": "BGD", // Bangladesh
	"BH": "BLZ", // Belize
	"BK": "BIH", // Bosnia and Herzegovina
	"BL": "BOL", // Bolivia
	"BM": "MMR", // Burma (Myanmar)
	"BN": "BEN", // Benin
	"BO": "BLR", // Belarus
	"BP": "SLB", // Solomon Islands
	"BQ": "UMI", // Navassa Island (US Minor Outlying Islands in ISO)
	"BR": "BRA", // Brazil
	"BT": "BTN", // Bhutan
	"BU": "BGR", // Bulgaria
	"BV": "BVT", // Bouvet Island
	"BX": "BRN", // Brunei
	"BY": "BDI", // Burundi
	"CA": "CAN", // Canada
	"CB": "KHM", // Cambodia
	"CD": "TCD", // Chad
	"CE": "LKA", // Sri Lanka
	"CF": "COG", // Congo (Brazzaville)
	"CG": "COD", // Congo (Kinshasa)
	"CH": "CHN", // China
	"CI": "CHL", // Chile
	"CJ": "CYM", // Cayman Islands
	"CK": "CCK", // Cocos (Keeling) Islands
	"CM": "CMR", // Cameroon
	"CN": "COM", // Comoros
	"CO": "COL", // Colombia
	"CQ": "MNP", // Northern Mariana Islands
	"CS": "CRI", // Costa Rica
	"CT": "CAF", // Central African Republic
	"CU": "CUB", // Cuba
	"CV": "CPV", // Cape Verde
	"CW": "COK", // Cook Islands
	"CY": "CYP", // Cyprus
	"DA": "DNK", // Denmark
	"DJ": "DJI", // Djibouti
	"DO": "DMA", // Dominica
	"DQ": "UMI", // Jarvis Island
	"DR": "DOM", // Dominican Republic
	"EC": "ECU", // Ecuador
	"EG": "EGY", // Egypt
	"EI": "IRL", // Ireland
	"EK": "GNQ", // Equatorial Guinea
	"EN": "EST", // Estonia
	"ER": "ERI", // Eritrea
	"ES": "SLV", // El Salvador
	"ET": "ETH", // Ethiopia
	"EZ": "CZE", // Czech Republic
	"FG": "GUF", // French Guiana
	"FI": "FIN", // Finland
	"FJ": "FJI", // Fiji
	"FK": "FLK", // Falkland Islands
	"FM": "FSM", // Micronesia
	"FO": "FRO", // Faroe Islands
	"FP": "PYF", // French Polynesia
	"FQ": "UMI", // Baker Island
	"FR": "FRA", // France
	"FS": "ATF", // French Southern and Antarctic Lands
	"GA": "GMB", // Gambia
	"GB": "GAB", // Gabon
	"GG": "GEO", // Georgia
	"GH": "GHA", // Ghana
	"GI": "GIB", // Gibraltar
	"GJ": "GRD", // Grenada
	"GK": "GGY", // Guernsey
	"GL": "GRL", // Greenland
	"GM": "DEU", // Germany
	"GP": "GLP", // Guadeloupe
	"GQ": "GUM", // Guam
	"GR": "GRC", // Greece
	"GT": "GTM", // Guatemala
	"GV": "GIN", // Guinea
	"GY": "GUY", // Guyana
	"GZ": "PSE", // Gaza Strip
	"HA": "HTI", // Haiti
	"HK": "HKG", // Hong Kong
	"HM": "HMD", // Heard Island and McDonald Islands
	"HO": "HND", // Honduras
	"HQ": "UMI", // Howland Island
	"HR": "HRV", // Croatia
	"HU": "HUN", // Hungary
	"IC": "ISL", // Iceland
	"ID": "IDN", // Indonesia
	"IM": "IMN", // Isle of Man
	"IN": "IND", // India
	"IO": "IOT", // British Indian Ocean Territory
	"IR": "IRN", // Iran
	"IS": "ISR", // Israel
	"IT": "ITA", // Italy
	"IV": "CIV", // Côte d'Ivoire
	"IZ": "IRQ", // Iraq
	"JA": "JPN", // Japan
	"JE": "JEY", // Jersey
	"JM": "JAM", // Jamaica
	"JN": "SJM", // Jan Mayen (Svalbard and Jan Mayen in ISO)
	"JO": "JOR", // Jordan
	"JQ": "UMI", // Johnston Atoll
	"KE": "KEN", // Kenya
	"KG": "KGZ", // Kyrgyzstan
	"KN": "PRK", // North Korea
	"KQ": "UMI", // Kingman Reef
	"KR": "KIR", // Kiribati
	"KS": "KOR", // South Korea
	"KT": "CXR", // Christmas Island
	"KU": "KWT", // Kuwait
	"KZ": "KAZ", // Kazakhstan
	"LA": "LAO", // Laos
	"LE": "LBN", // Lebanon
	"LG": "LVA", // Latvia
	"LH": "LTU", // Lithuania
	"LI": "LBR", // Liberia
	"LO": "SVK", // Slovakia
	"LQ": "UMI", // Palmyra Atoll
	"LS": "LIE", // Liechtenstein
	"LT": "LSO", // Lesotho
	"LU": "LUX", // Luxembourg
	"LY": "LBY", // Libya
	"MA": "MDG", // Madagascar
	"MB": "MTQ", // Martinique
	"MC": "MAC", // Macau
	"MD": "MDA", // Moldova
	"MF": "MYT", // Mayotte
	"MG": "MNG", // Mongolia
	"MH": "MSR", // Montserrat
	"MI": "MWI", // Malawi
	"MJ": "MNE", // Montenegro
	"MK": "MKD", // (North) Macedonia
	"ML": "MLI", // Mali
	"MN": "MCO", // Monaco
	"MO": "MAR", // Morocco
	"MP": "MUS", // Mauritius
	"MQ": "UMI", // Midway Islands
	"MR": "MRT", // Mauritania
	"MT": "MLT", // Malta
	"MU": "OMN", // Oman
	"MV": "MDV", // Maldives
	"MX": "MEX", // Mexico
	"MY": "MYS", // Malaysia
	"MZ": "MOZ", // Mozambique
	"NC": "NCL", // New Caledonia
	"NE": "NIU", // Niue
	"NF": "NFK", // Norfolk Island
	"NG": "NER", // Niger
	"NH": "VUT", // Vanuatu
	"NI": "NGA", // Nigeria
	"NL": "NLD", // Netherlands
	"NN": "SXM", // Sint Maarten
	"NO": "NOR", // Norway
	"NP": "NPL", // Nepal
	"NR": "NRU", // Nauru
	"NS": "SUR", // Suriname
	"NU": "NIC", // Nicaragua
	"NZ": "NZL", // New Zealand
	"OD": "SSD", // South Sudan
	"PA": "PRY", // Paraguay
	"PC": "PCN", // Pitcairn Islands
	"PE": "PER", // Peru
	"PK": "PAK", // Pakistan
	"PL": "POL", // Poland
	"PM": "PAN", // Panama
	"PO": "PRT", // Portugal
	"PP": "PNG", // Papua New Guinea
	"PS": "PLW", // Palau
	"PU": "GNB", // Guinea-Bissau
	"QA": "QAT", // Qatar
	"RE": "REU", // Réunion
	"RI": "SRB", // Serbia
	"RM": "MHL", // Marshall Islands
	"RN": "MAF", // Saint Martin
	"RO": "ROU", // Romania
	"RP": "PHL", // Philippines
	"RQ": "PRI", // Puerto Rico
	"RS": "RUS", // Russia
	"RW": "RWA", // Rwanda
	"SA": "SAU", // Saudi Arabia
	"SB": "SPM", // Saint Pierre and Miquelon
	"SC": "KNA", // Saint Kitts and Nevis
	"SE": "SYC", // Seychelles
	"SF": "ZAF", // South Africa
	"SG": "SEN", // Senegal
	"SH": "SHN", // Saint Helena
	"SI": "SVN", // Slovenia
	"SL": "SLE", // Sierra Leone
	"SM": "SMR", // San Marino
	"SN": "SGP", // Singapore
	"SO": "SOM", // Somalia
	"SP": "ESP", // Spain
	"ST": "LCA", // Saint Lucia
	"SU": "SDN", // Sudan
	"SV": "SJM", // Svalbard
	"SW": "SWE", // Sweden
	"SX": "SGS", // South Georgia and the South Sandwich Islands
	"SY": "SYR", // Syria
	"SZ": "CHE", // Switzerland
	"TB": "BLM", // Saint Barthélemy
	"TD": "TTO", // Trinidad and Tobago
	"TH": "THA", // Thailand
	"TI": "TJK", // Tajikistan
	"TK": "TCA", // Turks and Caicos Islands
	"TL": "TKL", // Tokelau
	"TN": "TON", // Tonga
	"TO": "TGO", // Togo
	"TP": "STP", // São Tomé and Príncipe
	"TS": "TUN", // Tunisia
	"TT": "TLS", // Timor-Leste
	"TU": "TUR", // Turkey
	"TV": "TUV", // Tuvalu
	"TW": "TWN", // Taiwan
	"TX": "TKM", // Turkmenistan
	"TZ": "TZA", // Tanzania
	"UC": "CUW", // Curaçao
	"UG": "UGA", // Uganda
	"UK": "GBR", // United Kingdom
	"UP": "UKR", // Ukraine
	"US": "USA", // United States
	"UV": "BFA", // Burkina Faso
	"UY": "URY", // Uruguay
	"UZ": "UZB", // Uzbekistan
	"VC": "VCT", // Saint Vincent and the Grenadines
	"VE": "VEN", // Venezuela
	"VI": "VGB", // British Virgin Islands
	"VM": "VNM", // Vietnam
	"VQ": "VIR", // US Virgin Islands
	"VT": "VAT", // Vatican City
	"WA": "NAM", // Namibia
	"WE": "PSE", // West Bank
	"WF": "WLF", // Wallis and Futuna
	"WI": "ESH", // Western Sahara
	"WQ": "UMI", // Wake Island
	"WS": "WSM", // Samoa
	"WZ": "SWZ", // Eswatini (Swaziland)
	"YM": "YEM", // Yemen
	"ZA": "ZMB", // Zambia
	"ZI": "ZWE", // Zimbabwe
}

// iso3ToFIPS is the reverse of fipsToISO3 for the codes that come from one
// FIPS code only; PSE (West Bank, Gaza), UMI and SJM have several and are
// left out, so exporting them leaves the FIPS column empty.
var iso3ToFIPS = func() map[string]string {
	count := map[string]int{}
	for _, iso := range fipsToISO3 {
		count[iso]++
	}
	m := make(map[string]string, len(fipsToISO3))
	for fips, iso := range fipsToISO3 {
		if count[iso] == 1 {
			m[iso] = fips
		}
	}
	return m
}()

// FIPSToISO3 returns the ISO 3166-1 alpha-3 code for a FIPS 10-4 country
// code as GDELT writes it, or "" when ISO has no code for the place.
func FIPSToISO3(fips string) string { return fipsToISO3[fips] }
