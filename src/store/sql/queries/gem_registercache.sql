-- Stores register answers in the cache in one statement: inserts each part's entry, or replaces
-- the part's entry when the stored one was fetched earlier. An entry fetched at the same time or
-- later (a concurrent request's newer answer) is kept. Rows are written in key order, so that
-- two batches with parts in common wait for each other instead of deadlocking; a part given
-- twice is stored once, with its latest answer (ON CONFLICT cannot touch one row twice).
-- Returns nothing.
-- The document is read as json, not jsonb (as importer.sql does): parsed once; each entry's
-- "data" becomes the stored jsonb.
-- $1: the entries, a JSON array of objects {"part_type", "nummer", "hentet" (timestamptz text
--     with microseconds and zone), "data" (the document of migrations/V004__registercache.sql)}
INSERT INTO registercache AS gammel (part_type, nummer, data, hentet)
SELECT DISTINCT ON (x.part_type, x.nummer) x.part_type, x.nummer, x.data, x.hentet
FROM json_to_recordset($1::json) AS x (part_type text, nummer text, hentet timestamptz, data jsonb)
ORDER BY x.part_type, x.nummer, x.hentet DESC
ON CONFLICT (part_type, nummer) DO UPDATE
  SET data = excluded.data, hentet = excluded.hentet
  WHERE gammel.hentet < excluded.hentet
