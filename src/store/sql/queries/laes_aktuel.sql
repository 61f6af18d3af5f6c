-- Reads a part's registration in force now with its addresses, channels and forms, in one round
-- trip: one row per item, told apart by `slags` -- 'R' the registration (exactly one when the
-- municipality holds the part, none otherwise), 'A' an address, 'K' a channel, 'F' a form --
-- ordered by slags and then by the position the caller gave. Columns that do not belong to a
-- row's kind are NULL. Times come as microseconds since the Unix epoch and dates as days since
-- 1970-01-01, so that nothing depends on the session's TimeZone or DateStyle. The rows are the
-- view registrering_raekker's (migrations/V005__registrering_raekker.sql) for the registration
-- picked here, without its registrering_id.
-- $1: kommune_cvr
-- $2: part_type ('CPR' | 'CVR')
-- $3: nummer (CPR or CVR number)
WITH r AS (
  SELECT reg.id
  FROM part p
  JOIN registrering reg ON reg.part_id = p.id AND reg.version = p.version
  WHERE p.kommune_cvr = $1 AND p.part_type = $2 AND p.nummer = $3 AND p.tilstand <> 'SLETTET'
)
SELECT v.slags, v.position, v.version, v.tidspunkt_us, v.livscyklus, v.user_system_uuid,
       v.user_uuid, v.on_behalf_of_user, v.note, v.adresse_id, v.adressetype,
       v.postadresseform, v.vejnavn, v.husnummer, v.etage, v.sidedoer, v.postnummer,
       v.postdistrikt, v.adresselinjer, v.landekode, v.email, v.mobilnummer,
       v.sidst_verificeret_us, v.kanal, v.sagsomraade, v.prioritet, v.gyldig_fra_dage,
       v.gyldig_til_dage, v.sprog, v.tiltaleform, v.medie, v.tolkebehov, v.tolkesprog
FROM r JOIN registrering_raekker v ON v.registrering_id = r.id
ORDER BY v.slags, v.position
