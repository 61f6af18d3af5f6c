-- Reads a part's registration in force at an instant T -- the highest version registered at or
-- before T: it was not superseded before T -- with its addresses, channels and forms, in one
-- round trip, in the shape of laes_aktuel.sql (one row per item, told apart by `slags`; no 'R'
-- row when there was none: T before the part's first registration, or its history erased).
-- A passivated registration is answered like any other (its livscyklus says PASSIVERET).
-- $1: kommune_cvr
-- $2: part_type ('CPR' | 'CVR')
-- $3: nummer (CPR or CVR number)
-- $4: T (timestamptz text with microseconds and zone)
WITH r AS (
  SELECT reg.id, reg.version, reg.tidspunkt, reg.livscyklus, reg.user_system_uuid, reg.user_uuid,
         reg.on_behalf_of_user, reg.note
  FROM part p
  JOIN registrering reg ON reg.part_id = p.id AND reg.kommune_cvr = p.kommune_cvr
  WHERE p.kommune_cvr = $1 AND p.part_type = $2 AND p.nummer = $3
    AND reg.tidspunkt <= $4::timestamptz
  ORDER BY reg.version DESC
  LIMIT 1
)
SELECT 'R'::text AS slags, 0::integer AS position,
       r.version,
       (extract(epoch FROM r.tidspunkt) * 1000000)::bigint AS tidspunkt_us,
       r.livscyklus, r.user_system_uuid::text AS user_system_uuid, r.user_uuid,
       r.on_behalf_of_user, r.note,
       NULL::text AS adresse_id, NULL::text AS adressetype, NULL::text AS postadresseform,
       NULL::text AS vejnavn, NULL::text AS husnummer, NULL::text AS etage,
       NULL::text AS sidedoer, NULL::text AS postnummer, NULL::text AS postdistrikt,
       NULL::text[] AS adresselinjer, NULL::text AS landekode, NULL::text AS email,
       NULL::text AS mobilnummer, NULL::bigint AS sidst_verificeret_us,
       NULL::text AS kanal, NULL::text AS sagsomraade, NULL::integer AS prioritet,
       NULL::integer AS gyldig_fra_dage, NULL::integer AS gyldig_til_dage,
       NULL::text AS sprog, NULL::text AS tiltaleform, NULL::text AS medie,
       NULL::boolean AS tolkebehov, NULL::text AS tolkesprog
FROM r
UNION ALL
SELECT 'A', a.position,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       a.adresse_id::text, a.adressetype, a.postadresseform,
       a.vejnavn, a.husnummer, a.etage,
       a.sidedoer, a.postnummer, a.postdistrikt,
       a.adresselinjer, a.landekode, a.email,
       a.mobilnummer, (extract(epoch FROM a.sidst_verificeret) * 1000000)::bigint,
       NULL, NULL, NULL,
       a.gyldig_fra - DATE '1970-01-01', a.gyldig_til - DATE '1970-01-01',
       NULL, NULL, NULL,
       NULL, NULL
FROM r JOIN kontaktadresse a ON a.registrering_id = r.id
UNION ALL
SELECT 'K', k.position,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       k.adresse_id::text, NULL, NULL,
       NULL, NULL, NULL,
       NULL, NULL, NULL,
       NULL, NULL, NULL,
       NULL, NULL,
       k.kanal, k.sagsomraade, k.prioritet,
       k.gyldig_fra - DATE '1970-01-01', k.gyldig_til - DATE '1970-01-01',
       NULL, NULL, NULL,
       NULL, NULL
FROM r JOIN kontaktkanal k ON k.registrering_id = r.id
UNION ALL
SELECT 'F', f.position,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL,
       NULL, NULL, NULL,
       NULL, NULL, NULL,
       NULL, NULL, NULL,
       NULL, NULL,
       NULL, f.sagsomraade, f.prioritet,
       NULL, NULL,
       f.sprog, f.tiltaleform, f.medie,
       f.tolkebehov, f.tolkesprog
FROM r JOIN kontaktform f ON f.registrering_id = r.id
ORDER BY slags, position
