-- API tokens that allow writing through the web server. Only the SHA-256
-- of a token's secret is kept, with its first characters to tell tokens
-- apart.
CREATE TABLE api_tokens (
	id         BIGSERIAL PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	hash       TEXT NOT NULL UNIQUE,
	prefix     TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	last_used  TIMESTAMPTZ
);
