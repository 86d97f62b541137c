-- Imported events keep the fields of their source format that sitrep's own
-- record has no place for (GDELT's actor names and types, geography, mention
-- counts, tone…), so an import can be exported again field by field.
ALTER TABLE events ADD COLUMN extra JSONB;
CREATE INDEX events_ext_id ON events(ext_id) WHERE ext_id <> '';
