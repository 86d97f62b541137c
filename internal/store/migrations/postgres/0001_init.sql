-- Sources, articles and their full-text index; the record tables that the
-- extractors fill (events, claims, deadlines, facts).
CREATE TABLE sources (
	id         BIGSERIAL PRIMARY KEY,
	kind       TEXT NOT NULL,
	name       TEXT NOT NULL,
	url        TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL,
	UNIQUE (kind, name, url)
);

CREATE TABLE articles (
	seq           BIGSERIAL PRIMARY KEY,
	id            TEXT NOT NULL UNIQUE,
	ext_id        TEXT NOT NULL DEFAULT '',
	source        TEXT NOT NULL DEFAULT '',
	source_id     BIGINT REFERENCES sources(id),
	title         TEXT NOT NULL DEFAULT '',
	byline        TEXT NOT NULL DEFAULT '',
	url           TEXT NOT NULL DEFAULT '',
	canonical_url TEXT UNIQUE,
	date          TEXT COLLATE "C" NOT NULL DEFAULT '',
	published     TIMESTAMPTZ,
	lang          TEXT NOT NULL DEFAULT '',
	text          TEXT NOT NULL,
	hash          TEXT NOT NULL UNIQUE,
	origin        TEXT NOT NULL DEFAULT '',
	meta          JSONB,
	ingested_at   TIMESTAMPTZ NOT NULL,
	tsv           TSVECTOR GENERATED ALWAYS AS (
		setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', left(text, 500000)), 'B')
	) STORED
);
CREATE INDEX articles_date ON articles(date);
CREATE INDEX articles_source_date ON articles(source, date);
CREATE INDEX articles_ingested ON articles(ingested_at);
CREATE INDEX articles_tsv ON articles USING GIN (tsv);

CREATE TABLE events (
	id             TEXT PRIMARY KEY,
	article_id     TEXT REFERENCES articles(id) ON DELETE CASCADE,
	sentence       INTEGER NOT NULL DEFAULT 0,
	text           TEXT NOT NULL DEFAULT '',
	date           TEXT COLLATE "C" NOT NULL DEFAULT '',
	date_precision TEXT NOT NULL DEFAULT 'day',
	src_code       TEXT NOT NULL DEFAULT '',
	src_country    TEXT NOT NULL DEFAULT '',
	tgt_code       TEXT NOT NULL DEFAULT '',
	tgt_country    TEXT NOT NULL DEFAULT '',
	source_actor   JSONB,
	target_actor   JSONB,
	cameo          TEXT NOT NULL,
	root           TEXT NOT NULL,
	quad           INTEGER NOT NULL,
	goldstein      DOUBLE PRECISION NOT NULL,
	plover         TEXT NOT NULL DEFAULT '',
	verb           TEXT NOT NULL DEFAULT '',
	location       JSONB,
	negated        BOOLEAN NOT NULL DEFAULT FALSE,
	hedged         BOOLEAN NOT NULL DEFAULT FALSE,
	conditional    BOOLEAN NOT NULL DEFAULT FALSE,
	attributed_to  JSONB,
	rule           JSONB,
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
	speaker     JSONB,
	speaker_code    TEXT NOT NULL DEFAULT '',
	speaker_country TEXT NOT NULL DEFAULT '',
	kind        TEXT NOT NULL,
	verb        TEXT NOT NULL DEFAULT '',
	text        TEXT NOT NULL,
	stance      TEXT NOT NULL,
	hedged      BOOLEAN NOT NULL DEFAULT FALSE,
	date        TEXT COLLATE "C" NOT NULL DEFAULT '',
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
	due         TEXT COLLATE "C" NOT NULL,
	precision   TEXT NOT NULL,
	kind        TEXT NOT NULL,
	what        TEXT NOT NULL,
	actors      JSONB,
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
	value       DOUBLE PRECISION NOT NULL,
	unit        TEXT NOT NULL DEFAULT '',
	direction   TEXT NOT NULL DEFAULT '',
	date        TEXT COLLATE "C" NOT NULL DEFAULT '',
	precision   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX facts_article ON facts(article_id);
CREATE INDEX facts_kind_date ON facts(kind, date);
