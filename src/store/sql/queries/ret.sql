-- Ret in one statement: when the part is active at exactly the version the caller read, moves it
-- to the next version and stores the new data as that version's registration, with its addresses,
-- channels and forms and the event in the municipality's feed; returns one row, the new version.
-- Otherwise (no active part, another version) it changes nothing and returns no row; the caller
-- then asks part_tilstand.sql which it was. The guarded UPDATE takes the part's row lock, so of
-- two concurrent Rets at the same version the second waits, finds the version moved, and loses.
-- $1: kommune_cvr
-- $2: part_type ('CPR' | 'CVR')
-- $3: nummer (CPR or CVR number)
-- $4: registration time (timestamptz text with microseconds and zone)
-- $5: livscyklus ('RETTET', or what the caller's registration says)
-- $6: UserSystemUUID
-- $7: UserUUID
-- $8: OnBehalfOfUser (NULL when absent)
-- $9: note (NULL when absent)
-- $10: the addresses, a JSON array of objects with the column names of x_a below
-- $11: the channels, a JSON array of objects with the column names of x_k below
-- $12: the forms, a JSON array of objects with the column names of x_f below
-- $13: haendelsestype of the feed event ('RETTET', ...)
-- $14: the version the caller read (bigint)
WITH ny_version AS (
  UPDATE part SET version = version + 1
  WHERE kommune_cvr = $1 AND part_type = $2 AND nummer = $3 AND tilstand = 'AKTIV'
    AND version = $14::bigint
  RETURNING id, kommune_cvr, part_type, nummer, version
),
reg AS (
  INSERT INTO registrering (part_id, kommune_cvr, version, tidspunkt, livscyklus,
                            user_system_uuid, user_uuid, on_behalf_of_user, note)
  SELECT id, kommune_cvr, version, $4::timestamptz, $5, $6::uuid, $7, $8, $9
  FROM ny_version
  RETURNING id, kommune_cvr
),
adresser AS (
  INSERT INTO kontaktadresse (registrering_id, kommune_cvr, position, adresse_id, adressetype,
                              postadresseform, vejnavn, husnummer, etage, sidedoer, postnummer,
                              postdistrikt, adresselinjer, landekode, email, mobilnummer,
                              gyldig_fra, gyldig_til, sidst_verificeret)
  SELECT reg.id, reg.kommune_cvr, x_a.position, COALESCE(x_a.adresse_id, gen_random_uuid()),
         x_a.adressetype, x_a.postadresseform, x_a.vejnavn, x_a.husnummer, x_a.etage,
         x_a.sidedoer, x_a.postnummer, x_a.postdistrikt, x_a.adresselinjer, x_a.landekode,
         x_a.email, x_a.mobilnummer, x_a.gyldig_fra, x_a.gyldig_til, x_a.sidst_verificeret
  FROM reg
  CROSS JOIN jsonb_to_recordset($10::jsonb) AS x_a (
    position smallint, adresse_id uuid, adressetype text, postadresseform text, vejnavn text,
    husnummer text, etage text, sidedoer text, postnummer text, postdistrikt text,
    adresselinjer text[], landekode text, email text, mobilnummer text, gyldig_fra date,
    gyldig_til date, sidst_verificeret timestamptz)
),
kanaler AS (
  INSERT INTO kontaktkanal (registrering_id, kommune_cvr, position, kanal, adresse_id,
                            sagsomraade, prioritet, gyldig_fra, gyldig_til)
  SELECT reg.id, reg.kommune_cvr, x_k.position, x_k.kanal, x_k.adresse_id, x_k.sagsomraade,
         x_k.prioritet, x_k.gyldig_fra, x_k.gyldig_til
  FROM reg
  CROSS JOIN jsonb_to_recordset($11::jsonb) AS x_k (
    position smallint, kanal text, adresse_id uuid, sagsomraade text, prioritet integer,
    gyldig_fra date, gyldig_til date)
),
former AS (
  INSERT INTO kontaktform (registrering_id, kommune_cvr, position, sprog, tiltaleform, medie,
                           tolkebehov, tolkesprog, sagsomraade, prioritet)
  SELECT reg.id, reg.kommune_cvr, x_f.position, x_f.sprog, x_f.tiltaleform, x_f.medie,
         x_f.tolkebehov, x_f.tolkesprog, x_f.sagsomraade, x_f.prioritet
  FROM reg
  CROSS JOIN jsonb_to_recordset($12::jsonb) AS x_f (
    position smallint, sprog text, tiltaleform text, medie text, tolkebehov boolean,
    tolkesprog text, sagsomraade text, prioritet integer)
),
sekvens AS (
  UPDATE kommune SET sidste_sekvensnummer = sidste_sekvensnummer + 1
  WHERE cvr = $1 AND EXISTS (SELECT 1 FROM ny_version)
  RETURNING sidste_sekvensnummer
),
haendelse AS (
  INSERT INTO haendelse (kommune_cvr, sekvensnummer, tidspunkt, part_id, part_type, nummer,
                         haendelsestype, version)
  SELECT ny_version.kommune_cvr, sekvens.sidste_sekvensnummer, $4::timestamptz, ny_version.id,
         ny_version.part_type, ny_version.nummer, $13, ny_version.version
  FROM ny_version CROSS JOIN sekvens
)
SELECT version FROM ny_version
