-- Stories: events from many reports merged into the happenings they tell
-- (internal/story writes them), the reports behind each, which story holds
-- each event, and the per-day tone cells kept in step with the stories.
-- Dates are ISO text cut to precision (byte order, COLLATE "C"); day is
-- the story's date as a day (a month or year counts on its first day).
CREATE TABLE stories (
	id               TEXT COLLATE "C" PRIMARY KEY,
	date             TEXT COLLATE "C" NOT NULL,
	date_precision   TEXT NOT NULL DEFAULT 'day',
	day              TEXT COLLATE "C" NOT NULL,
	src_code         TEXT NOT NULL DEFAULT '',
	src_country      TEXT COLLATE "C" NOT NULL DEFAULT '',
	tgt_code         TEXT NOT NULL DEFAULT '',
	tgt_country      TEXT COLLATE "C" NOT NULL DEFAULT '',
	source_actor     JSONB,
	target_actor     JSONB,
	cameo            TEXT NOT NULL,
	root             TEXT NOT NULL,
	quad             INTEGER NOT NULL,
	goldstein        DOUBLE PRECISION NOT NULL,
	goldstein_tenths BIGINT NOT NULL,
	plover           TEXT NOT NULL DEFAULT '',
	label            TEXT NOT NULL DEFAULT '',
	text             TEXT NOT NULL DEFAULT '',
	location         JSONB,
	status           TEXT NOT NULL,
	sources          INTEGER NOT NULL,
	reports          INTEGER NOT NULL,
	outlets          JSONB NOT NULL DEFAULT '[]',
	first_seen       TIMESTAMPTZ NOT NULL,
	updated_at       TIMESTAMPTZ NOT NULL
);
-- Timelines read one of these in (date, id) order and stop at the page's
-- end: a directional dyad, either side of one actor, all stories, one
-- CAMEO root.
CREATE INDEX stories_dyad_date ON stories(src_country, tgt_country, date, id);
CREATE INDEX stories_src_date ON stories(src_country, date, id);
CREATE INDEX stories_tgt_date ON stories(tgt_country, date, id);
CREATE INDEX stories_date ON stories(date, id);
CREATE INDEX stories_root_date ON stories(root, date, id);
CREATE INDEX stories_updated ON stories(updated_at);

CREATE TABLE story_articles (
	story_id   TEXT COLLATE "C" NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
	pos        INTEGER NOT NULL,
	article_id TEXT NOT NULL DEFAULT '',   -- '' for an imported event's report
	title      TEXT NOT NULL DEFAULT '',
	source     TEXT NOT NULL DEFAULT '',
	url        TEXT NOT NULL DEFAULT '',
	date       TEXT COLLATE "C" NOT NULL DEFAULT '',
	sentence   INTEGER NOT NULL DEFAULT 0,
	text       TEXT NOT NULL DEFAULT '',
	grp        INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (story_id, pos)
);
CREATE INDEX story_articles_article ON story_articles(article_id) WHERE article_id <> '';

CREATE TABLE story_events (
	event_id TEXT PRIMARY KEY,
	story_id TEXT COLLATE "C" NOT NULL REFERENCES stories(id) ON DELETE CASCADE
);
CREATE INDEX story_events_story ON story_events(story_id);

-- One row per direction, day, CAMEO root and status: the count of stories
-- and their Goldstein sum in tenths (exact under adding and taking away).
CREATE TABLE story_tone (
	src_country      TEXT COLLATE "C" NOT NULL,
	tgt_country      TEXT COLLATE "C" NOT NULL,
	day              TEXT COLLATE "C" NOT NULL,
	root             TEXT NOT NULL,
	status           TEXT NOT NULL,
	quad             INTEGER NOT NULL,
	n                BIGINT NOT NULL,
	goldstein_tenths BIGINT NOT NULL,
	PRIMARY KEY (src_country, tgt_country, day, root, status)
);
CREATE INDEX story_tone_src_day ON story_tone(src_country, day);
CREATE INDEX story_tone_tgt_day ON story_tone(tgt_country, day);
CREATE INDEX story_tone_day ON story_tone(day);
