-- Probe for the app role, which must be refused: deletes register cache entries (only the
-- retention job, as the owner, may). No parameters.
DELETE FROM registercache WHERE false
