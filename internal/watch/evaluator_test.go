package watch_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/watch"
)

// timeline is the evaluation times of the fixture and the notices each
// must send, as "status rule cause".
var timeline = []struct {
	now  string
	want []string
}{
	{"2025-08-10T09:00:00Z", nil}, // the deadline is 15 days off; nothing has happened
	{"2025-08-16T09:00:00Z", []string{"firing consult story:s-consult", "firing denials claim:" /* id filled in */, "firing treaty deadline:"}},
	{"2025-08-16T18:00:00Z", nil},                                      // the same day again: nothing new
	{"2025-08-17T10:00:00Z", []string{"firing fights story:s-attack"}}, // held a day
	{"2025-08-23T09:00:00Z", []string{"resolved consult story:s-consult", "resolved denials claim:"}},
	{"2025-08-26T09:00:00Z", []string{"firing passed deadline:", "resolved fights story:s-attack", "resolved treaty deadline:"}},
}

func describe(ns []store.Notice) []string {
	var out []string
	for _, n := range ns {
		cause := n.Cause
		if i := strings.IndexByte(cause, ':'); i >= 0 && !strings.HasPrefix(cause, "story:") {
			cause = cause[:i+1]
		}
		out = append(out, n.Status+" "+n.Rule+" "+cause)
	}
	slices.Sort(out)
	return out
}

func evaluator(t testing.TB, st store.Store) *watch.Evaluator {
	t.Helper()
	e, err := watch.NewEvaluator(watch.Options{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestTimelineFiresOnce runs the fixture's timeline twice, once with one
// evaluator and once reopening the store before every step, and wants
// exactly the expected notices from both, each once.
func TestTimelineFiresOnce(t *testing.T) {
	for _, restart := range []bool{false, true} {
		t.Run(fmt.Sprintf("restart=%v", restart), func(t *testing.T) {
			ctx := context.Background()
			f := newFixture(t)
			st := openDB(t, f.path)
			defer func() { st.Close() }()
			e := evaluator(t, st)
			var all []store.Notice
			for _, step := range timeline {
				if restart {
					st.Close()
					st = openDB(t, f.path)
					e = evaluator(t, st)
				}
				res, err := e.EvaluateOnce(ctx, at(step.now))
				if err != nil {
					t.Fatalf("%s: %v", step.now, err)
				}
				if len(res.Errors) > 0 {
					t.Fatalf("%s: rule errors %v", step.now, res.Errors)
				}
				if got := describe(res.Notices); !slices.Equal(got, step.want) {
					t.Errorf("%s: notices\n got %q\nwant %q", step.now, got, step.want)
				}
				all = append(all, res.Notices...)
			}
			stored, err := st.(store.WatchStore).Notices(ctx, store.NoticeFilter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			if len(stored) != len(all) {
				t.Errorf("stored %d notices, sent %d", len(stored), len(all))
			}
			keys := map[string]bool{}
			for _, n := range stored {
				if keys[n.Key] {
					t.Errorf("notice %s stored twice", n.Key)
				}
				keys[n.Key] = true
			}
			// The deadline alert links the article it came from, the story
			// alert every independent source.
			for _, n := range all {
				if n.Rule == "treaty" && (len(n.Links) != 1 || n.Links[0].ArticleID != f.articles["summit"] || n.Links[0].URL != "https://one.example/summit") {
					t.Errorf("treaty links %+v", n.Links)
				}
				if n.Rule == "consult" && len(n.Links) != 2 {
					t.Errorf("consult links %+v", n.Links)
				}
				if n.Rule == "treaty" && n.Status == watch.NoticeFiring && !strings.Contains(n.Title, "in 9 days") {
					t.Errorf("treaty title %q", n.Title)
				}
			}
		})
	}
}

// TestIncrementalSeesNewStoriesAndClaims adds a story and a claim after
// the rules have run once: the next evaluation, which looks only at what
// changed, must find both.
func TestIncrementalSeesNewStoriesAndClaims(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	st := openDB(t, f.path)
	defer st.Close()
	e := evaluator(t, st)
	now := at("2025-08-16T09:00:00Z")
	if _, err := e.EvaluateOnce(ctx, now); err != nil {
		t.Fatal(err)
	}
	// A second consultation, corroborated, and a new Russian denial.
	id := putArticle(t, st, "Lavrov calls Rubio", "2025-08-16", "Desk Three", "https://three.example/call",
		"Lavrov phoned Rubio. Moscow denied any drone strikes.", &record.Records{Claims: []record.Claim{{Sentence: 1,
			Speaker: &record.Actor{Code: "RUS", Country: "RUS", Text: "Moscow"}, Kind: "reported", Text: "Moscow denied any drone strikes.", Stance: "deny", Date: "2025-08-16"}}})
	if err := st.(store.StoryStore).SaveStories(ctx, []record.Story{{ID: "s-call", Date: "2025-08-16", DatePrecision: "day", Source: rus, Target: usa,
		CAMEO: "040", Root: "04", Quad: 1, Goldstein: 1, Label: "Consult", Text: "Lavrov phoned Rubio.", Status: record.StatusCorroborated, Sources: 2, Reports: 2,
		Articles: []record.StoryArticle{{ID: id, Title: "Lavrov calls Rubio", Source: "Desk Three", Date: "2025-08-16", Group: 1}}}}, nil); err != nil {
		t.Fatal(err)
	}
	res, err := e.EvaluateOnce(ctx, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	got := describe(res.Notices)
	want := []string{"firing consult story:s-call", "firing denials claim:"}
	if !slices.Equal(got, want) {
		t.Errorf("after new data: %q, want %q", got, want)
	}
	// A story that stops matching resolves its alert at once.
	if err := st.(store.StoryStore).SaveStories(ctx, []record.Story{{ID: "s-call", Date: "2025-08-16", DatePrecision: "day", Source: rus, Target: usa,
		CAMEO: "040", Root: "04", Quad: 1, Goldstein: 1, Label: "Consult", Text: "Lavrov phoned Rubio.", Status: record.StatusDisputed, Sources: 2, Reports: 3}}, nil); err != nil {
		t.Fatal(err)
	}
	res, err = e.EvaluateOnce(ctx, now.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got := describe(res.Notices); !slices.Equal(got, []string{"resolved consult story:s-call"}) {
		t.Errorf("after the story was disputed: %q", got)
	}
}

func TestTestAndRemove(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	st := openDB(t, f.path)
	defer st.Close()
	e := evaluator(t, st)
	now := at("2025-08-16T09:00:00Z")
	res, err := e.Test(ctx, "consult", now)
	if err != nil {
		t.Fatal(err)
	}
	if got := describe(res.Notices); !slices.Equal(got, []string{"firing consult story:s-consult"}) {
		t.Errorf("test: %q", got)
	}
	ns, _ := st.(store.WatchStore).Notices(ctx, store.NoticeFilter{})
	if len(ns) != 0 {
		t.Fatalf("watch test stored %d notices", len(ns))
	}
	if _, err := e.Test(ctx, "nope", now); err == nil {
		t.Error("testing an unknown rule succeeded")
	}
	if _, err := e.EvaluateOnce(ctx, now); err != nil {
		t.Fatal(err)
	}
	gone, err := e.Remove(ctx, "consult", now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got := describe(gone); !slices.Equal(got, []string{"resolved consult story:s-consult"}) {
		t.Errorf("remove: %q", got)
	}
	rules, _ := st.(store.WatchStore).WatchRules(ctx)
	if len(rules) != 4 {
		t.Errorf("rules after remove: %d", len(rules))
	}
	// The Atom feed holds every notice, escaped, and parses.
	var buf bytes.Buffer
	if err := watch.AtomFeed(ctx, st, &buf, watch.FeedInfo{}, 50, now); err != nil {
		t.Fatal(err)
	}
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"id"`
		Entries []struct {
			ID    string `xml:"id"`
			Title string `xml:"title"`
			Links []struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &feed); err != nil {
		t.Fatalf("atom does not parse: %v\n%s", err, buf.String())
	}
	all, _ := st.(store.WatchStore).Notices(ctx, store.NoticeFilter{})
	if len(feed.Entries) != len(all) || feed.ID == "" {
		t.Fatalf("atom has %d entries, %d notices", len(feed.Entries), len(all))
	}
	if !strings.Contains(buf.String(), "&lt;troop&gt;") && strings.Contains(buf.String(), "<troop>") {
		t.Error("outside text reached the feed unescaped")
	}
	for _, e := range feed.Entries {
		if len(e.Links) == 0 || e.Links[0].Href == "" || e.ID == "" || e.Title == "" {
			t.Errorf("entry %+v", e)
		}
	}
}
