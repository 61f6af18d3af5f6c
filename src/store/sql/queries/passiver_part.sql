-- Passiver, first step: when the part is active at exactly the version the caller read, marks it
-- PASSIVERET at the next version and returns one row (its id and the new version); otherwise
-- changes nothing and returns no row (the caller asks part_tilstand.sql why). The row lock taken
-- here is held to the commit, so the next step (passiver_registrering.sql, a statement of its own
-- so that its snapshot sees every registration committed before the lock was granted) copies
-- the registration in force and no concurrent write of the part can come between.
-- $1: kommune_cvr
-- $2: part_type ('CPR' | 'CVR')
-- $3: nummer (CPR or CVR number)
-- $4: the version the caller read (bigint)
UPDATE part SET version = version + 1, tilstand = 'PASSIVERET'
WHERE kommune_cvr = $1 AND part_type = $2 AND nummer = $3 AND tilstand = 'AKTIV'
  AND version = $4::bigint
RETURNING id, version
