-- Probe for the app role, which must be refused: updates a registration (they are immutable).
-- No parameters.
UPDATE registrering SET note = note WHERE false
