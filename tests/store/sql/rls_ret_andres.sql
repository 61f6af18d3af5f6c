-- Touches, without changing anything, what one municipality holds: its parts and its feed
-- counter. The number of rows reached. $1: its CVR number
WITH p AS (
  UPDATE part SET version = version WHERE kommune_cvr = $1 RETURNING 1
),
k AS (
  UPDATE kommune SET sidste_sekvensnummer = sidste_sekvensnummer WHERE cvr = $1 RETURNING 1
)
SELECT (SELECT count(*) FROM p) + (SELECT count(*) FROM k) AS raekker
