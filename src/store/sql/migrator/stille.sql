-- Keeps the migration connection quiet: no NOTICE lines ("... already exists, skipping") on
-- stderr. No parameters.
SET client_min_messages = warning
