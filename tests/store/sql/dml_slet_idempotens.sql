-- Probe for the app role, which must be refused: deletes idempotency keys (only the retention
-- job, as the owner, may). No parameters.
DELETE FROM idempotensnoegle WHERE false
