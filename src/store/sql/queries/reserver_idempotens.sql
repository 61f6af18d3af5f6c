-- Reserves a calling system's idempotency key in one municipality for this transaction: inserts it without an answer,
-- or takes over a key whose answer is older than the retry window or was never stored. Returns
-- one row when this transaction now holds the key, none when the key holds a valid answer (then
-- idempotens_svar.sql reads it; the row is locked by this statement either way). A concurrent
-- transaction holding the key is waited for (ON CONFLICT waits for it to commit or roll back).
-- $1: UserSystemUUID
-- $2: the key (CallersServiceCallIdentifier)
-- $3: the operation's wire name ('Opret', 'Ret', ...)
-- $4: now (timestamptz text with microseconds and zone)
-- $5: the start of the retry window: an answer stored before it has expired (timestamptz text)
-- $6: the municipality's CVR number
INSERT INTO idempotensnoegle AS k (kommune_cvr, user_system_uuid, noegle, operation, oprettet, svar)
VALUES ($6, $1::uuid, $2, $3, $4::timestamptz, NULL)
ON CONFLICT (kommune_cvr, user_system_uuid, noegle) DO UPDATE
  SET operation = EXCLUDED.operation, oprettet = EXCLUDED.oprettet, svar = NULL
  WHERE k.svar IS NULL OR k.oprettet < $5::timestamptz
RETURNING true AS reserveret
