-- The municipality's feed from a sequence number (inclusive), in order, at most $3 events. The
-- numbers are handed out in commit order without gaps (see kommune in V001), so what this
-- snapshot shows is every committed event from $2 up to the last one it returns. Times as
-- microseconds since the Unix epoch.
-- $1: kommune_cvr
-- $2: the first sequence number wanted (bigint)
-- $3: the most events to return (integer)
SELECT h.sekvensnummer, (extract(epoch FROM h.tidspunkt) * 1000000)::bigint AS tidspunkt_us,
       h.part_type, h.nummer, h.haendelsestype, h.version
FROM haendelse h
WHERE h.kommune_cvr = $1 AND h.sekvensnummer >= $2::bigint
ORDER BY h.sekvensnummer
LIMIT $3::integer
