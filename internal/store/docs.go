package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/sitrep/sitrep/internal/record"
)

// DocStore keeps negotiation and policy documents (internal/doc parses
// and compares them): their versions, the phrases that name them, and
// the stances derived from stored articles. Both stores implement it
// beside Store; callers reach it with a type assertion (st.(store.DocStore)).
type DocStore interface {
	// PutDocVersion stores one version of v.Doc (the document is created
	// on first use) in one transaction. A version already stored under the
	// same label is replaced whole. The document's derived stances are
	// dropped, since they were derived against the versions before.
	PutDocVersion(ctx context.Context, v DocVersion) (replaced bool, err error)
	// GetDoc returns a document with its versions ordered by date (undated
	// last), then by when they were added; an error wrapping ErrNotFound
	// when there is none of that name.
	GetDoc(ctx context.Context, name string) (*Doc, error)
	// ListDocs describes every document, by name.
	ListDocs(ctx context.Context) ([]DocInfo, error)
	// SetDocAliases replaces the phrases that name a document in the news
	// and drops its derived stances.
	SetDocAliases(ctx context.Context, name string, aliases []string) error
	// DeleteDoc removes a document with its versions and stances;
	// DeleteDocVersion one version (and the document's stances). Both
	// return an error wrapping ErrNotFound for an unknown name or label.
	DeleteDoc(ctx context.Context, name string) error
	DeleteDocVersion(ctx context.Context, name, label string) error
	// EachDocMention streams, in storage order, the stored articles after
	// afterSeq whose title or text matches one of the phrases in the
	// full-text index (stemmed, as search matches them), each with its
	// claims and events. The caller checks the exact wording.
	EachDocMention(ctx context.Context, phrases []string, afterSeq int64, fn func(*DocMention) error) error
	// DocStances returns a document's stored stances in the order they
	// were stored, and how far their derivation has got.
	DocStances(ctx context.Context, name string) ([]DocStance, StanceScan, error)
	// DocStanceScan returns how far a document's stance derivation has got.
	DocStanceScan(ctx context.Context, name string) (StanceScan, error)
	// DocStanceGroups sums up a document's stances dated on or before asOf
	// ("" for all; a date cut to the month counts as on or before the
	// days of that month) of one party ("" for all): one group per party,
	// point and position, with its count and the storage id and date of
	// its latest stance (by date, then storage order).
	DocStanceGroups(ctx context.Context, name, asOf, actor string) ([]StanceGroup, error)
	// DocStancesByID returns stored stances of a document by storage id.
	DocStancesByID(ctx context.Context, name string, ids []int64) (map[int64]DocStance, error)
	// SaveDocStances records a derivation step in one transaction: when
	// the stored scan is still expect, it drops the stored stances if
	// reset, appends add, and sets the scan to next. Otherwise (another
	// process got there first) it changes nothing and returns an error
	// wrapping ErrStaleScan.
	SaveDocStances(ctx context.Context, name string, expect, next StanceScan, reset bool, add []DocStance) error
}

// ErrStaleScan is returned when stances were saved by someone else since
// they were read.
var ErrStaleScan = errors.New("document stances changed meanwhile")

// DocVersion is one stored version of a document.
type DocVersion struct {
	Doc     string
	Label   string
	Date    string // ISO day; "" when undated
	Source  string // the file or URL it was read from
	Format  string // text | markdown | html
	Title   string
	Text    string // as read
	Parsed  []byte // the structure, as internal/doc encodes it (JSON)
	Hash    string // SHA-256 of Text, hex
	AddedAt time.Time
}

// Doc is a document with its versions.
type Doc struct {
	Name     string
	Aliases  []string
	Created  time.Time
	Versions []DocVersion
}

// DocInfo describes a stored document.
type DocInfo struct {
	Name     string    `json:"name"`
	Aliases  []string  `json:"aliases"`
	Created  time.Time `json:"created"`
	Versions []string  `json:"versions"` // labels in date order
	First    string    `json:"first,omitempty"`
	Last     string    `json:"last,omitempty"`
	Stances  int       `json:"stances"`
}

// DocMention is a stored article that may speak of a document.
type DocMention struct {
	Seq       int64
	ArticleID string
	Date      string
	Title     string
	Text      string
	Claims    []record.Claim
	Events    []record.Event
}

// StanceScan says how far stance derivation has got: the state it was
// derived against (a fingerprint of versions, aliases and topics; "" for
// never) and the last article (by storage order) it has read.
type StanceScan struct {
	State string
	Seq   int64
}

// StanceGroup is the stances of one party, point and position.
type StanceGroup struct {
	Actor, Point, Position string
	Count                  int
	LastDate               string
	LastID                 int64
}

// GroupKeyBase is added to a stance's id in the "DATE ID" key both stores
// compute for the latest stance of a group, so every id has 16 digits and
// the key orders by date, then id.
const GroupKeyBase = 1_000_000_000_000_000

// ParseGroupLast splits a group's "DATE ID" key.
func ParseGroupLast(key string) (string, int64, error) {
	i := strings.LastIndexByte(key, ' ')
	if i < 0 {
		return "", 0, fmt.Errorf("stance group key %q", key)
	}
	id, err := strconv.ParseInt(key[i+1:], 10, 64)
	if err != nil {
		return "", 0, fmt.Errorf("stance group key %q: %w", key, err)
	}
	return key[:i], id - GroupKeyBase, nil
}

// DocStance is one stored stance (see doc.Stance for the fields).
type DocStance struct {
	Actor, ActorCode, ActorName string
	Point, PointID, Version     string
	Topic, Position, Date       string
	ArticleID                   string
	Sentence                    int
	Evidence, Via, RecordID     string
	Cue, Match                  string
}

// CheckDocVersion reports what would make v unfit to store. Both stores
// call it first, so they refuse the same version with the same words.
func CheckDocVersion(v DocVersion) error {
	switch {
	case strings.TrimSpace(v.Doc) == "":
		return errors.New("document has no name")
	case strings.TrimSpace(v.Label) == "":
		return fmt.Errorf("document %s: version has no label", v.Doc)
	case len(v.Parsed) == 0:
		return fmt.Errorf("document %s: version %s: not parsed", v.Doc, v.Label)
	}
	if v.Date != "" {
		if _, err := time.Parse(time.DateOnly, v.Date); err != nil {
			return fmt.Errorf("document %s: version %s: date %q: want YYYY-MM-DD", v.Doc, v.Label, v.Date)
		}
	}
	return nil
}

// PhraseWords splits a phrase into the words a full-text index holds:
// letters and digits only, so "28-point plan" is "28 point plan".
func PhraseWords(p string) []string {
	return strings.FieldsFunc(p, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}
