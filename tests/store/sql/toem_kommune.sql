-- Empties a test municipality (as the owner): removes its parts with their registrations and
-- children, its events, access log, Opgavesprog rules and idempotency keys, and starts its feed
-- again at 1.
-- $1: its CVR number
WITH log AS (
  DELETE FROM adgangslog WHERE kommune_cvr = $1
),
haendelser AS (
  DELETE FROM haendelse WHERE kommune_cvr = $1
),
regler AS (
  DELETE FROM opgavesprog WHERE kommune_cvr = $1
),
noegler AS (
  DELETE FROM idempotensnoegle WHERE kommune_cvr = $1
),
parter AS (
  DELETE FROM part WHERE kommune_cvr = $1
)
UPDATE kommune SET sidste_sekvensnummer = 0 WHERE cvr = $1
