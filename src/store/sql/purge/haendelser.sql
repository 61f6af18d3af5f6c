-- Retention (run as the owner role): deletes at most $2 feed events from before the cut-off $1.
-- The municipalities' counters are not touched, so numbering continues. Returns one row per
-- event deleted.
-- $1: the cut-off (timestamptz text)
-- $2: the batch size (integer)
WITH offer AS (
  SELECT kommune_cvr, sekvensnummer FROM haendelse
  WHERE tidspunkt < $1::timestamptz
  LIMIT $2::integer
)
DELETE FROM haendelse h
USING offer
WHERE h.kommune_cvr = offer.kommune_cvr AND h.sekvensnummer = offer.sekvensnummer
RETURNING h.sekvensnummer
