-- API tokens that allow writing through the web server. Only the SHA-256
-- of a token's secret is kept, with its first characters to tell tokens
-- apart. Times are UTC text in the fixed-width layout of the feeds tables.
CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	hash       TEXT NOT NULL UNIQUE,
	prefix     TEXT NOT NULL,
	created_at TEXT NOT NULL,
	last_used  TEXT
);
