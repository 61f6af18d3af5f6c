-- Stores the answer of the write that reserved a calling system's idempotency key in this
-- transaction. Returns one row when the key was there to answer (the caller checks).
-- $1: UserSystemUUID
-- $2: the key (CallersServiceCallIdentifier)
-- $3: the answer, a JSON array of objects {"nr", "part_type", "nummer", "status", "version",
--     "fejl_kode", "fejl_tekst"} (the columns of idempotens_svar.sql)
-- $4: the municipality's CVR number
UPDATE idempotensnoegle SET svar = $3::jsonb
WHERE kommune_cvr = $4 AND user_system_uuid = $1::uuid AND noegle = $2
RETURNING true AS gemt
