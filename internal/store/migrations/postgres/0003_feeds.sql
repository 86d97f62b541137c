-- Feeds and their polling state; where each article was seen (every feed
-- and URL, so an article found in several feeds keeps them all); and the
-- feed items whose pages are still to be fetched.
CREATE TABLE feeds (
	id            BIGSERIAL PRIMARY KEY,
	url           TEXT NOT NULL UNIQUE,
	title         TEXT NOT NULL DEFAULT '',
	interval_s    BIGINT NOT NULL,
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	last_fetch    TIMESTAMPTZ,
	next_fetch    TIMESTAMPTZ NOT NULL,
	last_error    TEXT NOT NULL DEFAULT '',
	error_count   INTEGER NOT NULL DEFAULT 0,
	created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX feeds_next_fetch ON feeds(next_fetch);

CREATE TABLE article_sources (
	article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	url        TEXT NOT NULL DEFAULT '',
	feed_url   TEXT NOT NULL DEFAULT '',
	feed_id    BIGINT REFERENCES feeds(id) ON DELETE SET NULL,
	seen_at    TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (article_id, url, feed_url)
);
CREATE INDEX article_sources_url ON article_sources(url) WHERE url <> '';
CREATE INDEX article_sources_feed ON article_sources(feed_id, article_id);

CREATE TABLE page_queue (
	url        TEXT NOT NULL,
	feed_id    BIGINT NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
	link       TEXT NOT NULL,
	draft      TEXT NOT NULL,
	attempts   INTEGER NOT NULL DEFAULT 0,
	next_try   TIMESTAMPTZ NOT NULL,
	last_error TEXT NOT NULL DEFAULT '',
	added_at   TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (url, feed_id)
);
CREATE INDEX page_queue_next ON page_queue(next_try);
