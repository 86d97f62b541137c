-- Tone by period: the sums of story_tone per direction, quad class and
-- status for every day ('d'), ISO week ('w', starting on its Monday) and
-- month ('m', starting on its first), without the CAMEO root. first_day
-- counts days since 1970-01-01. SaveStories keeps it in step with
-- story_tone; ToneCells reads it, one index range per direction and period.
CREATE TABLE story_tone_period (
	src_country      TEXT COLLATE "C" NOT NULL,
	tgt_country      TEXT COLLATE "C" NOT NULL,
	period           TEXT COLLATE "C" NOT NULL,
	first_day        INTEGER NOT NULL,
	quad             INTEGER NOT NULL,
	status           TEXT COLLATE "C" NOT NULL,
	n                BIGINT NOT NULL,
	goldstein_tenths BIGINT NOT NULL,
	-- The sums ride in the key's index, so a dyad's cells are an index-only
	-- scan of one range instead of heap pages scattered over the table.
	PRIMARY KEY (src_country, tgt_country, period, first_day, quad, status) INCLUDE (n, goldstein_tenths)
);
-- One actor on either side, or every direction over a range of days.
CREATE INDEX story_tone_period_src ON story_tone_period(src_country, period, first_day) INCLUDE (tgt_country, quad, status, n, goldstein_tenths);
CREATE INDEX story_tone_period_tgt ON story_tone_period(tgt_country, period, first_day) INCLUDE (src_country, quad, status, n, goldstein_tenths);
CREATE INDEX story_tone_period_day ON story_tone_period(period, first_day) INCLUDE (src_country, tgt_country, quad, status, n, goldstein_tenths);

-- Filled from the per-day cells already stored. A day past its month's
-- end rolls into the next month, as DayNumber does; a day that is not a
-- date is left out.
WITH t AS (
	SELECT src_country, tgt_country, quad, status, n, goldstein_tenths,
		(make_date(substr(day, 1, 4)::int, substr(day, 6, 2)::int, 1) + (substr(day, 9, 2)::int - 1)) - DATE '1970-01-01' AS d
	FROM story_tone
	WHERE day ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' AND day NOT LIKE '0000%'
)
INSERT INTO story_tone_period (src_country, tgt_country, period, first_day, quad, status, n, goldstein_tenths)
SELECT src_country, tgt_country, 'd', d, quad, status, SUM(n), SUM(goldstein_tenths)
	FROM t GROUP BY src_country, tgt_country, d, quad, status
UNION ALL
SELECT src_country, tgt_country, 'w', d - ((d + 3) % 7 + 7) % 7, quad, status, SUM(n), SUM(goldstein_tenths)
	FROM t GROUP BY src_country, tgt_country, d - ((d + 3) % 7 + 7) % 7, quad, status
UNION ALL
SELECT src_country, tgt_country, 'm', (date_trunc('month', DATE '1970-01-01' + d)::date - DATE '1970-01-01'), quad, status, SUM(n), SUM(goldstein_tenths)
	FROM t GROUP BY src_country, tgt_country, (date_trunc('month', DATE '1970-01-01' + d)::date - DATE '1970-01-01'), quad, status;
