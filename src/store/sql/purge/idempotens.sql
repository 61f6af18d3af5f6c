-- Retention (run as the owner role): deletes at most $2 idempotency keys reserved before the
-- cut-off $1 (the condition is checked again on the row deleted: a key taken over meanwhile is
-- kept). Returns one row per key deleted.
-- $1: the cut-off (timestamptz text)
-- $2: the batch size (integer)
WITH offer AS (
  SELECT kommune_cvr, user_system_uuid, noegle FROM idempotensnoegle
  WHERE oprettet < $1::timestamptz
  LIMIT $2::integer
)
DELETE FROM idempotensnoegle k
USING offer
WHERE k.kommune_cvr = offer.kommune_cvr AND k.user_system_uuid = offer.user_system_uuid
  AND k.noegle = offer.noegle
  AND k.oprettet < $1::timestamptz
RETURNING k.noegle
