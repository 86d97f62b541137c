-- Watch: rules, alert state, the notices sent when alerts fire or resolve,
-- webhook sinks and their outbox (one row per notice and sink until it is
-- delivered), and the evaluator's cursor.
CREATE TABLE watch_rules (
	name         TEXT PRIMARY KEY,
	text         TEXT NOT NULL,
	hold_ns      BIGINT NOT NULL DEFAULT 0,
	created_at   TIMESTAMPTZ NOT NULL,
	updated_at   TIMESTAMPTZ NOT NULL,
	evaluated_at TIMESTAMPTZ
);

CREATE TABLE watch_alerts (
	fingerprint TEXT PRIMARY KEY,
	rule        TEXT NOT NULL,
	cause       TEXT NOT NULL,
	state       TEXT NOT NULL,
	episode     INTEGER NOT NULL DEFAULT 1,
	active_at   TIMESTAMPTZ NOT NULL,
	fired_at    TIMESTAMPTZ,
	resolved_at TIMESTAMPTZ,
	last_eval   TIMESTAMPTZ NOT NULL,
	until_at    TIMESTAMPTZ,
	title       TEXT NOT NULL DEFAULT '',
	summary     TEXT NOT NULL DEFAULT '',
	links       TEXT,
	detail      TEXT
);
CREATE INDEX watch_alerts_state ON watch_alerts(state, rule);
CREATE INDEX watch_alerts_rule ON watch_alerts(rule);

CREATE TABLE watch_notices (
	id          BIGSERIAL PRIMARY KEY,
	key         TEXT NOT NULL UNIQUE,
	fingerprint TEXT NOT NULL,
	rule        TEXT NOT NULL,
	cause       TEXT NOT NULL,
	status      TEXT NOT NULL,
	at          TIMESTAMPTZ NOT NULL,
	title       TEXT NOT NULL DEFAULT '',
	summary     TEXT NOT NULL DEFAULT '',
	links       TEXT,
	detail      TEXT,
	created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX watch_notices_rule ON watch_notices(rule, id);

CREATE TABLE watch_sinks (
	name          TEXT PRIMARY KEY,
	kind          TEXT NOT NULL,
	url           TEXT NOT NULL,
	secret        TEXT NOT NULL DEFAULT '',
	allow_private BOOLEAN NOT NULL DEFAULT FALSE,
	created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE watch_outbox (
	id           BIGSERIAL PRIMARY KEY,
	sink         TEXT NOT NULL REFERENCES watch_sinks(name) ON DELETE CASCADE,
	notice_id    BIGINT NOT NULL REFERENCES watch_notices(id) ON DELETE CASCADE,
	attempts     INTEGER NOT NULL DEFAULT 0,
	next_at      TIMESTAMPTZ NOT NULL,
	delivered_at TIMESTAMPTZ,
	dead         BOOLEAN NOT NULL DEFAULT FALSE,
	last_error   TEXT NOT NULL DEFAULT '',
	UNIQUE (sink, notice_id)
);
CREATE INDEX watch_outbox_due ON watch_outbox(next_at) WHERE delivered_at IS NULL AND NOT dead;

CREATE TABLE watch_state (
	id           INTEGER PRIMARY KEY CHECK (id = 1),
	seq          BIGINT NOT NULL,
	evaluated_at TIMESTAMPTZ,
	story_mark   TIMESTAMPTZ,
	article_seq  BIGINT NOT NULL DEFAULT 0
);
INSERT INTO watch_state (id, seq) VALUES (1, 0);
