-- Probe for the app role, which must be refused: renames a municipality (it may only move the
-- feed counter). No parameters.
UPDATE kommune SET navn = navn WHERE false
