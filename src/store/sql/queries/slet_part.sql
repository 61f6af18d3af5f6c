-- Slet, first step: marks a part that holds data (AKTIV or PASSIVERET) SLETTET, keeping its row
-- and version (so that its events and access log keep naming it, and a later Opret continues its
-- numbering), and returns one row: its id and last version. No row when the municipality holds
-- nothing for the part. The row lock taken here is held to the commit, so no write of the part
-- can add a registration before the next step (slet_registreringer.sql, a statement of its own so
-- that its snapshot sees every registration committed before the lock was granted) erases them.
-- $1: kommune_cvr
-- $2: part_type ('CPR' | 'CVR')
-- $3: nummer (CPR or CVR number)
UPDATE part SET tilstand = 'SLETTET'
WHERE kommune_cvr = $1 AND part_type = $2 AND nummer = $3 AND tilstand <> 'SLETTET'
RETURNING id, version
