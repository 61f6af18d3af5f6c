-- V003: Opgavesprog per municipality; idempotency keys per calling system, reserved before the
-- write they guard; and the indexes the retention job (kontaktdata::store::purge) deletes by.
-- Roles as in V001: owned by kontaktdata_owner, kontaktdata_app gets only the grants below.

-- The languages a case area (a KLE scope) may communicate in, per municipality. The most specific
-- scope that matches a case area wins (the service decides that); a case area no rule covers may
-- use Danish only. A rule always names at least one language: "no languages" removes the rule.
CREATE TABLE opgavesprog (
  kommune_cvr text NOT NULL REFERENCES kommune (cvr),
  sagsomraade text NOT NULL CHECK (sagsomraade ~ '^[0-9]{2}(\.[0-9]{2}){0,2}$'),
  sprog text[] NOT NULL
    CHECK (cardinality(sprog) >= 1 AND array_position(sprog, NULL) IS NULL),
  PRIMARY KEY (kommune_cvr, sagsomraade)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON opgavesprog TO kontaktdata_app;

-- Idempotency keys, as the store's port has them: one key per calling system (the contract's
-- "the same calling system already used"), not per municipality, and without a request hash.
-- A write reserves its key first (svar NULL) in its own transaction -- a concurrent repeat waits
-- on that row -- and stores its answer before it commits. A key whose answer is older than the
-- retry window, or that was committed without an answer, is taken over by the next write.
-- Nothing wrote this table before this migration (no released code used it), so its rows, if
-- any, are of no use in the new form and are removed with the old key.
DELETE FROM idempotensnoegle;
ALTER TABLE idempotensnoegle
  DROP CONSTRAINT idempotensnoegle_pkey,
  DROP COLUMN kommune_cvr,
  DROP COLUMN anmodning_sha256,
  ALTER COLUMN svar DROP NOT NULL,
  ADD PRIMARY KEY (user_system_uuid, noegle);

-- The service reserves, takes over and answers keys; only the retention job (as the owner)
-- deletes them.
REVOKE DELETE ON idempotensnoegle FROM kontaktdata_app;
GRANT UPDATE (operation, oprettet, svar) ON idempotensnoegle TO kontaktdata_app;

-- The retention job deletes by age. Registrations: those superseded before the cut-off (see
-- src/store/sql/purge/registreringer.sql); events and access-log lines: older than theirs.
CREATE INDEX registrering_tidspunkt_idx ON registrering (tidspunkt);
CREATE INDEX haendelse_tidspunkt_idx ON haendelse (tidspunkt);
CREATE INDEX adgangslog_tidspunkt_idx ON adgangslog (tidspunkt);
