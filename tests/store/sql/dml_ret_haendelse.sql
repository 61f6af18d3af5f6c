-- Probe for the app role, which must be refused: changes a feed event (append-only).
-- No parameters.
UPDATE haendelse SET version = version WHERE false
