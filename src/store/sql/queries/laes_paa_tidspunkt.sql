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
  SELECT reg.id
  FROM part p
  JOIN registrering reg ON reg.part_id = p.id AND reg.kommune_cvr = p.kommune_cvr
  WHERE p.kommune_cvr = $1 AND p.part_type = $2 AND p.nummer = $3
    AND reg.tidspunkt <= $4::timestamptz
  ORDER BY reg.version DESC
  LIMIT 1
)
SELECT v.slags, v.position, v.version, v.tidspunkt_us, v.livscyklus, v.user_system_uuid,
       v.user_uuid, v.on_behalf_of_user, v.note, v.adresse_id, v.adressetype,
       v.postadresseform, v.vejnavn, v.husnummer, v.etage, v.sidedoer, v.postnummer,
       v.postdistrikt, v.adresselinjer, v.landekode, v.email, v.mobilnummer,
       v.sidst_verificeret_us, v.kanal, v.sagsomraade, v.prioritet, v.gyldig_fra_dage,
       v.gyldig_til_dage, v.sprog, v.tiltaleform, v.medie, v.tolkebehov, v.tolkesprog
FROM r JOIN registrering_raekker v ON v.registrering_id = r.id
ORDER BY v.slags, v.position
