-- Daily price series imported for event studies: one row per series with
-- where it came from, and its prices, one row per day. Dates are ISO text
-- (YYYY-MM-DD), so they sort as text.
CREATE TABLE market_series (
	id           INTEGER PRIMARY KEY,
	name         TEXT NOT NULL UNIQUE,
	source_file  TEXT NOT NULL DEFAULT '',
	format       TEXT NOT NULL DEFAULT '',
	value_column TEXT NOT NULL DEFAULT '',
	imported_at  TEXT NOT NULL
);

CREATE TABLE market_prices (
	series_id INTEGER NOT NULL REFERENCES market_series(id) ON DELETE CASCADE,
	date      TEXT NOT NULL,
	close     REAL NOT NULL,
	PRIMARY KEY (series_id, date)
) WITHOUT ROWID;
