package web

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/sitrep/sitrep/internal/doc"
	"github.com/sitrep/sitrep/internal/store"
)

// docSummary is one document as GET /api/v1/documents/{name} describes
// it: its aliases and each version's size.
type docSummary struct {
	Name     string            `json:"name"`
	Aliases  []string          `json:"aliases"`
	Versions []doc.VersionInfo `json:"versions"` // in date order
}

// docStances is the parties × points matrix of a document as of a date
// (sitrep doc stances --json).
type docStances struct {
	Doc string `json:"doc"`
	*doc.Matrix
}

func (s *Server) needDocs() error {
	if s.docs == nil {
		return unavailable{"this store keeps no documents"}
	}
	return nil
}

// loadDoc reads a document with its versions parsed and labelled.
func (s *Server) loadDoc(ctx context.Context, name string) (*doc.Document, error) {
	if err := s.needDocs(); err != nil {
		return nil, err
	}
	return doc.Load(ctx, s.docs, name, s.topics)
}

// versionInfo sums up a version as doc diff does.
func versionInfo(v *doc.Version) doc.VersionInfo {
	vi := doc.VersionInfo{Label: v.Label, Date: v.Date, Words: v.Words()}
	for _, u := range v.Units {
		switch {
		case u.Kind == doc.KindPoint && u.Depth == 1:
			vi.Points++
		case u.Kind == doc.KindPoint:
			vi.SubPoints++
		default:
			vi.Paragraphs++
		}
	}
	return vi
}

// docDiff compares two versions by label (both empty: the last two by
// date), listing at most terms phrase shifts each way.
func docDiff(d *doc.Document, from, to string, terms int) (*doc.Diff, error) {
	var va, vb *doc.Version
	var err error
	switch {
	case from == "" && to == "":
		if len(d.Versions) < 2 {
			return nil, badf("document " + d.Name + " has one version: there is nothing to compare it with")
		}
		va, vb = d.Versions[len(d.Versions)-2], d.Versions[len(d.Versions)-1]
	case from == "" || to == "":
		return nil, badf("give both from and to (version labels), or neither for the last two versions")
	default:
		if va, err = d.Version(from); err != nil {
			return nil, badf(err.Error())
		}
		if vb, err = d.Version(to); err != nil {
			return nil, badf(err.Error())
		}
	}
	return doc.Compare(va, vb, terms), nil
}

// docMatrix brings the document's stances up to date with the articles
// stored since they were last derived (as sitrep doc stances does), then
// lays them out as of asOf for one party or all.
func (s *Server) docMatrix(ctx context.Context, d *doc.Document, asOf, actor string) (*doc.Matrix, error) {
	// Stances are derived data: reading the articles stored since the last
	// refresh is cheap, and one that loses a race to another reader has
	// nothing left to add.
	if _, err := doc.Refresh(ctx, s.docs, d, s.topics, s.matcher(), false); err != nil && !errors.Is(err, store.ErrStaleScan) {
		return nil, err
	}
	return doc.MatrixFromStore(ctx, s.docs, d, asOf, strings.ToUpper(actor))
}

func (s *Server) apiDocuments(w http.ResponseWriter, r *http.Request) {
	if err := firstErr(newParams(r.URL.Query()).err, s.needDocs()); err != nil {
		s.apiFail(w, r, err)
		return
	}
	list, err := s.docs.ListDocs(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	for i := range list {
		if list[i].Aliases == nil {
			list[i].Aliases = []string{}
		}
		if list[i].Versions == nil {
			list[i].Versions = []string{}
		}
	}
	writeJSON(w, http.StatusOK, newList(list, ""))
}

func (s *Server) apiDocument(w http.ResponseWriter, r *http.Request) {
	if err := newParams(r.URL.Query()).err; err != nil {
		s.apiFail(w, r, err)
		return
	}
	d, err := s.loadDoc(r.Context(), r.PathValue("name"))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := docSummary{Name: d.Name, Aliases: d.Aliases, Versions: []doc.VersionInfo{}}
	if out.Aliases == nil {
		out.Aliases = []string{}
	}
	for _, v := range d.Versions {
		out.Versions = append(out.Versions, versionInfo(v))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiDocumentDiff(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), "from", "to", "terms")
	from, to, terms := p.str("from"), p.str("to"), p.intIn("terms", 12, 0, 200)
	if p.err != nil {
		s.apiFail(w, r, p.err)
		return
	}
	d, err := s.loadDoc(r.Context(), r.PathValue("name"))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	diff, err := docDiff(d, from, to, terms)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, diff)
}

func (s *Server) apiDocumentStances(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), "as_of", "actor")
	asOf, who := p.date("as_of"), p.country("actor")
	if p.err != nil {
		s.apiFail(w, r, p.err)
		return
	}
	d, err := s.loadDoc(r.Context(), r.PathValue("name"))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	m, err := s.docMatrix(r.Context(), d, asOf, who)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if m.Parties == nil {
		m.Parties = []string{}
	}
	writeJSON(w, http.StatusOK, docStances{Doc: d.Name, Matrix: m})
}
