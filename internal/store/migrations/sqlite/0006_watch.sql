-- Watch: rules, alert state, the notices sent when alerts fire or resolve,
-- webhook sinks and their outbox (one row per notice and sink until it is
-- delivered), and the evaluator's cursor. Times are RFC 3339 text in UTC.
CREATE TABLE watch_rules (
	name         TEXT PRIMARY KEY,
	text         TEXT NOT NULL,            -- the rule in the rule language
	hold_ns      INTEGER NOT NULL DEFAULT 0, -- the `for` hold
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	evaluated_at TEXT                      -- NULL until first evaluated (or after a change)
);

CREATE TABLE watch_alerts (
	fingerprint TEXT PRIMARY KEY,          -- rule and cause, hashed
	rule        TEXT NOT NULL,
	cause       TEXT NOT NULL,
	state       TEXT NOT NULL,             -- pending | firing | resolved
	episode     INTEGER NOT NULL DEFAULT 1,
	active_at   TEXT NOT NULL,
	fired_at    TEXT,
	resolved_at TEXT,
	last_eval   TEXT NOT NULL,
	until_at    TEXT,                      -- when the cause stops holding by itself
	title       TEXT NOT NULL DEFAULT '',
	summary     TEXT NOT NULL DEFAULT '',
	links       TEXT,                      -- JSON []AlertLink
	detail      TEXT                       -- JSON object
);
CREATE INDEX watch_alerts_state ON watch_alerts(state, rule);
CREATE INDEX watch_alerts_rule ON watch_alerts(rule);

CREATE TABLE watch_notices (
	id          INTEGER PRIMARY KEY,
	key         TEXT NOT NULL UNIQUE,      -- the idempotency key
	fingerprint TEXT NOT NULL,
	rule        TEXT NOT NULL,
	cause       TEXT NOT NULL,
	status      TEXT NOT NULL,             -- firing | resolved
	at          TEXT NOT NULL,             -- evaluation time
	title       TEXT NOT NULL DEFAULT '',
	summary     TEXT NOT NULL DEFAULT '',
	links       TEXT,
	detail      TEXT,
	created_at  TEXT NOT NULL
);
CREATE INDEX watch_notices_rule ON watch_notices(rule, id);

CREATE TABLE watch_sinks (
	name          TEXT PRIMARY KEY,
	kind          TEXT NOT NULL,           -- webhook
	url           TEXT NOT NULL,
	secret        TEXT NOT NULL DEFAULT '',
	allow_private INTEGER NOT NULL DEFAULT 0,
	created_at    TEXT NOT NULL
);

CREATE TABLE watch_outbox (
	id           INTEGER PRIMARY KEY,
	sink         TEXT NOT NULL REFERENCES watch_sinks(name) ON DELETE CASCADE,
	notice_id    INTEGER NOT NULL REFERENCES watch_notices(id) ON DELETE CASCADE,
	attempts     INTEGER NOT NULL DEFAULT 0,
	next_at      TEXT NOT NULL,
	delivered_at TEXT,
	dead         INTEGER NOT NULL DEFAULT 0,
	last_error   TEXT NOT NULL DEFAULT '',
	UNIQUE (sink, notice_id)
);
CREATE INDEX watch_outbox_due ON watch_outbox(delivered_at, dead, next_at);

CREATE TABLE watch_state (
	id           INTEGER PRIMARY KEY CHECK (id = 1),
	seq          INTEGER NOT NULL,
	evaluated_at TEXT,
	story_mark   TEXT,
	article_seq  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO watch_state (id, seq) VALUES (1, 0);
