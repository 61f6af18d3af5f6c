-- Retention (run as the owner role): deletes at most $2 superseded registrations, with their
-- addresses, channels and forms (ON DELETE CASCADE), that stopped being in force before the
-- cut-off $1: a later registration of the same part was made before $1. A part's current
-- registration (part.version, its newest) is never deleted, nor is anything a read at an
-- instant after $1 could still answer. Returns one row per registration deleted.
-- $1: the cut-off (timestamptz text)
-- $2: the batch size (integer)
WITH offer AS (
  SELECT r.id
  FROM registrering r
  JOIN part p ON p.id = r.part_id AND p.kommune_cvr = r.kommune_cvr
  WHERE r.tidspunkt < $1::timestamptz
    AND r.version < p.version
    AND EXISTS (SELECT 1 FROM registrering n
                WHERE n.part_id = r.part_id AND n.version > r.version
                  AND n.tidspunkt < $1::timestamptz)
  LIMIT $2::integer
)
DELETE FROM registrering r
USING offer, part p
WHERE r.id = offer.id AND p.id = r.part_id AND r.version < p.version
RETURNING r.id
