-- Reads the registrations in force now of many parts in one round trip: the rows of
-- laes_aktuel.sql for each part asked for, with `nr` (the part's place in the request, 1..) in
-- front, ordered by nr, slags and position. A part the municipality holds nothing for (or has
-- erased) has no rows; one asked for twice is answered twice.
-- $1: kommune_cvr
-- $2: the parts, a JSON array of objects {"nr", "part_type", "nummer"}
WITH r AS (
  SELECT x.nr, reg.id
  FROM jsonb_to_recordset($2::jsonb) AS x (nr integer, part_type text, nummer text)
  JOIN part p ON p.kommune_cvr = $1 AND p.part_type = x.part_type AND p.nummer = x.nummer
  JOIN registrering reg ON reg.part_id = p.id AND reg.version = p.version
  WHERE p.tilstand <> 'SLETTET'
)
SELECT r.nr, v.slags, v.position, v.version, v.tidspunkt_us, v.livscyklus, v.user_system_uuid,
       v.user_uuid, v.on_behalf_of_user, v.note, v.adresse_id, v.adressetype,
       v.postadresseform, v.vejnavn, v.husnummer, v.etage, v.sidedoer, v.postnummer,
       v.postdistrikt, v.adresselinjer, v.landekode, v.email, v.mobilnummer,
       v.sidst_verificeret_us, v.kanal, v.sagsomraade, v.prioritet, v.gyldig_fra_dage,
       v.gyldig_til_dage, v.sprog, v.tiltaleform, v.medie, v.tolkebehov, v.tolkesprog
FROM r JOIN registrering_raekker v ON v.registrering_id = r.id
ORDER BY r.nr, v.slags, v.position
