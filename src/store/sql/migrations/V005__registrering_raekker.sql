-- V005: one definition of the rows a read answers a registration with, for the three reads that
-- return one (queries/laes_aktuel.sql, laes_paa_tidspunkt.sql, laes_mange.sql); they differ only
-- in how they pick the registration(s) and join this view on registrering_id.
-- Roles as in V001: owned by kontaktdata_owner, kontaktdata_app gets only the grants below.

-- Per registration (registrering_id), one row per item, told apart by `slags`: 'R' the
-- registration itself (exactly one), 'A' an address, 'K' a channel, 'F' a form, each with the
-- position the caller gave (0 for 'R'). Columns that do not belong to a row's kind are NULL.
-- Times come as microseconds since the Unix epoch and dates as days since 1970-01-01, so that
-- nothing depends on the session's TimeZone or DateStyle. The column names and types are those
-- the store decodes (src/store/pg_store.cpp).
--
-- A view, not a function: the planner inlines it, and because every branch yields exactly the
-- same column types (hence the casts of the smallint positions; a branch of another type would
-- keep the UNION ALL from being flattened), it pushes a join on registrering_id into each
-- branch, where the registrering_id indexes (the primary keys) serve it: nothing is read for
-- registrations the query did not pick. The view filters nothing by itself (no municipality, no
-- tilstand): the queries pick the registrations, with the tenancy and state checks they need.
-- It runs with its owner's rights, which give the serving role nothing it could not read from
-- the tables anyway.
CREATE VIEW registrering_raekker AS
SELECT reg.id AS registrering_id,
       'R'::text AS slags, 0::integer AS position,
       reg.version,
       (extract(epoch FROM reg.tidspunkt) * 1000000)::bigint AS tidspunkt_us,
       reg.livscyklus, reg.user_system_uuid::text AS user_system_uuid, reg.user_uuid,
       reg.on_behalf_of_user, reg.note,
       NULL::text AS adresse_id, NULL::text AS adressetype, NULL::text AS postadresseform,
       NULL::text AS vejnavn, NULL::text AS husnummer, NULL::text AS etage,
       NULL::text AS sidedoer, NULL::text AS postnummer, NULL::text AS postdistrikt,
       NULL::text[] AS adresselinjer, NULL::text AS landekode, NULL::text AS email,
       NULL::text AS mobilnummer, NULL::bigint AS sidst_verificeret_us,
       NULL::text AS kanal, NULL::text AS sagsomraade, NULL::integer AS prioritet,
       NULL::integer AS gyldig_fra_dage, NULL::integer AS gyldig_til_dage,
       NULL::text AS sprog, NULL::text AS tiltaleform, NULL::text AS medie,
       NULL::boolean AS tolkebehov, NULL::text AS tolkesprog
FROM registrering reg
UNION ALL
SELECT a.registrering_id, 'A', a.position::integer,
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
FROM kontaktadresse a
UNION ALL
SELECT k.registrering_id, 'K', k.position::integer,
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
FROM kontaktkanal k
UNION ALL
SELECT f.registrering_id, 'F', f.position::integer,
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
FROM kontaktform f;

-- Read only, like the tables under it.
GRANT SELECT ON registrering_raekker TO kontaktdata_app;
