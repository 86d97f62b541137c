-- Negotiation and policy documents: each document with the phrases that
-- name it in the news, its versions (the text as read and its parsed
-- structure as JSON), and the stances derived from stored articles, with
-- how far through the articles the derivation has got (stance_seq) and
-- what it was derived against (stance_state).
CREATE TABLE docs (
	id           INTEGER PRIMARY KEY,
	name         TEXT NOT NULL UNIQUE,
	aliases      TEXT NOT NULL DEFAULT '[]', -- JSON array of phrases
	created_at   TEXT NOT NULL,
	stance_state TEXT NOT NULL DEFAULT '',
	stance_seq   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE doc_versions (
	id       INTEGER PRIMARY KEY,
	doc_id   INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE,
	label    TEXT NOT NULL,
	date     TEXT NOT NULL DEFAULT '',   -- ISO day, '' when undated
	source   TEXT NOT NULL DEFAULT '',   -- the file or URL it was read from
	format   TEXT NOT NULL,
	title    TEXT NOT NULL DEFAULT '',
	text     TEXT NOT NULL,              -- as read
	parsed   TEXT NOT NULL,              -- JSON structure
	hash     TEXT NOT NULL,              -- SHA-256 of text
	added_at TEXT NOT NULL,
	UNIQUE (doc_id, label)
);

CREATE TABLE doc_stances (
	id          INTEGER PRIMARY KEY,     -- storage order
	doc_id      INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE,
	actor       TEXT NOT NULL,
	actor_code  TEXT NOT NULL DEFAULT '',
	actor_name  TEXT NOT NULL DEFAULT '',
	point       TEXT NOT NULL DEFAULT '', -- lineage key; '' for the whole document
	point_id    TEXT NOT NULL DEFAULT '',
	version     TEXT NOT NULL DEFAULT '',
	topic       TEXT NOT NULL DEFAULT '',
	position    TEXT NOT NULL,
	date        TEXT NOT NULL DEFAULT '',
	article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	sentence    INTEGER NOT NULL DEFAULT 0,
	evidence    TEXT NOT NULL DEFAULT '',
	via         TEXT NOT NULL DEFAULT '',
	record_id   TEXT NOT NULL DEFAULT '',
	cue         TEXT NOT NULL DEFAULT '',
	match       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX doc_stances_doc ON doc_stances(doc_id, id);
-- Covers the matrix query: stances grouped by party, point and position.
CREATE INDEX doc_stances_cells ON doc_stances(doc_id, actor, point, position, date, id);
CREATE INDEX doc_stances_article ON doc_stances(article_id);
