package story

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/sitrep/sitrep/internal/cameo"
	"github.com/sitrep/sitrep/internal/record"
)

// Synthetic makes n reports of made-up happenings for benchmarks and
// order tests, shaped like a news feed: a few countries in most dyads
// (Zipf), dates over five years, codes from the codebook weighted towards
// statements, meetings, criticism and fighting, each happening told by one
// to a dozen reports (some a day late, meetings either way round, some
// wire copy republished by another outlet), in words that share the
// happening's topic.
func Synthetic(r *rand.Rand, n int) []Report {
	out := make([]Report, 0, n)
	SyntheticEach(r, n, func(rep *Report) { out = append(out, *rep) })
	return out
}

// SyntheticEach makes the reports Synthetic makes, handing each to fn as
// it is made instead of holding them all.
func SyntheticEach(r *rand.Rand, n int, fn func(*Report)) { synthetic(r, n, nil, fn) }

// SyntheticPart makes the reports of SyntheticEach whose actor pair falls
// in part (0 ≤ part < parts) of a split of the pairs by a hash: called for
// each part in turn, with a fresh r seeded alike, it hands over every
// report once, a share of the actor pairs at a time (as restory reads the
// store pair by pair). Reports outside the part cost their random draws
// only.
func SyntheticPart(r *rand.Rand, n, part, parts int, fn func(*Report)) {
	synthetic(r, n, func(a, b string) bool {
		if a > b {
			a, b = b, a
		}
		h := fnv.New32a()
		h.Write([]byte(a + "\x00" + b))
		return int(h.Sum32()%uint32(parts)) == part
	}, fn)
}

func synthetic(r *rand.Rand, n int, keep func(src, tgt string) bool, fn func(*Report)) {
	countries := []string{"USA", "RUS", "UKR", "CHN", "GBR", "FRA", "DEU", "IRN", "ISR", "SYR", "TUR", "IND", "PAK", "JPN",
		"KOR", "PRK", "SAU", "EGY", "IRQ", "AFG", "POL", "BLR", "GEO", "ARM", "AZE", "KAZ", "BRA", "MEX", "CAN", "AUS",
		"ITA", "ESP", "NLD", "SWE", "FIN", "NOR", "VEN", "CUB", "COL", "ZAF", "NGA", "ETH", "SDN", "LBY", "YEM", "LBN",
		"JOR", "QAT", "ARE", "VNM", "PHL", "IDN", "MYS", "THA", "MMR", "TWN", "SRB", "HUN", "ROU", "GRC"}
	zipf := rand.NewZipf(r, 1.2, 2, uint64(len(countries)-1))
	actors := map[string]*record.Actor{}
	for _, c := range countries {
		actors[c] = &record.Actor{Code: c, Country: c, Name: c + "-land"}
	}
	var codes []cameo.Code
	var weights []float64
	heavy := map[string]float64{"01": 6, "02": 3, "04": 8, "05": 3, "11": 4, "12": 2, "17": 2, "19": 4}
	for _, c := range cameo.Default().All() {
		if len(c.Code) < 3 {
			continue
		}
		w := heavy[c.Root]
		if w == 0 {
			w = 1
		}
		codes, weights = append(codes, c), append(weights, w)
	}
	var total float64
	for _, w := range weights {
		total += w
	}
	pickCode := func() cameo.Code {
		x := r.Float64() * total
		for i, w := range weights {
			if x -= w; x < 0 {
				return codes[i]
			}
		}
		return codes[len(codes)-1]
	}
	siblings := map[string][]cameo.Code{}
	for _, c := range codes {
		siblings[c.Root] = append(siblings[c.Root], c)
	}
	outlets := make([]string, 40)
	for i := range outlets {
		outlets[i] = "Outlet " + strconv.Itoa(i)
	}
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	words := []string{"border", "talks", "sanctions", "troops", "ceasefire", "pipeline", "election", "missile", "grain",
		"embassy", "summit", "treaty", "drones", "refugees", "tariffs", "nuclear", "convoy", "harbour", "airbase", "loan"}
	made := 0
	for h := 0; made < n; h++ {
		src := countries[zipf.Uint64()]
		tgt := countries[zipf.Uint64()]
		if tgt == src {
			tgt = countries[(int(zipf.Uint64())+1)%len(countries)]
		}
		day := start.AddDate(0, 0, r.IntN(5*365))
		code := pickCode()
		w1, w2 := r.IntN(len(words)), r.IntN(len(words))
		k := 1 + int(math.Min(11, r.ExpFloat64()*2))
		want := keep == nil || keep(src, tgt)
		var topic string
		if want {
			topic = fmt.Sprintf("%s %s %s", words[w1], words[w2], "t"+strconv.Itoa(h))
		}
		var wire *Article
		for j := 0; j < k && made < n; j++ {
			made++
			c := code
			if r.IntN(10) >= 7 {
				sib := siblings[code.Root]
				c = sib[r.IntN(len(sib))]
			}
			d := day
			if r.IntN(5) == 0 {
				d = d.AddDate(0, 0, 1)
			}
			s, t := src, tgt
			if isSymmetric(c.Code) && r.IntN(2) == 0 {
				s, t = t, s
			}
			outlet := outlets[r.IntN(len(outlets))]
			republished := j > 0 && r.IntN(4) == 0 // the first report is the wire's
			if !want {
				continue
			}
			id := fmt.Sprintf("h%07d-r%02d", h, j)
			text := fmt.Sprintf("%s and %s: %s over %s, report %d said.", actors[s].Name, actors[t].Name, c.Label, topic, j)
			e := &record.Event{ID: id + "-e0", ArticleID: id, Date: d.Format(time.DateOnly), DatePrecision: "day",
				Source: actors[s], Target: actors[t], CAMEO: c.Code, Root: c.Root, Quad: c.Quad, Goldstein: c.Goldstein,
				PLOVER: c.PLOVER, Text: text}
			a := &Article{ID: id, Outlet: outlet, Date: e.Date, Seen: d.Add(time.Duration(j) * time.Hour)}
			if republished {
				a.Sig = wire.Sig // republished wire copy
			} else {
				a.Sig = Sign(text + " " + topic + " " + a.Outlet)
				if wire == nil {
					wire = a
				}
			}
			fn(&Report{Event: e, Article: a})
		}
	}
}
