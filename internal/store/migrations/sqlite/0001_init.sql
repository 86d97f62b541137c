-- Sources, articles and their full-text index; the record tables that the
-- extractors fill (events, claims, deadlines, facts).
CREATE TABLE sources (
	id         INTEGER PRIMARY KEY,
	kind       TEXT NOT NULL,              -- file | stdin | feed | web | gdelt
	name       TEXT NOT NULL,
	url        TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	UNIQUE (kind, name, url)
);

CREATE TABLE articles (
	seq           INTEGER PRIMARY KEY,      -- rowid, for the FTS index
	id            TEXT NOT NULL UNIQUE,
	ext_id        TEXT NOT NULL DEFAULT '',
	source        TEXT NOT NULL DEFAULT '',
	source_id     INTEGER REFERENCES sources(id),
	title         TEXT NOT NULL DEFAULT '',
	byline        TEXT NOT NULL DEFAULT '',
	url           TEXT NOT NULL DEFAULT '',
	canonical_url TEXT UNIQUE,              -- NULL when unknown
	date          TEXT NOT NULL DEFAULT '', -- ISO cut to precision
	published     TEXT,                     -- RFC 3339 when known
	lang          TEXT NOT NULL DEFAULT '',
	text          TEXT NOT NULL,
	hash          TEXT NOT NULL UNIQUE,
	origin        TEXT NOT NULL DEFAULT '',
	meta          TEXT,                     -- JSON object
	ingested_at   TEXT NOT NULL
);
CREATE INDEX articles_date ON articles(date);
CREATE INDEX articles_source_date ON articles(source, date);
CREATE INDEX articles_ingested ON articles(ingested_at);

CREATE VIRTUAL TABLE articles_fts USING fts5(
	title, text, content='articles', content_rowid='seq',
	tokenize='porter unicode61 remove_diacritics 2'
);
-- New articles are indexed by the store at the end of each write batch,
-- once per commit rather than once per article (FTS5 flushes its pending
-- terms at every savepoint release, which made per-article indexing the
-- main cost of ingest). Deletes and edits keep the index in step here.
CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
	INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

CREATE TABLE events (
	id             TEXT PRIMARY KEY,
	article_id     TEXT REFERENCES articles(id) ON DELETE CASCADE, -- NULL for imported events
	sentence       INTEGER NOT NULL DEFAULT 0,
	text           TEXT NOT NULL DEFAULT '',
	date           TEXT NOT NULL DEFAULT '',
	date_precision TEXT NOT NULL DEFAULT 'day',
	src_code       TEXT NOT NULL DEFAULT '',
	src_country    TEXT NOT NULL DEFAULT '',
	tgt_code       TEXT NOT NULL DEFAULT '',
	tgt_country    TEXT NOT NULL DEFAULT '',
	source_actor   TEXT,                   -- JSON Actor
	target_actor   TEXT,                   -- JSON Actor
	cameo          TEXT NOT NULL,
	root           TEXT NOT NULL,
	quad           INTEGER NOT NULL,
	goldstein      REAL NOT NULL,
	plover         TEXT NOT NULL DEFAULT '',
	verb           TEXT NOT NULL DEFAULT '',
	location       TEXT,                   -- JSON Location
	negated        INTEGER NOT NULL DEFAULT 0,
	hedged         INTEGER NOT NULL DEFAULT 0,
	conditional    INTEGER NOT NULL DEFAULT 0,
	attributed_to  TEXT,                   -- JSON Actor
	rule           TEXT,                   -- JSON Rule
	ext_id         TEXT NOT NULL DEFAULT '',
	source_url     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_dyad_date ON events(src_country, tgt_country, date);
CREATE INDEX events_tgt_date ON events(tgt_country, date);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_root_date ON events(root, date);

CREATE TABLE claims (
	id          TEXT PRIMARY KEY,
	article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	sentence    INTEGER NOT NULL,
	speaker     TEXT,                      -- JSON Actor
	speaker_code    TEXT NOT NULL DEFAULT '',
	speaker_country TEXT NOT NULL DEFAULT '',
	kind        TEXT NOT NULL,
	verb        TEXT NOT NULL DEFAULT '',
	text        TEXT NOT NULL,
	stance      TEXT NOT NULL,
	hedged      INTEGER NOT NULL DEFAULT 0,
	date        TEXT NOT NULL DEFAULT '',
	denies      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX claims_article ON claims(article_id);
CREATE INDEX claims_speaker_date ON claims(speaker_country, date);
CREATE INDEX claims_denies ON claims(denies);

CREATE TABLE deadlines (
	id          TEXT PRIMARY KEY,
	article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	sentence    INTEGER NOT NULL,
	text        TEXT NOT NULL DEFAULT '',
	due         TEXT NOT NULL,
	precision   TEXT NOT NULL,
	kind        TEXT NOT NULL,
	what        TEXT NOT NULL,
	actors      TEXT,                      -- JSON []Actor
	status      TEXT NOT NULL DEFAULT 'open'
);
CREATE INDEX deadlines_article ON deadlines(article_id);
CREATE INDEX deadlines_due ON deadlines(due);

CREATE TABLE facts (
	id          TEXT PRIMARY KEY,
	article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	sentence    INTEGER NOT NULL,
	text        TEXT NOT NULL DEFAULT '',
	kind        TEXT NOT NULL,
	subject     TEXT NOT NULL,
	value       REAL NOT NULL,
	unit        TEXT NOT NULL DEFAULT '',
	direction   TEXT NOT NULL DEFAULT '',
	date        TEXT NOT NULL DEFAULT '',
	precision   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX facts_article ON facts(article_id);
CREATE INDEX facts_kind_date ON facts(kind, date);
