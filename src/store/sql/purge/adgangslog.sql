-- Retention (run as the owner role): deletes at most $2 access-log lines from before the cut-off
-- $1. Returns one row per line deleted.
-- $1: the cut-off (timestamptz text)
-- $2: the batch size (integer)
WITH offer AS (
  SELECT id FROM adgangslog WHERE tidspunkt < $1::timestamptz LIMIT $2::integer
)
DELETE FROM adgangslog l USING offer WHERE l.id = offer.id
RETURNING l.id
