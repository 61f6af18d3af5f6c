-- Retention (run as the owner role): deletes at most $2 register cache entries fetched before
-- the cut-off $1 (the condition is checked again on the row deleted: an entry replaced by a
-- newer answer meanwhile is kept). Returns one row per entry deleted.
-- $1: the cut-off (timestamptz text)
-- $2: the batch size (integer)
WITH offer AS (
  SELECT part_type, nummer FROM registercache
  WHERE hentet < $1::timestamptz
  LIMIT $2::integer
)
DELETE FROM registercache c
USING offer
WHERE c.part_type = offer.part_type AND c.nummer = offer.nummer
  AND c.hentet < $1::timestamptz
RETURNING c.nummer
