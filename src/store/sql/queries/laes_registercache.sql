-- Reads the register cache's entries for many parts in one round trip: one row per part asked
-- for that has an entry fetched at or after $2, with `nr` (the part's place in the request,
-- 1..) in front, ordered by nr; a part with no entry that recent has no row. The document
-- (see migrations/V004__registercache.sql) comes back as typed columns: a member left out of it
-- reads as NULL, an address as its columns under the member's prefix (aktuel_*, kontakt_*,
-- udland_*, adresse_*), all NULL when it is absent; dates as days since 1970-01-01.
-- $1: the parts, a JSON array of objects {"nr", "part_type", "nummer"}
-- $2: the oldest fetch time still wanted (timestamptz text with microseconds and zone)
SELECT x.nr,
       (extract(epoch FROM c.hentet) * 1000000)::bigint AS hentet_us,
       d.kendt, d.navn, d.status, d.gaeldende_personnummer,
       d.adressebeskyttelse, d.tilmeldt_digitalpost, d.ophoert,
       d.kontakt_adresse_fra - DATE '1970-01-01' AS kontakt_adresse_fra_dage,
       d.kontakt_adresse_til - DATE '1970-01-01' AS kontakt_adresse_til_dage,
       d.beskyttelse_fra - DATE '1970-01-01' AS beskyttelse_fra_dage,
       d.beskyttelse_til - DATE '1970-01-01' AS beskyttelse_til_dage,
       aktuel.form AS aktuel_form, aktuel.vejnavn AS aktuel_vejnavn,
       aktuel.husnummer AS aktuel_husnummer, aktuel.etage AS aktuel_etage,
       aktuel.sidedoer AS aktuel_sidedoer, aktuel.postnummer AS aktuel_postnummer,
       aktuel.postdistrikt AS aktuel_postdistrikt, aktuel.linjer AS aktuel_linjer,
       aktuel.landekode AS aktuel_landekode,
       kontakt.form AS kontakt_form, kontakt.vejnavn AS kontakt_vejnavn,
       kontakt.husnummer AS kontakt_husnummer, kontakt.etage AS kontakt_etage,
       kontakt.sidedoer AS kontakt_sidedoer, kontakt.postnummer AS kontakt_postnummer,
       kontakt.postdistrikt AS kontakt_postdistrikt, kontakt.linjer AS kontakt_linjer,
       kontakt.landekode AS kontakt_landekode,
       udland.form AS udland_form, udland.vejnavn AS udland_vejnavn,
       udland.husnummer AS udland_husnummer, udland.etage AS udland_etage,
       udland.sidedoer AS udland_sidedoer, udland.postnummer AS udland_postnummer,
       udland.postdistrikt AS udland_postdistrikt, udland.linjer AS udland_linjer,
       udland.landekode AS udland_landekode,
       adresse.form AS adresse_form, adresse.vejnavn AS adresse_vejnavn,
       adresse.husnummer AS adresse_husnummer, adresse.etage AS adresse_etage,
       adresse.sidedoer AS adresse_sidedoer, adresse.postnummer AS adresse_postnummer,
       adresse.postdistrikt AS adresse_postdistrikt, adresse.linjer AS adresse_linjer,
       adresse.landekode AS adresse_landekode
FROM jsonb_to_recordset($1::jsonb) AS x (nr integer, part_type text, nummer text)
JOIN registercache c
  ON c.part_type = x.part_type AND c.nummer = x.nummer AND c.hentet >= $2::timestamptz
CROSS JOIN LATERAL jsonb_to_record(c.data) AS d (
  kendt boolean, navn text, aktuel_adresse jsonb, kontakt_adresse jsonb,
  kontakt_adresse_fra date, kontakt_adresse_til date, udlandsadresse jsonb, status integer,
  gaeldende_personnummer text, adressebeskyttelse boolean, beskyttelse_fra date,
  beskyttelse_til date, tilmeldt_digitalpost boolean, adresse jsonb, ophoert boolean)
LEFT JOIN LATERAL jsonb_to_record(d.aktuel_adresse) AS aktuel (
  form text, vejnavn text, husnummer text, etage text, sidedoer text, postnummer text,
  postdistrikt text, linjer text[], landekode text) ON true
LEFT JOIN LATERAL jsonb_to_record(d.kontakt_adresse) AS kontakt (
  form text, vejnavn text, husnummer text, etage text, sidedoer text, postnummer text,
  postdistrikt text, linjer text[], landekode text) ON true
LEFT JOIN LATERAL jsonb_to_record(d.udlandsadresse) AS udland (
  form text, vejnavn text, husnummer text, etage text, sidedoer text, postnummer text,
  postdistrikt text, linjer text[], landekode text) ON true
LEFT JOIN LATERAL jsonb_to_record(d.adresse) AS adresse (
  form text, vejnavn text, husnummer text, etage text, sidedoer text, postnummer text,
  postdistrikt text, linjer text[], landekode text) ON true
ORDER BY x.nr
