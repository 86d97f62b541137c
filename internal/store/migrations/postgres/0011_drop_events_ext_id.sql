-- No query looks events up by their source's id (an imported event's own id
-- is built from it: "gdelt-" and GDELT's GlobalEventID, so the primary key
-- already keeps an import from storing a row twice). The index only cost
-- every imported row one more B-tree insert.
DROP INDEX IF EXISTS events_ext_id;
