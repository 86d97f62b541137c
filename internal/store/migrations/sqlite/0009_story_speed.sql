-- Tone by period: the sums of story_tone per direction, quad class and
-- status for every day ('d'), ISO week ('w', starting on its Monday) and
-- month ('m', starting on its first), without the CAMEO root. first_day
-- counts days since 1970-01-01: integers compare and scan cheaper than
-- text dates. SaveStories keeps it in step with story_tone; ToneCells
-- reads it, one index range per direction and period.
CREATE TABLE story_tone_period (
	src_country      TEXT NOT NULL,
	tgt_country      TEXT NOT NULL,
	period           TEXT NOT NULL,
	first_day        INTEGER NOT NULL,
	quad             INTEGER NOT NULL,
	status           TEXT NOT NULL,
	n                INTEGER NOT NULL,
	goldstein_tenths INTEGER NOT NULL,
	PRIMARY KEY (src_country, tgt_country, period, first_day, quad, status)
) WITHOUT ROWID;
-- A dyad reads the table itself, clustered on its primary key. One actor
-- on either side, or every direction over a range of days, reads one of
-- these, which carry the sums too, so the query never leaves the index.
CREATE INDEX story_tone_period_src ON story_tone_period(src_country, period, first_day, tgt_country, quad, status, n, goldstein_tenths);
CREATE INDEX story_tone_period_tgt ON story_tone_period(tgt_country, period, first_day, src_country, quad, status, n, goldstein_tenths);
CREATE INDEX story_tone_period_day ON story_tone_period(period, first_day, src_country, tgt_country, quad, status, n, goldstein_tenths);

-- Filled from the per-day cells already stored. A day past its month's
-- end rolls into the next month, as DayNumber does; a day that is not a
-- date is left out.
WITH t AS (
	SELECT src_country, tgt_country, quad, status, n, goldstein_tenths,
		CAST(julianday(substr(day, 1, 7) || '-01') - 2440587.5 AS INTEGER) + CAST(substr(day, 9, 2) AS INTEGER) - 1 AS d
	FROM story_tone
	WHERE length(day) = 10 AND julianday(substr(day, 1, 7) || '-01') IS NOT NULL
		AND CAST(substr(day, 9, 2) AS INTEGER) BETWEEN 1 AND 31
)
INSERT INTO story_tone_period (src_country, tgt_country, period, first_day, quad, status, n, goldstein_tenths)
SELECT src_country, tgt_country, 'd', d, quad, status, SUM(n), SUM(goldstein_tenths)
	FROM t GROUP BY src_country, tgt_country, d, quad, status
UNION ALL
SELECT src_country, tgt_country, 'w', d - ((d + 3) % 7 + 7) % 7, quad, status, SUM(n), SUM(goldstein_tenths)
	FROM t GROUP BY src_country, tgt_country, d - ((d + 3) % 7 + 7) % 7, quad, status
UNION ALL
SELECT src_country, tgt_country, 'm', CAST(julianday(d * 86400, 'unixepoch', 'start of month') - 2440587.5 AS INTEGER), quad, status, SUM(n), SUM(goldstein_tenths)
	FROM t GROUP BY src_country, tgt_country, CAST(julianday(d * 86400, 'unixepoch', 'start of month') - 2440587.5 AS INTEGER), quad, status;
