-- Parts (of every municipality) that hold data but whose current registration is missing, or
-- lacks the children it had: must always be none. As the owner. No parameters.
SELECT count(*) AS antal FROM part p
WHERE p.tilstand <> 'SLETTET'
  AND NOT EXISTS (SELECT 1 FROM registrering r WHERE r.part_id = p.id AND r.version = p.version)
