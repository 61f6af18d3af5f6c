-- Passiver, second step (after passiver_part.sql moved the part to version $3): a new
-- registration with lifecycle PASSIVERET carrying the same addresses, channels and forms as the
-- registration it supersedes (version $3 - 1), and the PASSIVERET event in the municipality's
-- feed. Returns the new registration's version (one row).
-- $1: kommune_cvr
-- $2: the part's id (uuid text)
-- $3: the new version (bigint)
-- $4: registration time (timestamptz text with microseconds and zone)
-- $5: UserSystemUUID
-- $6: UserUUID
-- $7: OnBehalfOfUser (NULL when absent)
-- $8: note (NULL when absent)
WITH forrige AS (
  SELECT r.id FROM registrering r
  WHERE r.part_id = $2::uuid AND r.kommune_cvr = $1 AND r.version = $3::bigint - 1
),
reg AS (
  INSERT INTO registrering (part_id, kommune_cvr, version, tidspunkt, livscyklus,
                            user_system_uuid, user_uuid, on_behalf_of_user, note)
  VALUES ($2::uuid, $1, $3::bigint, $4::timestamptz, 'PASSIVERET', $5::uuid, $6, $7, $8)
  RETURNING id, kommune_cvr, part_id, version
),
adresser AS (
  INSERT INTO kontaktadresse (registrering_id, kommune_cvr, position, adresse_id, adressetype,
                              postadresseform, vejnavn, husnummer, etage, sidedoer, postnummer,
                              postdistrikt, adresselinjer, landekode, email, mobilnummer,
                              gyldig_fra, gyldig_til, sidst_verificeret)
  SELECT reg.id, reg.kommune_cvr, a.position, a.adresse_id, a.adressetype, a.postadresseform,
         a.vejnavn, a.husnummer, a.etage, a.sidedoer, a.postnummer, a.postdistrikt,
         a.adresselinjer, a.landekode, a.email, a.mobilnummer, a.gyldig_fra, a.gyldig_til,
         a.sidst_verificeret
  FROM reg CROSS JOIN forrige JOIN kontaktadresse a ON a.registrering_id = forrige.id
),
kanaler AS (
  INSERT INTO kontaktkanal (registrering_id, kommune_cvr, position, kanal, adresse_id,
                            sagsomraade, prioritet, gyldig_fra, gyldig_til)
  SELECT reg.id, reg.kommune_cvr, k.position, k.kanal, k.adresse_id, k.sagsomraade, k.prioritet,
         k.gyldig_fra, k.gyldig_til
  FROM reg CROSS JOIN forrige JOIN kontaktkanal k ON k.registrering_id = forrige.id
),
former AS (
  INSERT INTO kontaktform (registrering_id, kommune_cvr, position, sprog, tiltaleform, medie,
                           tolkebehov, tolkesprog, sagsomraade, prioritet)
  SELECT reg.id, reg.kommune_cvr, f.position, f.sprog, f.tiltaleform, f.medie, f.tolkebehov,
         f.tolkesprog, f.sagsomraade, f.prioritet
  FROM reg CROSS JOIN forrige JOIN kontaktform f ON f.registrering_id = forrige.id
),
sekvens AS (
  UPDATE kommune SET sidste_sekvensnummer = sidste_sekvensnummer + 1
  WHERE cvr = $1
  RETURNING sidste_sekvensnummer
),
haendelse AS (
  INSERT INTO haendelse (kommune_cvr, sekvensnummer, tidspunkt, part_id, part_type, nummer,
                         haendelsestype, version)
  SELECT p.kommune_cvr, sekvens.sidste_sekvensnummer, $4::timestamptz, p.id, p.part_type,
         p.nummer, 'PASSIVERET', reg.version
  FROM reg JOIN part p ON p.id = reg.part_id AND p.kommune_cvr = reg.kommune_cvr
  CROSS JOIN sekvens
)
SELECT version FROM reg
