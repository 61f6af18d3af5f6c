-- V004: the register cache: the last answer of CPR (SF1520 PersonLookup) or CVR (SF1530
-- getLegalUnit) for each party, so that HentKontaktanvisning answers from it within its time to
-- live, and from the last answer it holds when the register does not answer in time.
-- Roles as in V001: owned by kontaktdata_owner, kontaktdata_app gets only the grants below.

-- One row per party asked about: the register's answer and when it was given.
--
-- National register data, not a municipality's: there is no kommune_cvr. A person's CPR answer
-- is the same whichever municipality asks, so every tenant reads and writes the same entry (the
-- one exception to V001's rule that every row carries its municipality). For the same reason
-- Slet (a municipality erasing its contact data) does not touch it; entries leave by age only,
-- through the retention job (kontaktdata::store::purge, src/store/sql/purge/registercache.sql),
-- after Opbevaring::registercache.
--
-- It holds personal data from CPR, addresses of protected persons among it (the resolution
-- needs the protection and its dates, and decides what leaves the service), so it is as
-- sensitive as the registrations and never logged.
--
-- The answer as one jsonb document (`data`), not as columns, because:
--   * it is a snapshot of another system's answer, written whole, read whole by its key,
--     replaced whole and purged by age: nothing filters, joins or changes a part of it, so
--     normalising it (V001's reasons: constraints across rows, deletion of single values,
--     queries by scope and validity) buys nothing here;
--   * its shape is the registers' (name, residence, contact and foreign addresses with their
--     dates, status, protection, Digital Post; a company's name, address and whether it has
--     ceased) and grows with the register fields the service uses; a new field is a new key,
--     with no migration of data that expires within a day anyway (an entry without the key reads
--     as the field's absence; a change the old entries cannot be read under deletes them in its
--     migration -- it is a cache);
--   * writes and reads stay one statement for any number of parts: the service sends one JSON
--     array (json_to_recordset, as importer.sql does) and queries/laes_registercache.sql turns
--     the document back into typed columns (jsonb_to_record), so the service needs no JSON
--     parser and the types (boolean, integer, date, text[]) are checked by the database as it
--     reads.
-- The document (written by the store only, src/store/pg_store.cpp): an object with the members
-- of domain::Registerdata under their names -- "kendt", "navn", "aktuel_adresse",
-- "kontakt_adresse", "kontakt_adresse_fra", "kontakt_adresse_til", "udlandsadresse", "status",
-- "gaeldende_personnummer", "adressebeskyttelse", "beskyttelse_fra", "beskyttelse_til",
-- "tilmeldt_digitalpost", "adresse", "ophoert" -- a member that is absent in the domain left
-- out; dates as "YYYY-MM-DD"; an address as an object {"form": "DANSK", "vejnavn",
-- "husnummer", "etage", "sidedoer", "postnummer", "postdistrikt"} or {"form": "LINJER",
-- "linjer": [...], "landekode"}.
CREATE TABLE registercache (
  part_type text NOT NULL CHECK (part_type IN ('CPR', 'CVR')),
  nummer text NOT NULL,
  -- At least an object that says whether the register knows the number (COALESCE: a missing
  -- member is NULL, which a CHECK alone would let through).
  data jsonb NOT NULL CHECK (COALESCE(jsonb_typeof(data) = 'object'
                                      AND jsonb_typeof(data -> 'kendt') = 'boolean', false)),
  -- When the register gave the answer; a write replaces an entry only with a later one.
  hentet timestamptz NOT NULL,
  PRIMARY KEY (part_type, nummer),
  CHECK ((part_type = 'CPR' AND nummer ~ '^[0-9]{10}$')
         OR (part_type = 'CVR' AND nummer ~ '^[1-9][0-9]{7}$'))
);
-- The retention job deletes by age.
CREATE INDEX registercache_hentet_idx ON registercache (hentet);

-- The service reads, adds and replaces entries (INSERT ... ON CONFLICT DO UPDATE); only the
-- retention job (as the owner) deletes them, so an entry is never lost before its time.
GRANT SELECT, INSERT, UPDATE ON registercache TO kontaktdata_app;
