-- Counts what the store holds in one municipality (as the owner): part rows, registrations,
-- addresses, channels, forms, feed events and access-log lines. $1: kommune_cvr
SELECT
  (SELECT count(*) FROM part WHERE kommune_cvr = $1) AS parter,
  (SELECT count(*) FROM registrering WHERE kommune_cvr = $1) AS registreringer,
  (SELECT count(*) FROM kontaktadresse WHERE kommune_cvr = $1) AS adresser,
  (SELECT count(*) FROM kontaktkanal WHERE kommune_cvr = $1) AS kanaler,
  (SELECT count(*) FROM kontaktform WHERE kommune_cvr = $1) AS former,
  (SELECT count(*) FROM haendelse WHERE kommune_cvr = $1) AS haendelser,
  (SELECT count(*) FROM adgangslog WHERE kommune_cvr = $1) AS adgangslog
