-- Slet, second step (after slet_part.sql marked the part SLETTET): deletes every registration of
-- the part -- its addresses, channels and forms go with them (ON DELETE CASCADE) -- so that no
-- contact value of its history is left, and writes the SLETTET event, which carries the part's
-- last version. Returns the number of registrations deleted (one row).
-- $1: kommune_cvr
-- $2: the part's id (uuid text)
-- $3: the part's last version (bigint)
-- $4: the time of the erasure (timestamptz text with microseconds and zone)
WITH slettet AS (
  DELETE FROM registrering WHERE part_id = $2::uuid AND kommune_cvr = $1
  RETURNING id
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
         p.nummer, 'SLETTET', $3::bigint
  FROM part p CROSS JOIN sekvens
  WHERE p.id = $2::uuid AND p.kommune_cvr = $1
)
SELECT count(*) FROM slettet
