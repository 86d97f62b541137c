-- Feeds and their polling state; where each article was seen (every feed
-- and URL, so an article found in several feeds keeps them all); and the
-- feed items whose pages are still to be fetched. Times are UTC text in one
-- fixed-width layout (2006-01-02T15:04:05.000000Z), so they sort as text.
CREATE TABLE feeds (
	id            INTEGER PRIMARY KEY,
	url           TEXT NOT NULL UNIQUE,
	title         TEXT NOT NULL DEFAULT '',
	interval_s    INTEGER NOT NULL,
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	last_fetch    TEXT,
	next_fetch    TEXT NOT NULL,
	last_error    TEXT NOT NULL DEFAULT '',
	error_count   INTEGER NOT NULL DEFAULT 0,
	created_at    TEXT NOT NULL
);
CREATE INDEX feeds_next_fetch ON feeds(next_fetch);

CREATE TABLE article_sources (
	article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	url        TEXT NOT NULL DEFAULT '',   -- canonical URL; '' when the item had none
	feed_url   TEXT NOT NULL DEFAULT '',   -- '' when fetched directly
	feed_id    INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
	seen_at    TEXT NOT NULL,
	PRIMARY KEY (article_id, url, feed_url)
);
CREATE INDEX article_sources_url ON article_sources(url) WHERE url <> '';
CREATE INDEX article_sources_feed ON article_sources(feed_id, article_id);

CREATE TABLE page_queue (
	url        TEXT NOT NULL,              -- canonical URL of the page
	feed_id    INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
	link       TEXT NOT NULL,              -- as the feed gave it
	draft      TEXT NOT NULL,              -- JSON article built from the feed item
	attempts   INTEGER NOT NULL DEFAULT 0,
	next_try   TEXT NOT NULL,
	last_error TEXT NOT NULL DEFAULT '',
	added_at   TEXT NOT NULL,
	PRIMARY KEY (url, feed_id)
);
CREATE INDEX page_queue_next ON page_queue(next_try);
