-- Daily price series imported for event studies: one row per series with
-- where it came from, and its prices, one row per day.
CREATE TABLE market_series (
	id           BIGSERIAL PRIMARY KEY,
	name         TEXT NOT NULL UNIQUE,
	source_file  TEXT NOT NULL DEFAULT '',
	format       TEXT NOT NULL DEFAULT '',
	value_column TEXT NOT NULL DEFAULT '',
	imported_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE market_prices (
	series_id BIGINT NOT NULL REFERENCES market_series(id) ON DELETE CASCADE,
	date      DATE NOT NULL,
	close     DOUBLE PRECISION NOT NULL,
	PRIMARY KEY (series_id, date)
);
