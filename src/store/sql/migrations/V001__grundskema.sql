-- V001: the core schema: municipalities, calling systems and their grants, parts, their
-- registrations (immutable, one per change) with addresses, channels and forms, and the
-- per-municipality change feed.
--
-- Roles (created by the cluster script, not here):
--   kontaktdata_owner  LOGIN; owns database kontaktdata and every object below; runs the
--                      migrations (kontaktdata::store::migrate) and deploy/demo-data.sql.
--   kontaktdata_app    LOGIN; the serving role. Owns nothing and has no DDL rights: it gets only
--                      the SELECT/INSERT/UPDATE/DELETE (and sequence USAGE) granted at the end.
--
-- Tenancy: every row of a municipality's data carries kommune_cvr, and each child's
-- (parent id, kommune_cvr) is a foreign key to its parent's, so a row can never sit under another
-- municipality's parent.
--
-- Contact data as normalised tables (kontaktadresse, kontaktkanal, kontaktform keyed by
-- registration), not one jsonb document per registration, because:
--   * the database itself guards the shape: the value that fits each address type, DanskAdresse
--     versus Adresselinjer, the enumerations, and that a channel's AdresseID names an address of
--     the same registration (a composite foreign key) -- a jsonb document would be checked by
--     application code only;
--   * Slet (GDPR erasure) deletes rows by key, and the later resolution, list and report queries
--     can filter channels and forms by scope and validity in SQL;
--   * the cost is paid in round trips only, and it is not: a write inserts every child table in
--     one statement (jsonb_to_recordset over a document built by the service), a read gets the
--     registration and all its children in one statement (queries/laes_aktuel.sql).
--
-- History: a registration is never updated. part.version names the one in force now; the one in
-- force at an earlier instant T is the part's highest version registered at or before T
-- (registrering_part_version_key serves both). Optimistic concurrency (Ret/Passiver) is an
-- UPDATE of part.version guarded by the version the caller read.

CREATE TABLE kommune (
  cvr text PRIMARY KEY CHECK (cvr ~ '^[1-9][0-9]{7}$'),
  navn text NOT NULL,
  -- The last sequence number handed out in this municipality's change feed. Writers take the
  -- next one by updating this row, which holds its lock until they commit: the feed is then
  -- gapless and numbered in commit order, at the price of one writer per municipality at a time
  -- between that update and the commit (kept last in each write).
  sidste_sekvensnummer bigint NOT NULL DEFAULT 0 CHECK (sidste_sekvensnummer >= 0)
);

CREATE TABLE kaldende_system (
  uuid uuid PRIMARY KEY,
  navn text NOT NULL,
  ser_beskyttede_adresser boolean NOT NULL DEFAULT false
);

-- What a calling system may do in a municipality: one row per granted operation.
CREATE TABLE bevilling (
  system_uuid uuid NOT NULL REFERENCES kaldende_system (uuid) ON DELETE CASCADE,
  kommune_cvr text NOT NULL REFERENCES kommune (cvr),
  operation text NOT NULL CHECK (operation IN (
    'Laes', 'List', 'Opret', 'Ret', 'Passiver', 'Slet', 'Importer', 'HentKontaktanvisning',
    'LaesOpgavesprog', 'RetOpgavesprog', 'ListHaendelser', 'ListAdgangslog')),
  PRIMARY KEY (system_uuid, kommune_cvr, operation)
);

-- A party as one municipality knows it. The key is a surrogate: a person can change CPR number,
-- and the part (its history, events and access log) must follow.
CREATE TABLE part (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kommune_cvr text NOT NULL REFERENCES kommune (cvr),
  part_type text NOT NULL CHECK (part_type IN ('CPR', 'CVR')),
  nummer text NOT NULL,
  -- The version of the registration in force now (registrations are numbered 1, 2, ...).
  version bigint NOT NULL CHECK (version >= 1),
  -- AKTIV; PASSIVERET (still read, may be created again, numbering continues); SLETTET (erased:
  -- no registrations left, only the events and the access log remember the part).
  tilstand text NOT NULL CHECK (tilstand IN ('AKTIV', 'PASSIVERET', 'SLETTET')),
  UNIQUE (kommune_cvr, part_type, nummer),
  UNIQUE (id, kommune_cvr),
  CHECK ((part_type = 'CPR' AND nummer ~ '^[0-9]{10}$')
         OR (part_type = 'CVR' AND nummer ~ '^[1-9][0-9]{7}$'))
);

-- One registration per change of a part's contact data (Opret, Ret, Importer, Passiver). Never
-- updated; deleted only by erasure (Slet).
CREATE TABLE registrering (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  part_id uuid NOT NULL,
  kommune_cvr text NOT NULL,
  version bigint NOT NULL CHECK (version >= 1),
  tidspunkt timestamptz NOT NULL,
  livscyklus text NOT NULL CHECK (livscyklus IN ('OPSTAAET', 'RETTET', 'IMPORTERET', 'PASSIVERET')),
  user_system_uuid uuid NOT NULL,
  -- As the caller sent it (InvocationContext/UserUUID): not necessarily a UUID we could parse.
  user_uuid text NOT NULL,
  on_behalf_of_user text,
  note text,
  CONSTRAINT registrering_part_version_key UNIQUE (part_id, version),
  UNIQUE (id, kommune_cvr),
  FOREIGN KEY (part_id, kommune_cvr) REFERENCES part (id, kommune_cvr) ON DELETE CASCADE
);

-- The addresses of one registration, in the order the caller gave them (position).
CREATE TABLE kontaktadresse (
  registrering_id bigint NOT NULL,
  kommune_cvr text NOT NULL,
  position smallint NOT NULL CHECK (position >= 0),
  adresse_id uuid NOT NULL,
  adressetype text NOT NULL
    CHECK (adressetype IN ('POSTADRESSE', 'EMAIL', 'MOBILTELEFON', 'DIGITAL_POST')),
  -- For POSTADRESSE: DANSK (vejnavn ... postdistrikt) or LINJER (adresselinjer + landekode).
  postadresseform text CHECK (postadresseform IN ('DANSK', 'LINJER')),
  vejnavn text,
  husnummer text,
  etage text,
  sidedoer text,
  postnummer text,
  postdistrikt text,
  adresselinjer text[],
  landekode text,
  email text,
  mobilnummer text,
  gyldig_fra date,
  gyldig_til date,
  sidst_verificeret timestamptz,
  PRIMARY KEY (registrering_id, position),
  UNIQUE (registrering_id, adresse_id),
  FOREIGN KEY (registrering_id, kommune_cvr)
    REFERENCES registrering (id, kommune_cvr) ON DELETE CASCADE,
  -- Exactly the value that fits the type (none for DIGITAL_POST).
  CONSTRAINT kontaktadresse_vaerdi_passer_til_type CHECK (COALESCE(CASE adressetype
    WHEN 'POSTADRESSE' THEN postadresseform IS NOT NULL AND email IS NULL AND mobilnummer IS NULL
    WHEN 'EMAIL' THEN postadresseform IS NULL AND email IS NOT NULL AND mobilnummer IS NULL
    WHEN 'MOBILTELEFON' THEN postadresseform IS NULL AND email IS NULL AND mobilnummer IS NOT NULL
    ELSE postadresseform IS NULL AND email IS NULL AND mobilnummer IS NULL
  END, false)),
  CONSTRAINT kontaktadresse_postadresse_hel CHECK (COALESCE(CASE postadresseform
    WHEN 'DANSK' THEN
      num_nonnulls(vejnavn, husnummer, postnummer, postdistrikt) = 4
      AND num_nulls(adresselinjer, landekode) = 2
    WHEN 'LINJER' THEN
      num_nonnulls(adresselinjer, landekode) = 2
      AND cardinality(adresselinjer) BETWEEN 1 AND 5
      AND array_position(adresselinjer, NULL) IS NULL
      AND num_nulls(vejnavn, husnummer, etage, sidedoer, postnummer, postdistrikt) = 6
    ELSE
      num_nulls(vejnavn, husnummer, etage, sidedoer, postnummer, postdistrikt, adresselinjer,
                landekode) = 8
  END, false))
);

-- The channels of one registration, in the order the caller gave them.
CREATE TABLE kontaktkanal (
  registrering_id bigint NOT NULL,
  kommune_cvr text NOT NULL,
  position smallint NOT NULL CHECK (position >= 0),
  kanal text NOT NULL CHECK (kanal IN (
    'DIGITAL_POST', 'BREVPOST', 'EMAIL', 'SMS', 'TELEFON', 'PERSONLIGT_FREMMOEDE')),
  adresse_id uuid,
  sagsomraade text,
  prioritet integer NOT NULL,
  gyldig_fra date,
  gyldig_til date,
  PRIMARY KEY (registrering_id, position),
  FOREIGN KEY (registrering_id, kommune_cvr)
    REFERENCES registrering (id, kommune_cvr) ON DELETE CASCADE,
  -- A channel names an address of its own registration (MATCH SIMPLE: none when NULL).
  FOREIGN KEY (registrering_id, adresse_id)
    REFERENCES kontaktadresse (registrering_id, adresse_id) ON DELETE CASCADE
);

-- The forms of one registration, in the order the caller gave them.
CREATE TABLE kontaktform (
  registrering_id bigint NOT NULL,
  kommune_cvr text NOT NULL,
  position smallint NOT NULL CHECK (position >= 0),
  sprog text NOT NULL,
  tiltaleform text CHECK (tiltaleform IN ('DU', 'DE')),
  medie text CHECK (medie IN ('TEKST', 'LYD', 'VIDEO', 'PUNKTSKRIFT')),
  tolkebehov boolean,
  tolkesprog text,
  sagsomraade text,
  prioritet integer NOT NULL,
  PRIMARY KEY (registrering_id, position),
  FOREIGN KEY (registrering_id, kommune_cvr)
    REFERENCES registrering (id, kommune_cvr) ON DELETE CASCADE
);

-- The change feed (ListHaendelser), per municipality, numbered in commit order (see kommune).
-- It outlives the part's data (Slet keeps the event), so part_id is not a foreign key, and the
-- part's identifier is copied as it was when the event happened.
CREATE TABLE haendelse (
  kommune_cvr text NOT NULL REFERENCES kommune (cvr),
  sekvensnummer bigint NOT NULL CHECK (sekvensnummer >= 1),
  tidspunkt timestamptz NOT NULL,
  part_id uuid NOT NULL,
  part_type text NOT NULL CHECK (part_type IN ('CPR', 'CVR')),
  nummer text NOT NULL,
  haendelsestype text NOT NULL
    CHECK (haendelsestype IN ('OPRETTET', 'RETTET', 'IMPORTERET', 'PASSIVERET', 'SLETTET')),
  version bigint NOT NULL CHECK (version >= 1),
  PRIMARY KEY (kommune_cvr, sekvensnummer)
);
CREATE INDEX haendelse_part_idx ON haendelse (part_id);

-- Nobody but the owner creates anything in this database (PostgreSQL 15 already refuses CREATE
-- on schema public to PUBLIC; older servers did not).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
DO $$
BEGIN
  EXECUTE format('REVOKE CREATE, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO kontaktdata_app', current_database());
END
$$;

-- The serving role: what the service reads and writes, nothing more. Registrations and their
-- children are insert-only (DELETE is for Slet), the feed is append-only, and of kommune only the
-- feed counter may change.
GRANT SELECT ON kommune, kaldende_system, bevilling TO kontaktdata_app;
GRANT UPDATE (sidste_sekvensnummer) ON kommune TO kontaktdata_app;
GRANT SELECT, INSERT, UPDATE ON part TO kontaktdata_app;
GRANT SELECT, INSERT, DELETE ON registrering, kontaktadresse, kontaktkanal, kontaktform
  TO kontaktdata_app;
GRANT USAGE ON SEQUENCE registrering_id_seq TO kontaktdata_app;
GRANT SELECT, INSERT ON haendelse TO kontaktdata_app;
