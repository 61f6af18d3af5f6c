-- Probe for the app role, which must be refused: deletes access-log lines (only the retention
-- job, as the owner, may). No parameters.
DELETE FROM adgangslog WHERE false
