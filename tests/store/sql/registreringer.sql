-- A part's registrations (as the owner), oldest first: version, lifecycle, note and time (in
-- microseconds since the Unix epoch). $1: kommune_cvr, $2: part_type, $3: nummer
SELECT r.version, r.livscyklus, r.note,
       (extract(epoch FROM r.tidspunkt) * 1000000)::bigint AS tidspunkt_us
FROM registrering r
JOIN part p ON p.id = r.part_id
WHERE p.kommune_cvr = $1 AND p.part_type = $2 AND p.nummer = $3
ORDER BY r.version
