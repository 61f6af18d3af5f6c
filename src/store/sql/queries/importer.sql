-- Importer, second step, for a whole batch in one statement (after importer_laas.sql locked the
-- parts that exist): creates each part that is new, or moves an existing one to its next version
-- (no version check), stores each item as that version's registration with its addresses,
-- channels and forms, and writes one event per item, numbered in item order, in the
-- municipality's feed. Lifecycle OPSTAAET (event OPRETTET) for a part the municipality held no
-- data for -- new, passivated or erased -- and IMPORTERET (event IMPORTERET) for one it held
-- active. Returns one row per item, ordered by nr: nr, the new version, the lifecycle.
-- The items' parts must be distinct (ON CONFLICT cannot touch one row twice).
-- The documents are read as json, not jsonb: parsed once as they are read, which is measurably
-- cheaper for a batch's few megabytes than converting them to jsonb first.
-- $1: kommune_cvr
-- $2: registration time (timestamptz text with microseconds and zone), the same for every item
-- $3: UserSystemUUID
-- $4: UserUUID
-- $5: OnBehalfOfUser (NULL when absent)
-- $6: note (NULL when absent)
-- $7: the parts, a JSON array of objects {"nr": the item's place, 1.., "part_type", "nummer"}
-- $8: the addresses of every item, a JSON array of objects with "nr" (the item) and the column
--     names of x_a below
-- $9: the channels of every item, likewise (x_k)
-- $10: the forms of every item, likewise (x_f)
WITH x_p AS MATERIALIZED (
  SELECT x.nr, x.part_type, x.nummer
  FROM json_to_recordset($7::json) AS x (nr integer, part_type text, nummer text)
),
ny_part AS (
  INSERT INTO part AS gammel (kommune_cvr, part_type, nummer, version, tilstand)
  SELECT $1, x_p.part_type, x_p.nummer, 1, 'AKTIV' FROM x_p ORDER BY x_p.part_type, x_p.nummer
  ON CONFLICT (kommune_cvr, part_type, nummer) DO UPDATE
    SET version = gammel.version + 1, tilstand = 'AKTIV'
  RETURNING gammel.id, gammel.kommune_cvr, gammel.part_type, gammel.nummer, gammel.version
),
-- One row per item: its part, new version, lifecycle and the id its registration will have
-- (taken here from the identity's own sequence, so that the children join the items by nr and
-- never the inserted registrations back to the items). Version 1 is a part inserted now. The
-- state before is read from this statement's snapshot, which ny_part's changes are not in
-- (exact for every existing part: importer_laas.sql holds them); a part that conflicted but is
-- not in the snapshot was created by a concurrent transaction after the lock step, and is active.
item AS MATERIALIZED (
  SELECT x_p.nr, n.id AS part_id, n.kommune_cvr, n.part_type, n.nummer, n.version,
         nextval('registrering_id_seq') AS registrering_id,
         CASE WHEN n.version = 1
                   OR (SELECT p.tilstand FROM part p
                       WHERE p.kommune_cvr = $1 AND p.part_type = n.part_type
                         AND p.nummer = n.nummer) IN ('PASSIVERET', 'SLETTET')
              THEN 'OPSTAAET' ELSE 'IMPORTERET' END AS livscyklus
  FROM ny_part n
  JOIN x_p ON x_p.part_type = n.part_type AND x_p.nummer = n.nummer
),
reg AS (
  INSERT INTO registrering (id, part_id, kommune_cvr, version, tidspunkt, livscyklus,
                            user_system_uuid, user_uuid, on_behalf_of_user, note)
  OVERRIDING SYSTEM VALUE
  SELECT item.registrering_id, item.part_id, item.kommune_cvr, item.version, $2::timestamptz,
         item.livscyklus, $3::uuid, $4, $5, $6
  FROM item
),
adresser AS (
  INSERT INTO kontaktadresse (registrering_id, kommune_cvr, position, adresse_id, adressetype,
                              postadresseform, vejnavn, husnummer, etage, sidedoer, postnummer,
                              postdistrikt, adresselinjer, landekode, email, mobilnummer,
                              gyldig_fra, gyldig_til, sidst_verificeret)
  SELECT item.registrering_id, item.kommune_cvr, x_a.position,
         COALESCE(x_a.adresse_id, gen_random_uuid()), x_a.adressetype, x_a.postadresseform,
         x_a.vejnavn, x_a.husnummer, x_a.etage, x_a.sidedoer, x_a.postnummer, x_a.postdistrikt,
         x_a.adresselinjer, x_a.landekode, x_a.email, x_a.mobilnummer, x_a.gyldig_fra,
         x_a.gyldig_til, x_a.sidst_verificeret
  FROM json_to_recordset($8::json) AS x_a (
    nr integer, position smallint, adresse_id uuid, adressetype text, postadresseform text,
    vejnavn text, husnummer text, etage text, sidedoer text, postnummer text, postdistrikt text,
    adresselinjer text[], landekode text, email text, mobilnummer text, gyldig_fra date,
    gyldig_til date, sidst_verificeret timestamptz)
  JOIN item ON item.nr = x_a.nr
),
kanaler AS (
  INSERT INTO kontaktkanal (registrering_id, kommune_cvr, position, kanal, adresse_id,
                            sagsomraade, prioritet, gyldig_fra, gyldig_til)
  SELECT item.registrering_id, item.kommune_cvr, x_k.position, x_k.kanal, x_k.adresse_id,
         x_k.sagsomraade, x_k.prioritet, x_k.gyldig_fra, x_k.gyldig_til
  FROM json_to_recordset($9::json) AS x_k (
    nr integer, position smallint, kanal text, adresse_id uuid, sagsomraade text,
    prioritet integer, gyldig_fra date, gyldig_til date)
  JOIN item ON item.nr = x_k.nr
),
former AS (
  INSERT INTO kontaktform (registrering_id, kommune_cvr, position, sprog, tiltaleform, medie,
                           tolkebehov, tolkesprog, sagsomraade, prioritet)
  SELECT item.registrering_id, item.kommune_cvr, x_f.position, x_f.sprog, x_f.tiltaleform,
         x_f.medie, x_f.tolkebehov, x_f.tolkesprog, x_f.sagsomraade, x_f.prioritet
  FROM json_to_recordset($10::json) AS x_f (
    nr integer, position smallint, sprog text, tiltaleform text, medie text, tolkebehov boolean,
    tolkesprog text, sagsomraade text, prioritet integer)
  JOIN item ON item.nr = x_f.nr
),
-- The batch's numbers: the counter moves by the number of items, and item k (in nr order) takes
-- the k-th of them.
sekvens AS (
  UPDATE kommune SET sidste_sekvensnummer = sidste_sekvensnummer + (SELECT count(*) FROM item)
  WHERE cvr = $1 AND EXISTS (SELECT 1 FROM item)
  RETURNING sidste_sekvensnummer - (SELECT count(*) FROM item) AS foer_batch
),
haendelse AS (
  INSERT INTO haendelse (kommune_cvr, sekvensnummer, tidspunkt, part_id, part_type, nummer,
                         haendelsestype, version)
  SELECT item.kommune_cvr, sekvens.foer_batch + row_number() OVER (ORDER BY item.nr),
         $2::timestamptz, item.part_id, item.part_type, item.nummer,
         CASE item.livscyklus WHEN 'OPSTAAET' THEN 'OPRETTET' ELSE 'IMPORTERET' END, item.version
  FROM item CROSS JOIN sekvens
)
SELECT nr, version, livscyklus FROM item ORDER BY nr
