-- Probe for the app role, which must be refused: deletes feed events (only the retention job, as
-- the owner, may). No parameters.
DELETE FROM haendelse WHERE false
