-- A dyad's timeline page is listed from its index alone: the index carries
-- updated_at beside (date, id), so the page's stories and their versions
-- come without reading the table, and the web server reads in full only
-- the stories it has not encoded already (StoryRefs, then StoriesByID).
DROP INDEX stories_dyad_date;
CREATE INDEX stories_dyad_date ON stories(src_country, tgt_country, date, id, updated_at);
