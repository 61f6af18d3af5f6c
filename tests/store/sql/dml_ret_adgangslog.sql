-- Probe for the app role, which must be refused: changes an access-log line (append-only).
-- No parameters.
UPDATE adgangslog SET operation = operation WHERE false
