package doc

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/store"
)

// deriveVersion changes whenever the stance rules change, so stances
// stored by an older sitrep are derived again.
const deriveVersion = "stances-1"

// Document is a stored document with its versions parsed, labelled with
// topics and chained (see Chain).
type Document struct {
	Name     string
	Aliases  []string   // as the user gave them
	Versions []*Version // in date order
	Stored   []store.DocVersion
}

// EncodeVersion is how a parsed version is stored.
func EncodeVersion(v *Version) ([]byte, error) { return json.Marshal(v) }

// Load reads a document from the store and prepares its versions with
// topics (the stored topic labels are replaced, so an edited topic file
// applies to every version).
func Load(ctx context.Context, ds store.DocStore, name string, topics *Topics) (*Document, error) {
	sd, err := ds.GetDoc(ctx, name)
	if err != nil {
		return nil, err
	}
	d := &Document{Name: sd.Name, Aliases: sd.Aliases, Stored: sd.Versions}
	for _, sv := range sd.Versions {
		v := &Version{}
		if err := json.Unmarshal(sv.Parsed, v); err != nil {
			return nil, fmt.Errorf("document %s: version %s: stored structure: %w", name, sv.Label, err)
		}
		v.Label, v.Date = sv.Label, sv.Date
		topics.LabelVersion(v)
		d.Versions = append(d.Versions, v)
	}
	d.Versions = Chain(d.Versions)
	return d, nil
}

// Version returns the version with a label, or an error naming the labels
// there are.
func (d *Document) Version(label string) (*Version, error) {
	var labels []string
	for _, v := range d.Versions {
		if v.Label == label {
			return v, nil
		}
		labels = append(labels, v.Label)
	}
	return nil, fmt.Errorf("document %s has no version %q (versions: %s)", d.Name, label, strings.Join(labels, ", "))
}

// Phrases are the words that name the document in the news: the aliases
// the user gave, the name (hyphens and underscores read as spaces), and
// "N-point" for each version of N top-level points (five or more).
func (d *Document) Phrases() []string {
	var out []string
	add := func(p string) {
		p = strings.TrimSpace(p)
		if p != "" && !contains(out, p) {
			out = append(out, p)
		}
	}
	for _, a := range d.Aliases {
		add(a)
	}
	add(strings.NewReplacer("-", " ", "_", " ").Replace(d.Name))
	for _, v := range d.Versions {
		if n := len(v.TopPoints()); n >= 5 {
			add(strconv.Itoa(n) + "-point")
		}
	}
	return out
}

// state fingerprints what stances are derived against: the rules, the
// versions, the phrases and the topics.
func (d *Document) state(topics *Topics) string {
	h := sha256.New()
	fmt.Fprintln(h, deriveVersion)
	for _, v := range d.Stored {
		fmt.Fprintln(h, v.Label, v.Date, v.Hash)
	}
	fmt.Fprintln(h, strings.Join(d.Phrases(), "\x00"))
	for _, t := range topics.List {
		fmt.Fprintln(h, t.Key, strings.Join(t.Terms, "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// RefreshResult says what a refresh did.
type RefreshResult struct {
	Rescanned bool `json:"rescanned"` // derived from the first article again
	Articles  int  `json:"articles"`  // articles read that use one of the phrases
	Added     int  `json:"added"`     // stances stored
}

// Refresh brings the stored stances of d up to date: the articles stored
// since the last refresh are read, unless the versions, phrases, topics
// or rules changed since (or full is set), in which case every article is
// read again and the stored stances replaced. Each refresh is one
// transaction; a refresh that races another is tried again once.
func Refresh(ctx context.Context, ds store.DocStore, d *Document, topics *Topics, actors *actor.Matcher, full bool) (RefreshResult, error) {
	var res RefreshResult
	for attempt := 0; ; attempt++ {
		scan, err := ds.DocStanceScan(ctx, d.Name)
		if err != nil {
			return res, err
		}
		state := d.state(topics)
		reset := full || scan.State != state
		from := scan.Seq
		if reset {
			from = 0
		}
		der := NewDeriver(d.Versions, topics, actors, d.Phrases())
		var add []store.DocStance
		next := store.StanceScan{State: state, Seq: from}
		res = RefreshResult{Rescanned: reset}
		err = ds.EachDocMention(ctx, d.Phrases(), from, func(m *store.DocMention) error {
			next.Seq = max(next.Seq, m.Seq)
			res.Articles++
			for _, s := range der.Derive(&Report{ArticleID: m.ArticleID, Date: m.Date, Title: m.Title, Text: m.Text, Claims: m.Claims, Events: m.Events}) {
				add = append(add, toStored(s))
			}
			return ctx.Err()
		})
		if err != nil {
			return res, fmt.Errorf("document %s: %w", d.Name, err)
		}
		res.Added = len(add)
		if !reset && len(add) == 0 && next.Seq == scan.Seq {
			return res, nil
		}
		err = ds.SaveDocStances(ctx, d.Name, scan, next, reset, add)
		if errors.Is(err, store.ErrStaleScan) && attempt == 0 {
			continue
		}
		return res, err
	}
}

// Stances returns the stored stances of a document in date order.
func Stances(ctx context.Context, ds store.DocStore, name string) ([]Stance, error) {
	stored, _, err := ds.DocStances(ctx, name)
	if err != nil {
		return nil, err
	}
	out := make([]Stance, len(stored))
	for i, s := range stored {
		out[i] = Stance(s)
	}
	SortStances(out)
	return out, nil
}

func toStored(s Stance) store.DocStance { return store.DocStance(s) }

// Parties lists the parties of stances, most reported first.
func Parties(ss []Stance) []string {
	n := map[string]int{}
	for _, s := range ss {
		n[s.Actor]++
	}
	out := make([]string, 0, len(n))
	for p := range n {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		if n[out[i]] != n[out[j]] {
			return n[out[i]] > n[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}

// MatrixFromStore builds the same matrix as BuildMatrix from the stances
// stored for d, summed up by the store, so that only the latest stance of
// each cell is read: what keeps the matrix fast over many articles.
func MatrixFromStore(ctx context.Context, ds store.DocStore, d *Document, asOf, actor string) (*Matrix, error) {
	sg, err := ds.DocStanceGroups(ctx, d.Name, asOf, actor)
	if err != nil {
		return nil, err
	}
	groups := make([]StanceGroup, len(sg))
	for i, g := range sg {
		groups[i] = StanceGroup(g)
	}
	return assembleMatrix(d.Versions, asOf, groups, func(ids []int64) (map[int64]Stance, error) {
		stored, err := ds.DocStancesByID(ctx, d.Name, ids)
		if err != nil {
			return nil, err
		}
		out := make(map[int64]Stance, len(stored))
		for id, s := range stored {
			out[id] = Stance(s)
		}
		return out, nil
	})
}
