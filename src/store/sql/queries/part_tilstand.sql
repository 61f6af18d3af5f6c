-- A part's state and current version, to tell why a guarded write changed nothing: no row (the
-- municipality has never held the part), or its tilstand ('AKTIV' | 'PASSIVERET' | 'SLETTET')
-- and version.
-- $1: kommune_cvr
-- $2: part_type ('CPR' | 'CVR')
-- $3: nummer (CPR or CVR number)
SELECT tilstand, version FROM part WHERE kommune_cvr = $1 AND part_type = $2 AND nummer = $3
