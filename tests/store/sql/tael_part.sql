-- Counts what the store holds for one part (as the owner): its part rows, registrations,
-- addresses, channels, forms and feed events.
-- $1: kommune_cvr, $2: part_type ('CPR' | 'CVR'), $3: nummer
SELECT
  (SELECT count(*) FROM part p WHERE p.kommune_cvr = $1 AND p.part_type = $2 AND p.nummer = $3)
    AS parter,
  (SELECT count(*) FROM registrering r JOIN part p ON p.id = r.part_id
   WHERE p.kommune_cvr = $1 AND p.part_type = $2 AND p.nummer = $3) AS registreringer,
  (SELECT count(*) FROM kontaktadresse a JOIN registrering r ON r.id = a.registrering_id
   JOIN part p ON p.id = r.part_id
   WHERE p.kommune_cvr = $1 AND p.part_type = $2 AND p.nummer = $3) AS adresser,
  (SELECT count(*) FROM kontaktkanal k JOIN registrering r ON r.id = k.registrering_id
   JOIN part p ON p.id = r.part_id
   WHERE p.kommune_cvr = $1 AND p.part_type = $2 AND p.nummer = $3) AS kanaler,
  (SELECT count(*) FROM kontaktform f JOIN registrering r ON r.id = f.registrering_id
   JOIN part p ON p.id = r.part_id
   WHERE p.kommune_cvr = $1 AND p.part_type = $2 AND p.nummer = $3) AS former,
  (SELECT count(*) FROM haendelse h
   WHERE h.kommune_cvr = $1 AND h.part_type = $2 AND h.nummer = $3) AS haendelser
