-- One part's access log in the municipality, oldest first (ties in insertion order), from $4
-- (inclusive) to $5 (exclusive), at most $6 lines. Answers by the identifier, so also for an
-- erased part. Times as microseconds since the Unix epoch.
-- $1: kommune_cvr
-- $2: part_type ('CPR' | 'CVR')
-- $3: nummer (CPR or CVR number)
-- $4: from (timestamptz text, or NULL: from the start)
-- $5: to (timestamptz text, or NULL: to the end)
-- $6: the most lines to return (integer)
SELECT (extract(epoch FROM l.tidspunkt) * 1000000)::bigint AS tidspunkt_us, l.operation,
       l.user_system_uuid::text AS user_system_uuid, l.user_uuid, l.on_behalf_of_user,
       l.callers_service_call_identifier
FROM adgangslog l
WHERE l.kommune_cvr = $1 AND l.part_type = $2 AND l.nummer = $3
  AND ($4::timestamptz IS NULL OR l.tidspunkt >= $4::timestamptz)
  AND ($5::timestamptz IS NULL OR l.tidspunkt < $5::timestamptz)
ORDER BY l.tidspunkt, l.id
LIMIT $6::integer
