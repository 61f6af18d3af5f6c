-- V002: the access log (ListAdgangslog) and idempotency keys for the writing operations.
-- Roles as in V001: owned by kontaktdata_owner, kontaktdata_app gets only the grants below.

-- One line per part per call that read or wrote it (a batch writes one line per part). It
-- outlives the part's data (Slet keeps it) and answers by the identifier the caller asked for,
-- so it holds that identifier, and part_id only as a link (NULL when nothing was held).
CREATE TABLE adgangslog (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kommune_cvr text NOT NULL REFERENCES kommune (cvr),
  tidspunkt timestamptz NOT NULL,
  part_type text NOT NULL CHECK (part_type IN ('CPR', 'CVR')),
  nummer text NOT NULL,
  part_id uuid,
  operation text NOT NULL,
  user_system_uuid uuid NOT NULL,
  user_uuid text NOT NULL,
  on_behalf_of_user text,
  callers_service_call_identifier text
);
-- ListAdgangslog: one part, oldest first, paged by time.
CREATE INDEX adgangslog_part_tid_idx ON adgangslog (kommune_cvr, part_type, nummer, tidspunkt, id);

-- A writing call repeated with the same key (CallersServiceCallIdentifier) by the same system in
-- the same municipality gets the first call's answer instead of running again. The request's
-- hash tells a true repeat from a key reused for another request.
CREATE TABLE idempotensnoegle (
  kommune_cvr text NOT NULL REFERENCES kommune (cvr),
  user_system_uuid uuid NOT NULL,
  noegle text NOT NULL,
  operation text NOT NULL,
  anmodning_sha256 text NOT NULL,
  svar jsonb NOT NULL,
  oprettet timestamptz NOT NULL,
  PRIMARY KEY (kommune_cvr, user_system_uuid, noegle)
);
-- Expiry deletes by age.
CREATE INDEX idempotensnoegle_oprettet_idx ON idempotensnoegle (oprettet);

GRANT SELECT, INSERT ON adgangslog TO kontaktdata_app;
GRANT USAGE ON SEQUENCE adgangslog_id_seq TO kontaktdata_app;
GRANT SELECT, INSERT, DELETE ON idempotensnoegle TO kontaktdata_app;
