package web

import (
	"net/http"
	"net/url"

	"github.com/sitrep/sitrep/internal/doc"
	"github.com/sitrep/sitrep/internal/store"
)

type documentsPage struct {
	Docs []store.DocInfo
}

func (s *Server) handleDocuments(w http.ResponseWriter, r *http.Request) {
	if err := firstErr(newParams(r.URL.Query()).err, s.needDocs()); err != nil {
		s.pageFail(w, r, err)
		return
	}
	var d documentsPage
	var err error
	if d.Docs, err = s.docs.ListDocs(r.Context()); err != nil {
		s.pageFail(w, r, err)
		return
	}
	s.render(w, r, "documents", pageData{Title: "Documents", Nav: "documents", Data: d})
}

// matrixCell is one party's position on one row, for the template.
type matrixCell struct {
	Party string
	Cell  *doc.Cell // nil: no stance reported
}

type matrixRow struct {
	doc.Row
	Cells []matrixCell // in the order of the parties
}

type documentPage struct {
	Name     string
	Aliases  []string
	Versions []doc.VersionInfo
	Query    url.Values
	AsOf     string
	Actor    string
	Matrix   *doc.Matrix
	Rows     []matrixRow
	Topics   *doc.Topics
	Error    string
}

// handleDocument shows a document's versions and its plan as a table:
// points of the version in force down, parties across, each cell the
// latest position as of the date picked, with its evidence.
func (s *Server) handleDocument(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := newParams(q, "as_of", "actor")
	d := documentPage{Query: q, AsOf: p.date("as_of"), Actor: p.country("actor"), Topics: s.topics}
	name := r.PathValue("name")
	dc, err := s.loadDoc(r.Context(), name)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	d.Name, d.Aliases = dc.Name, dc.Aliases
	for _, v := range dc.Versions {
		d.Versions = append(d.Versions, versionInfo(v))
	}
	if p.err != nil {
		d.Error = p.err.Error()
		s.renderStatus(w, r, http.StatusBadRequest, "document", pageData{Title: dc.Name, Nav: "documents", Data: d})
		return
	}
	if d.Matrix, err = s.docMatrix(r.Context(), dc, d.AsOf, d.Actor); err != nil {
		s.pageFail(w, r, err)
		return
	}
	for _, row := range d.Matrix.Rows {
		mr := matrixRow{Row: row}
		for _, party := range d.Matrix.Parties {
			mr.Cells = append(mr.Cells, matrixCell{Party: party, Cell: row.Cells[party]})
		}
		d.Rows = append(d.Rows, mr)
	}
	s.render(w, r, "document", pageData{Title: dc.Name, Nav: "documents", Data: d})
}

type documentDiffPage struct {
	Name     string
	Versions []doc.VersionInfo
	From, To string
	Diff     *doc.Diff
	Topics   *doc.Topics
	All      bool
}

// handleDocumentDiff shows what changed between two versions, point by
// point with word diffs, and the phrases whose use shifted.
func (s *Server) handleDocumentDiff(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), "from", "to", "all")
	d := documentDiffPage{From: p.str("from"), To: p.str("to"), All: p.boolean("all"), Topics: s.topics}
	if p.err != nil {
		s.pageFail(w, r, p.err)
		return
	}
	dc, err := s.loadDoc(r.Context(), r.PathValue("name"))
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	d.Name = dc.Name
	for _, v := range dc.Versions {
		d.Versions = append(d.Versions, versionInfo(v))
	}
	if d.Diff, err = docDiff(dc, d.From, d.To, 12); err != nil {
		s.pageFail(w, r, err)
		return
	}
	d.From, d.To = d.Diff.From.Label, d.Diff.To.Label
	s.render(w, r, "document_diff", pageData{Title: dc.Name + ": " + d.From + " → " + d.To, Nav: "documents", Data: d})
}
