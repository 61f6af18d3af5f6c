-- Before the importer benchmark measures (as the owner): vacuums and analyses the store's tables,
-- so that rows deleted by earlier runs and tests (dead index entries under the same keys) and
-- stale statistics do not slow or skew it. One command: VACUUM refuses a multi-statement string.
-- No parameters.
VACUUM (ANALYZE) part, registrering, kontaktadresse, kontaktkanal, kontaktform, haendelse, kommune
